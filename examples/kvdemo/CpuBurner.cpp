#include "CpuBurner.h"

#include <chrono>

namespace cutover::kvdemo {

namespace {

qint64 nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

CpuBurner::~CpuBurner()
{
    m_quit = true;
    if (m_thread.joinable())
        m_thread.join();
}

void CpuBurner::burnFor(qint64 ms)
{
    const std::lock_guard lock(m_mutex);
    m_untilMs = nowMs() + qBound<qint64>(0, ms, MaxMs);
    if (ms <= 0 || m_burning)
        return;
    if (m_thread.joinable())
        m_thread.join(); // a previous burn that has ended
    m_burning = true;
    m_thread = std::thread([this] { run(); });
}

void CpuBurner::run()
{
    for (;;) {
        // Spin on the clock itself: reading the time is work the compiler cannot drop.
        while (!m_quit && nowMs() < m_untilMs)
            ;
        // A deadline moved while the loop ended keeps the burn going.
        const std::lock_guard lock(m_mutex);
        if (m_quit || nowMs() >= m_untilMs) {
            m_burning = false;
            return;
        }
    }
}

} // namespace cutover::kvdemo
