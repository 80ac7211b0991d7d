#pragma once

#include <QtGlobal>

#include <atomic>
#include <mutex>
#include <thread>

namespace cutover::kvdemo {

// Keeps one CPU core busy on a thread of its own for a while, so that tests of cutoverd's
// CPU-based routing conditions have an instance whose CPU share they control; the server's
// event loop keeps answering meanwhile. Only reachable through POST /test/burn when
// KVDEMO_TEST_ENDPOINTS=1 (docs/kvdemo.md).
class CpuBurner final
{
    Q_DISABLE_COPY_MOVE(CpuBurner)

public:
    // The longest burn one request may ask for: a forgotten test must not heat the host for long.
    static constexpr qint64 MaxMs = 10 * 60 * 1000;

    CpuBurner() = default;
    ~CpuBurner();

    // Burns until `ms` from now (0 stops a burn), replacing the deadline of a burn under way.
    void burnFor(qint64 ms);
    [[nodiscard]] bool isBurning() const { return m_burning.load(); }

private:
    void run();

    std::atomic<qint64> m_untilMs{0}; // steady-clock milliseconds
    std::atomic<bool> m_burning{false};
    std::atomic<bool> m_quit{false};
    std::mutex m_mutex; // orders a new deadline against the end of a burn
    std::thread m_thread;
};

} // namespace cutover::kvdemo
