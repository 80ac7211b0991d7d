#pragma once

#include <QByteArray>
#include <QString>

namespace cutover {

// Push notifications (POST /api/v1/feeds/<id>/notify) carry
//   X-Cutover-Signature: sha256=<hex HMAC-SHA256 of the body with the feed's secret>
// verifyHmacSha256 compares in constant time; any malformed header is a mismatch.
[[nodiscard]] bool verifyHmacSha256(const QByteArray &body, const QByteArray &secret,
                                    const QString &signatureHeader);
// The header value a data server sends: "sha256=<64 hex digits>".
[[nodiscard]] QString signHmacSha256(const QByteArray &body, const QByteArray &secret);

} // namespace cutover
