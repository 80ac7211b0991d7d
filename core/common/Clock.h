#pragma once

#include <QDateTime>

namespace cutover {

// Wall-clock time behind an interface, so that schedules, backoff and journal timestamps can
// be driven in virtual time by tests (tests/support/FakeClock.h).
class Clock
{
public:
    virtual ~Clock() = default;
    // Current time in UTC.
    [[nodiscard]] virtual QDateTime now() const = 0;
    [[nodiscard]] qint64 nowMs() const { return now().toMSecsSinceEpoch(); }
    // The real milliseconds a timer must wait for `clockMs` of this clock's time to pass: the
    // same for the system clock, fewer for a virtual clock that runs faster (VirtualClock).
    // Schedules (window openings, feed polls, retries) arm their timers with it.
    [[nodiscard]] virtual qint64 timerMs(qint64 clockMs) const { return clockMs; }
};

class SystemClock final : public Clock
{
public:
    [[nodiscard]] QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

} // namespace cutover
