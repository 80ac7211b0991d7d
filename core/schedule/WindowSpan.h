#pragma once

#include <QDateTime>
#include <QStringList>

namespace cutover {

// A stretch of time [open, close) in which upgrades may start: one occurrence of a window, or
// several overlapping or touching occurrences joined (see WindowCalendar).
struct WindowSpan
{
    QDateTime open;      // UTC
    QDateTime close;     // UTC, exclusive
    QStringList windows; // names of the windows that make up the span, in order of opening

    [[nodiscard]] bool contains(const QDateTime &t) const { return open <= t && t < close; }
    [[nodiscard]] qint64 durationMs() const { return open.msecsTo(close); }

    bool operator==(const WindowSpan &) const = default;
};

} // namespace cutover
