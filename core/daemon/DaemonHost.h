#pragma once

#include "common/Error.h"
#include "daemon/Daemon.h"
#include "daemon/SystemdFdStore.h"

#include <QList>
#include <QObject>

#include <memory>

class QSocketNotifier;

namespace cutover {

class Bridge;
class Clock;

// cutoverd's process around its Daemon: the single-instance lock of the data directory and the
// hand-over of the listening sockets between an old and a new cutoverd (docs/daemon-handover.md).
// start() either takes the lock and starts a Daemon, or, when a cutoverd already holds it,
// asks that one to hand over and starts on the sockets it sends. A started host answers
// hand-over requests: it retires its bridges, ends its Daemon (no more registry writes), sends
// the sockets, and once the successor is ready drains and emits finished(); if the successor
// ends first (or at any time before this process exits) it starts a Daemon again on the same
// sockets.
class DaemonHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DaemonHost)

public:
    struct Options
    {
        DaemonOptions daemon;
        int drainMs = 60000;        // how long the old process forwards what it holds
        int takeOverWaitMs = 10000; // how long to look for a running cutoverd's hand-over socket
        QString program; // this binary and its arguments, for `cutoverctl daemon restart`
        QStringList arguments;
    };

    DaemonHost(Options options, const Clock &clock, QObject *parent = nullptr);
    ~DaemonHost() override;

    [[nodiscard]] Status start();
    // True once this process has handed over: it must not tell systemd it stops.
    [[nodiscard]] bool handedOver() const { return m_state != State::Serving; }

Q_SIGNALS:
    // Handed over and drained: the process may exit.
    void finished();

private:
    enum class State
    {
        Serving,     // a Daemon runs here
        HandingOver, // sockets sent, the successor not ready yet
        Retiring,    // the successor serves; this process drains
    };

    // True once taken over; false when the holder went away before it sent anything.
    [[nodiscard]] Result<bool> takeOver(int link);
    [[nodiscard]] Status startDaemon();
    [[nodiscard]] Status serveHandovers();
    void onHandoverRequest();
    void handOver(int link);
    void sendListeners();
    void onLinkReadable();
    void takeBack(const QString &why);
    void onBridgeRetired(Bridge *bridge, int forced);
    void finishIfDrained();
    void closeLink();
    void closePredecessor();
    [[nodiscard]] QString socketPath() const;

    Options m_options;
    const Clock &m_clock;
    State m_state = State::Serving;
    std::unique_ptr<Daemon> m_daemon;
    int m_lockFd = -1;
    int m_serverFd = -1;
    QSocketNotifier *m_serverNotifier = nullptr;
    int m_linkFd = -1; // to the successor, during a hand-over
    QSocketNotifier *m_linkNotifier = nullptr;
    // In a successor, to the predecessor while it drains: its end tells the predecessor that
    // this process died (it takes back), unless "handed_over" said that it handed over in turn.
    int m_predecessorFd = -1;
    QSocketNotifier *m_predecessorNotifier = nullptr;
    QList<Bridge *> m_retiring;
    // Under a service manager: the pool's sockets mirrored in its descriptor store.
    SystemdFdStore m_fdStore;
};

} // namespace cutover
