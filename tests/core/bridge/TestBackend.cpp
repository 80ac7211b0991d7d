#include "TestBackend.h"

#include <QTcpServer>
#include <QTcpSocket>

#include <sys/socket.h>

namespace cutover::test {

TestBackend::TestBackend(QByteArray tag)
    : m_tag(std::move(tag))
{
    moveToThread(&m_thread);
    m_thread.start();
}

TestBackend::~TestBackend()
{
    QMetaObject::invokeMethod(
        this, [this] { qDeleteAll(children()); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

quint16 TestBackend::listen(quint16 port)
{
    quint16 result = 0;
    QMetaObject::invokeMethod(
        this,
        [this, port, &result] {
            m_server = new QTcpServer(this);
            if (!m_server->listen(QHostAddress::LocalHost, port))
                return;
            result = m_server->serverPort();
            connect(m_server, &QTcpServer::newConnection, this, &TestBackend::onNewConnection);
        },
        Qt::BlockingQueuedConnection);
    return result;
}

namespace {

void resetOnClose(QTcpSocket *socket)
{
    const struct linger hard
    {
        1, 0
    };
    ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
}

} // namespace

void TestBackend::stopConnections(bool reset)
{
    QMetaObject::invokeMethod(
        this,
        [this, reset] {
            for (QTcpSocket *socket : findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly)) {
                if (reset)
                    resetOnClose(socket);
                socket->abort();
            }
        },
        Qt::BlockingQueuedConnection);
}

void TestBackend::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        ++m_connections;
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void TestBackend::onReadyRead(QTcpSocket *socket)
{
    while (socket->canReadLine()) {
        const QByteArray line = socket->readLine().chopped(1);
        ++m_lines;
        if (line == "rst" || line == "drop") {
            // A backend that dies with the request unanswered: its kernel resets the
            // connection ("rst") or just closes it ("drop").
            if (line == "rst")
                resetOnClose(socket);
            socket->abort();
            return;
        }
        if (line == "hold")
            continue;
        if (line == "bye") {
            // The answer goes out before the FIN.
            socket->write(m_tag + ':' + line + '\n');
            socket->disconnectFromHost();
            return;
        }
        if (line == "big") {
            QByteArray data(kBigSize, Qt::Uninitialized);
            for (qint64 i = 0; i < kBigSize; ++i)
                data[i] = char(i % 251);
            socket->write(data);
        } else {
            socket->write(m_tag + ':' + line + '\n');
        }
    }
}

} // namespace cutover::test
