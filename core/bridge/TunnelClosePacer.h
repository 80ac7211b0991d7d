#pragma once

#include <QList>
#include <QMutex>
#include <QtGlobal>

namespace cutover {

// Paces the tunnels a drain deadline closes (BridgeOptions::tunnelClosePerSecond), shared by
// the I/O threads of one bridge: a thousand WebSocket clients cut in the same millisecond all
// reconnect to the new generation in the same millisecond, so closes are spread, at most one
// per 1/N s across the whole bridge. Thread-safe; times are on the monotonic clock
// (monotonicMs()), so that the threads agree on them.
class TunnelClosePacer final
{
public:
    // 0: no pacing, every close may happen at once.
    explicit TunnelClosePacer(int perSecond);
    Q_DISABLE_COPY_MOVE(TunnelClosePacer)

    // A new pace, from the next close on (the service's setting changed).
    void setPerSecond(int perSecond);
    // 0: one close may happen now, and is recorded as happening now; otherwise the
    // milliseconds (at least 1) to wait before asking again. Every close that took a slot is
    // at least 1/N s after the one before it, whichever thread made it.
    [[nodiscard]] qint64 take();
    // The monotonic times (ms) of the closes that took a slot, oldest first; the last
    // kKeptCloses only. For the record of a drain and for tests.
    [[nodiscard]] QList<qint64> closeTimes() const;

    [[nodiscard]] static qint64 monotonicMs();
    static constexpr qsizetype kKeptCloses = 4096;

private:
    [[nodiscard]] static qint64 monotonicUs();
    [[nodiscard]] static qint64 intervalUs(int perSecond)
    {
        return perSecond > 0 ? 1000000 / perSecond : 0;
    }

    mutable QMutex m_mutex; // guards the fields below
    qint64 m_intervalUs;
    qint64 m_lastUs = 0;
    bool m_any = false;
    QList<qint64> m_closes; // ms
};

} // namespace cutover
