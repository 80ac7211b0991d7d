#pragma once

#include <QDate>
#include <QDateTime>
#include <QTime>
#include <QTimeZone>

namespace cutover {

// Turns a wall-clock time on a local date into one instant, with the rules of
// docs/maintenance-windows.md: a time skipped by a spring-forward change resolves to the first
// valid instant after the gap, and a time that occurs twice at a fall-back change resolves to
// the first of the two.
class WallTime final
{
public:
    enum class Kind
    {
        Exact,      // the wall time occurs once
        AfterGap,   // it does not exist; resolved to the end of the gap
        FirstOfTwo, // it occurs twice; resolved to the earlier instant
    };

    struct Resolution
    {
        QDateTime instant; // UTC
        Kind kind = Kind::Exact;
    };

    static Resolution resolve(const QTimeZone &zone, QDate date, QTime time);
};

} // namespace cutover
