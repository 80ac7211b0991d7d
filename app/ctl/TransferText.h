#pragma once

#include <QJsonObject>
#include <QString>

namespace cutover::ctl {

// How cutoverctl writes a transfer in progress (a feed's "download" object: version,
// received, total, bytes_per_second, eta_ms) on one line:
// "1.1.0: 12.5 MiB of 166.0 MiB (7%), 45.2 MiB/s, 4 s left".
[[nodiscard]] QString transferLine(const QJsonObject &download);
[[nodiscard]] QString byteText(qint64 bytes);

} // namespace cutover::ctl
