#include "bridge/HttpBackendPool.h"

#include "bridge/BridgeStats.h"

#include <QSocketNotifier>

#include <unistd.h>

namespace cutover {

HttpBackendPool::HttpBackendPool(BridgeStats &stats, int maxIdle, QObject *parent)
    : QObject(parent)
    , m_stats(stats)
    , m_maxIdle(size_t(std::max(1, maxIdle)))
{}

HttpBackendPool::~HttpBackendPool()
{
    closeAll();
}

int HttpBackendPool::take(const BackendTarget &target)
{
    for (size_t i = m_idle.size(); i-- > 0;) {
        if (m_idle[i].target != target)
            continue;
        const int fd = m_idle[i].fd;
        m_idle[i].watch->setEnabled(false);
        m_idle[i].watch->deleteLater();
        m_idle.erase(m_idle.begin() + qsizetype(i));
        return fd;
    }
    return -1;
}

void HttpBackendPool::give(const BackendTarget &target, int fd)
{
    if (m_idle.size() >= m_maxIdle)
        closeAt(0);
    auto *watch = new QSocketNotifier(fd, QSocketNotifier::Read, this);
    connect(watch, &QSocketNotifier::activated, this, [this, fd] { onIdleReadable(fd); });
    m_idle.push_back(Idle{target, fd, watch});
}

void HttpBackendPool::onIdleReadable(int fd)
{
    // An idle connection has nothing to say: readable means EOF, a reset or bytes nobody
    // asked for. Either way it cannot carry a request any more.
    for (size_t i = 0; i < m_idle.size(); ++i) {
        if (m_idle[i].fd == fd) {
            closeAt(i);
            return;
        }
    }
}

void HttpBackendPool::closeAt(size_t index)
{
    const Idle idle = m_idle[index];
    m_idle.erase(m_idle.begin() + qsizetype(index));
    idle.watch->setEnabled(false);
    idle.watch->deleteLater();
    ::close(idle.fd);
    m_stats.closed(idle.target.generation);
    Q_EMIT closedIdle(idle.target.generation);
}

int HttpBackendPool::closeGeneration(quint64 generation)
{
    int closed = 0;
    for (size_t i = m_idle.size(); i-- > 0;) {
        if (m_idle[i].target.generation == generation) {
            closeAt(i);
            ++closed;
        }
    }
    return closed;
}

void HttpBackendPool::closeAll()
{
    while (!m_idle.empty())
        closeAt(m_idle.size() - 1);
}

int HttpBackendPool::idleCount(quint64 generation) const
{
    int count = 0;
    for (const Idle &idle : m_idle) {
        if (idle.target.generation == generation)
            ++count;
    }
    return count;
}

} // namespace cutover
