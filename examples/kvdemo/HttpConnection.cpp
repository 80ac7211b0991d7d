#include "HttpConnection.h"

#include <QTcpSocket>
#include <QTimer>

#include <sys/ioctl.h>
#include <sys/socket.h>

namespace cutover::kvdemo {

namespace {

// Stop handling pipelined requests while this much output is unsent, and resume below the
// low mark: a client that pipelines without reading must not make us buffer without bound.
constexpr qint64 HighWaterMark = 4 * 1024 * 1024;
constexpr qint64 LowWaterMark = 1024 * 1024;
constexpr qint64 ReadBufferSize = 256 * 1024;
// After our last response we half-close and read until the peer closes, so that unread
// input does not turn our close into a reset that destroys the response in flight.
constexpr int LingerMs = 2000;

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, Handler handler, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_handler(std::move(handler))
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(ReadBufferSize);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        if (!m_finished) {
            m_finished = true;
            emit finished();
        }
    });
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        QTimer::singleShot(0, this, [this] {
            if (!m_finished) {
                m_finished = true;
                emit finished();
            }
        });
    }
}

void HttpConnection::beginClose(bool waitForFirstRequest)
{
    if (m_closing)
        return;
    // Bytes still in the kernel's receive queue are a request in flight too.
    int unread = 0;
    if (::ioctl(int(m_socket->socketDescriptor()), FIONREAD, &unread) != 0)
        unread = 0;
    const bool idle = m_buffer.size() == m_offset && !m_parser.inRequest() &&
                      m_socket->bytesAvailable() == 0 && unread == 0 &&
                      !(waitForFirstRequest && m_handled == 0);
    if (idle) {
        m_closing = true;
        // An answer still in the socket's buffer was already applied: it must reach the
        // client before the FIN, or a proxy would take the request as unanswered and send it
        // again. onBytesWritten() closes once it is out.
        if (m_socket->bytesToWrite() == 0)
            closeGracefully();
    } else {
        m_closeAfterNext = true;
    }
}

void HttpConnection::abort()
{
    m_closing = true;
    m_socket->abort();
    if (!m_finished) {
        m_finished = true;
        emit finished();
    }
}

void HttpConnection::onReadyRead()
{
    if (m_closing) {
        m_socket->readAll(); // lingering: discard until the peer closes
        return;
    }
    if (m_paused)
        return;
    if (m_offset > 0 && m_offset == m_buffer.size()) {
        m_buffer.clear();
        m_offset = 0;
    }
    m_buffer.append(m_socket->readAll());
    processBuffer();
}

void HttpConnection::onBytesWritten()
{
    if (m_closing) {
        if (m_socket->bytesToWrite() == 0)
            closeGracefully();
        return;
    }
    if (m_paused && m_socket->bytesToWrite() < LowWaterMark) {
        m_paused = false;
        onReadyRead();
    }
}

void HttpConnection::processBuffer()
{
    QByteArray out;
    while (!m_closing) {
        qsizetype used = 0;
        const auto outcome = m_parser.parse(QByteArrayView(m_buffer).sliced(m_offset), &used);
        m_offset += used;
        if (outcome == HttpRequestParser::Outcome::NeedMore)
            break;
        if (outcome == HttpRequestParser::Outcome::Error) {
            HttpResponse::text(m_parser.errorStatus(), m_parser.errorMessage() + '\n')
                .appendTo(out, false, false, false);
            m_closing = true;
            break;
        }
        const HttpRequest &request = m_parser.request();
        const bool keepAlive = request.keepAlive && !m_closeAfterNext;
        ++m_handled;
        m_handler(request).appendTo(out, keepAlive, request.isHead(),
                                    keepAlive && request.minorVersion == 0);
        if (!keepAlive) {
            m_closing = true;
            break;
        }
        if (m_socket->bytesToWrite() + out.size() > HighWaterMark) {
            m_paused = true;
            break;
        }
    }
    // Compact so the buffer holds at most one partial request plus what was read.
    if (m_offset > 0 && m_offset * 2 >= m_buffer.size()) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
    if (!out.isEmpty())
        m_socket->write(out);
    if (m_closing) {
        m_buffer.clear();
        m_offset = 0;
        if (m_socket->bytesToWrite() == 0)
            closeGracefully();
    }
}

void HttpConnection::closeGracefully()
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (m_halfClosed)
        return;
    m_halfClosed = true;
    ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    m_socket->readAll();
    QTimer::singleShot(LingerMs, this, [this] { abort(); });
}

} // namespace cutover::kvdemo
