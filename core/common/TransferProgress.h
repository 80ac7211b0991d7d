#pragma once

#include <QElapsedTimer>
#include <QJsonObject>

namespace cutover {

// Bytes, rate and time left of a transfer a person waits for (a release download, an install
// from a path), and when to tell them: at most four events a second, so that a fast transfer
// does not flood the event stream, and always the last one.
class TransferProgress final
{
public:
    // A new transfer of `total` bytes (0: not known yet) starts now.
    void start(qint64 total);
    // Records `done` of `total`; true when an event should go out now.
    [[nodiscard]] bool update(qint64 done, qint64 total);

    [[nodiscard]] qint64 done() const { return m_done; }
    [[nodiscard]] qint64 total() const { return m_total; }
    [[nodiscard]] qint64 bytesPerSecond() const { return m_bytesPerSecond; }
    // received, total, bytes_per_second and, once there is a rate, eta_ms (docs/api.md).
    [[nodiscard]] QJsonObject toJson() const;

private:
    qint64 m_done = 0;
    qint64 m_total = 0;
    qint64 m_bytesPerSecond = 0;
    qint64 m_lastEventMs = 0;
    QElapsedTimer m_time;
};

} // namespace cutover
