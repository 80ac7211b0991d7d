#pragma once

#include <QObject>
#include <QThread>

#include <atomic>

class QTcpServer;
class QTcpSocket;

namespace cutover::test {

// A QTcpServer on its own thread, the base of the bridge tests' backends, so that the bridge's
// thread is not the only one moving bytes. Every accepted socket is this object's child; its
// readyRead calls onReadyRead() on that thread.
class ThreadedTcpServer : public QObject
{
    Q_OBJECT
public:
    ThreadedTcpServer();
    ~ThreadedTcpServer() override;
    Q_DISABLE_COPY_MOVE(ThreadedTcpServer)

    // 0 picks a free port; returns the port, or 0 when listening failed.
    quint16 listen(quint16 port = 0);
    [[nodiscard]] int connectionsSeen() const { return m_connections.load(); }

protected:
    // Deletes the sockets and stops the thread; the most derived destructor calls it first,
    // so that no slot runs on a half-destroyed object.
    void stop();
    virtual void onReadyRead(QTcpSocket *socket) = 0;

private:
    void onNewConnection();

    QThread m_thread;
    QTcpServer *m_server = nullptr;
    std::atomic<int> m_connections{0};
};

} // namespace cutover::test
