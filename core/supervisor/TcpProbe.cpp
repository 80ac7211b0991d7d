#include "supervisor/TcpProbe.h"

#include "supervisor/SocketErrors.h"

#include <QTcpSocket>

namespace cutover {

TcpProbe::TcpProbe(QString host, quint16 port, QObject *parent)
    : ReadinessProbe(parent)
    , m_host(std::move(host))
    , m_port(port)
{}

TcpProbe::~TcpProbe()
{
    dropSocket();
}

QString TcpProbe::describe() const
{
    const QString host = m_host.contains(u':') ? u'[' + m_host + u']' : m_host;
    return QStringLiteral("tcp %1:%2").arg(host).arg(m_port);
}

void TcpProbe::startAttempt()
{
    dropSocket();
    m_socket = new QTcpSocket(this);
    QTcpSocket *socket = m_socket;
    connect(socket, &QTcpSocket::connected, this, [this, socket] {
        socket->abort();
        dropSocket();
        finish(true, QStringLiteral("connected"));
    });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket] {
        const QString why = socketErrorText(*socket);
        dropSocket();
        finish(false, why);
    });
    socket->connectToHost(m_host, m_port);
}

void TcpProbe::abortAttempt()
{
    dropSocket();
}

void TcpProbe::dropSocket()
{
    if (!m_socket)
        return;
    m_socket->disconnect(this);
    m_socket->abort();
    m_socket->deleteLater();
    m_socket = nullptr;
}

} // namespace cutover
