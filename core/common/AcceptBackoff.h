#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

namespace cutover {

// A listener left alone for a while (a bridge's, the control API's): the process is out of
// descriptors (the kernel said EMFILE, ENFILE, ENOBUFS or ENOMEM) or, for a bridge, the next
// one would lie in the reserve kept for the rest of cutoverd (DescriptorReserve). The clients
// wait in the kernel's backlog meanwhile; the back-off doubles from kMin to kMax while the
// shortage lasts, so a listener that stays readable costs no spinning, and a freed descriptor
// is used within kMax.
class AcceptBackoff final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AcceptBackoff)

public:
    static constexpr std::chrono::milliseconds kMin{50};
    static constexpr std::chrono::milliseconds kMax{1000};

    // `resume` runs on this object's thread when a back-off ends.
    AcceptBackoff(std::function<void()> resume, QObject *parent);

    [[nodiscard]] bool active() const { return m_timer.isActive(); }
    // Stops accepting for the current back-off, then doubles it.
    void start();
    // Accepting worked again: the next shortage starts with the shortest back-off.
    void reset() { m_next = kMin; }
    // The listener is gone: a back-off under way ends without resuming.
    void cancel() { m_timer.stop(); }
    // Times accepting was stopped for want of descriptors.
    [[nodiscard]] quint64 pauses() const { return m_pauses; }

private:
    std::function<void()> m_resume;
    QTimer m_timer;
    std::chrono::milliseconds m_next = kMin;
    quint64 m_pauses = 0;
};

} // namespace cutover
