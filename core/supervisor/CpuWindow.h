#pragma once

#include <QtGlobal>

#include <deque>
#include <optional>

namespace cutover {

// CPU time of one instance sampled over time, answering "what share of one CPU did it use over
// the last N ms" for any N up to the retention. The samples are cumulative CPU milliseconds, so
// an average over a window is one subtraction, however many samples it spans; routing
// conditions ("CPU average over 5 minutes above 90 %", the NEC design) read it.
class CpuWindow final
{
public:
    explicit CpuWindow(qint64 retentionMs)
        : m_retentionMs(retentionMs)
    {}

    // `cpuMs` is the cumulative CPU time at monotonic time `atMs`. Samples older than the
    // retention (plus one, so that a full window always has a start) are dropped.
    void add(qint64 atMs, qint64 cpuMs);

    // Percent of one CPU over the last `windowMs` (100 = one core busy). nullopt until two
    // samples exist. When the history is shorter than the window, the average covers what
    // there is; coveredMs() says how much that was.
    [[nodiscard]] std::optional<double> averagePercent(qint64 windowMs) const;
    [[nodiscard]] qint64 coveredMs(qint64 windowMs) const;
    // Percent over the last interval between two samples.
    [[nodiscard]] std::optional<double> lastPercent() const;

private:
    struct Sample
    {
        qint64 atMs = 0;
        qint64 cpuMs = 0;
    };
    [[nodiscard]] const Sample *windowStart(qint64 windowMs) const;

    qint64 m_retentionMs = 0;
    std::deque<Sample> m_samples;
};

} // namespace cutover
