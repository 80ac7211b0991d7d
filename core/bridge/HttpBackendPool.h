#pragma once

#include "bridge/RoutingPolicy.h"

#include <QObject>

#include <vector>

class QSocketNotifier;

namespace cutover {

class BridgeStats;

// Idle keep-alive connections to the backends, for the http mode, one pool per I/O thread.
// A connection comes back after a complete exchange and goes to the next request for the same
// backend; while idle it is watched, and one that the backend closes (or that says anything
// unasked) is closed and forgotten.
class HttpBackendPool final : public QObject
{
    Q_OBJECT
public:
    HttpBackendPool(BridgeStats &stats, int maxIdle, QObject *parent);
    ~HttpBackendPool() override;
    Q_DISABLE_COPY_MOVE(HttpBackendPool)

    // An idle connection to `target` (the most recently used), or -1.
    [[nodiscard]] int take(const BackendTarget &target);
    // Takes ownership of `fd`, an open connection to `target` with no exchange under way.
    void give(const BackendTarget &target, int fd);
    // Closes the idle connections of `generation`; returns how many.
    int closeGeneration(quint64 generation);
    void closeAll();
    [[nodiscard]] int idleCount(quint64 generation) const;

Q_SIGNALS:
    // An idle connection of `generation` was closed (by the backend or by the pool).
    void closedIdle(quint64 generation);

private:
    struct Idle
    {
        BackendTarget target;
        int fd = -1;
        QSocketNotifier *watch = nullptr;
    };

    void closeAt(size_t index);
    void onIdleReadable(int fd);

    BridgeStats &m_stats;
    const size_t m_maxIdle;
    std::vector<Idle> m_idle; // oldest first
};

} // namespace cutover
