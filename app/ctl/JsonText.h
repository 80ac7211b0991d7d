#pragma once

#include <QJsonValue>
#include <QString>

namespace cutover::ctl {

// Table cells and summary lines from the daemon's JSON, where a missing value shows as "-".

// A non-empty string as it is, a positive number (an id) in digits, anything else "-".
QString orDash(const QJsonValue &value);
// An array of strings joined with commas; "-" when there are none.
QString joined(const QJsonValue &array);

} // namespace cutover::ctl
