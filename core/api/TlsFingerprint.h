#pragma once

#include <QList>
#include <QSslConfiguration>
#include <QString>

#include <optional>

QT_BEGIN_NAMESPACE
class QSslCertificate;
class QSslError;
QT_END_NAMESPACE

namespace cutover::tlsfingerprint {

// cutoverd's certificate is self-signed: clients trust it by its SHA-256 fingerprint (pinned on
// first use, like SSH's known hosts), not by a CA or by the names in it. The fingerprint is the
// SHA-256 of the certificate's DER, written as upper-case hex pairs joined by colons, as
// `openssl x509 -noout -fingerprint -sha256` prints it, so that it can be checked by hand.

[[nodiscard]] QString of(const QSslCertificate &certificate);

// What a person typed ("AB:CD:...", "abcd...", with or without "sha256:" / "SHA256 Fingerprint="
// in front) in the canonical form, or nothing when it is not 32 bytes of hex.
[[nodiscard]] std::optional<QString> normalize(const QString &text);

// The client configuration for a pinned connection: no CA is trusted (not even the system's),
// so that every certificate comes with errors and the pin alone decides (see accepts()).
[[nodiscard]] QSslConfiguration pinnedClientConfiguration();

// True when the handshake's errors concern only the pinned certificate: each error names a
// certificate and every one of them has the fingerprint `pin`. The errors are then ignored
// (self-signed, names not matching): the pin replaces CA and name checks.
[[nodiscard]] bool accepts(const QList<QSslError> &errors, const QString &pin);

// The fingerprint of the certificate the errors are about (the peer's leaf), empty if none.
[[nodiscard]] QString presented(const QList<QSslError> &errors);

} // namespace cutover::tlsfingerprint
