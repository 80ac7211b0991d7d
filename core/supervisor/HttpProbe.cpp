#include "supervisor/HttpProbe.h"

#include "supervisor/SocketErrors.h"

#include <QTcpSocket>

namespace cutover {

namespace {

// A status line longer than this is not HTTP.
constexpr qsizetype kMaxStatusLine = 8192;

} // namespace

HttpProbe::HttpProbe(QString host, quint16 port, QString path, QObject *parent)
    : ReadinessProbe(parent)
    , m_host(std::move(host))
    , m_port(port)
    , m_path(path.startsWith(u'/') ? std::move(path) : u'/' + path)
{}

HttpProbe::~HttpProbe()
{
    dropSocket();
}

QString HttpProbe::describe() const
{
    const QString host = m_host.contains(u':') ? u'[' + m_host + u']' : m_host;
    return QStringLiteral("http GET %1:%2%3").arg(host).arg(m_port).arg(m_path);
}

void HttpProbe::startAttempt()
{
    dropSocket();
    m_buffer.clear();
    m_socket = new QTcpSocket(this);
    QTcpSocket *socket = m_socket;
    connect(socket, &QTcpSocket::connected, this, [this, socket] {
        const QString host = m_host.contains(u':') ? u'[' + m_host + u']' : m_host;
        const QByteArray request = "GET " + m_path.toUtf8() +
                                   " HTTP/1.0\r\nHost: " + host.toUtf8() + ':' +
                                   QByteArray::number(m_port) +
                                   "\r\nUser-Agent: cutover-readiness\r\nConnection: "
                                   "close\r\n\r\n";
        socket->write(request);
    });
    connect(socket, &QTcpSocket::readyRead, this, &HttpProbe::onReadyRead);
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket] {
        // The server may answer and close at once; use what arrived first.
        onReadyRead();
        if (!m_socket)
            return;
        const QString why = socket->error() == QAbstractSocket::RemoteHostClosedError
                                ? QStringLiteral("connection closed before a status line")
                                : socketErrorText(*socket);
        dropSocket();
        finish(false, why);
    });
    socket->connectToHost(m_host, m_port);
}

void HttpProbe::onReadyRead()
{
    if (!m_socket)
        return;
    m_buffer += m_socket->readAll();
    const qsizetype eol = m_buffer.indexOf("\r\n");
    if (eol < 0) {
        if (m_buffer.size() > kMaxStatusLine) {
            dropSocket();
            finish(false,
                   QStringLiteral("no HTTP status line in the first %1 bytes").arg(kMaxStatusLine));
        }
        return;
    }
    const QByteArray line = m_buffer.left(eol);
    dropSocket();
    const QList<QByteArray> parts = line.split(' ');
    bool ok = false;
    const int code = parts.size() >= 2 ? parts.at(1).toInt(&ok) : 0;
    if (!line.startsWith("HTTP/") || !ok) {
        finish(
            false,
            QStringLiteral("not an HTTP status line: '%1'").arg(QString::fromUtf8(line.left(80))));
        return;
    }
    const QString status = QString::fromUtf8(line.mid(line.indexOf(' ') + 1));
    finish(code >= 200 && code < 300, status);
}

void HttpProbe::abortAttempt()
{
    dropSocket();
}

void HttpProbe::dropSocket()
{
    if (!m_socket)
        return;
    m_socket->disconnect(this);
    m_socket->abort();
    m_socket->deleteLater();
    m_socket = nullptr;
}

} // namespace cutover
