#pragma once

namespace cutover {

// What the Supervisor does when an instance exits without being asked to.
// Defaults: restart after 0.5 s, 1 s, 2 s, 4 s ... capped at 30 s; give up when more than 5
// starts happen within 60 s. The delay schedule starts over when an instance ran for at least
// 60 s before it exited.
struct RestartPolicy
{
    bool enabled = true;
    int initialDelayMs = 500;
    double multiplier = 2.0;
    int maxDelayMs = 30000;
    // More than this many starts within startLimitIntervalMs -> give up. <= 0 means no limit.
    int startLimit = 5;
    int startLimitIntervalMs = 60000;
    // An instance that ran this long before exiting counts as healthy: its restart waits
    // initialDelayMs again instead of continuing the exponential schedule.
    int resetAfterMs = 60000;
};

} // namespace cutover
