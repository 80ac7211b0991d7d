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
    [[nodiscard]] quint16 port() const;
    [[nodiscard]] qsizetype connectionCount() const { return m_connections.size(); }

    // Emits stopped() once every connection is gone, at the latest after drainMs.
    void stop(int drainMs);

signals:
    void stopped();

private:
    void onNewConnection();
    void onConnectionFinished(HttpConnection *connection);
    void finishStop();

    KvRouter &m_router;
    QTcpServer *m_server;
    QTimer *m_drainTimer;
    QSet<HttpConnection *> m_connections;
    bool m_stopping = false;
    bool m_stopped = false;
};

} // namespace cutover::kvdemo
