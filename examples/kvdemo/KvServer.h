#pragma once

#include <QHostAddress>
#include <QObject>
#include <QSet>

#include <expected>

class QTcpServer;
class QTimer;

namespace cutover::kvdemo {

class HttpConnection;
class KvRouter;

// The listening socket and its connections, with the stop protocol: close the port first,
// let each connection finish the request it is in, drop what is left at the deadline.
class KvServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KvServer)

public:
    explicit KvServer(KvRouter &router, QObject *parent = nullptr);

    [[nodiscard]] std::expected<void, QString> listen(const QHostAddress &address, quint16 port);
    // Serves on `fd`, a socket that is already bound and listening (LISTEN_FDS).
    [[nodiscard]] std::expected<void, QString> adopt(int fd);
    [[nodiscard]] quint16 port() const;
    [[nodiscard]] qsizetype connectionCount() const { return m_connections.size(); }

    // Emits stopped() once every connection is gone, at the latest after drainMs.
    void stop(int drainMs);
    // The handoff: takes the connections the kernel has completed, closes the port, lets each
    // connection finish the request it is in (a connection that has not sent its first request
    // yet gets to send it), closes idle ones; emits servingStopped() once every connection is
    // gone, at the latest after drainMs (the rest are dropped unanswered). Nothing is applied
    // after servingStopped(), so the state written then is final. The process stays.
    void stopServing(int drainMs);

signals:
    void stopped();
    void servingStopped();

private:
    void onNewConnection();
    void onConnectionFinished(HttpConnection *connection);
    void finishStop();
    void finishServing();

    KvRouter &m_router;
    QTcpServer *m_server;
    QTimer *m_drainTimer;
    QSet<HttpConnection *> m_connections;
    bool m_stopping = false;
    bool m_stopped = false;
    bool m_notServing = false;
    bool m_servingStoppedSent = false;
};

} // namespace cutover::kvdemo
