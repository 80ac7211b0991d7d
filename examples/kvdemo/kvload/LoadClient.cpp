#include "LoadClient.h"

#include "LoadStats.h"

#include <QTcpSocket>
#include <QTimer>

namespace cutover::kvdemo {

namespace {
constexpr int PauseAfterFailureMs = 20;
}

LoadClient::LoadClient(const Options &options, LoadStats &stats, quint32 seed, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_stats(stats)
    , m_random(seed)
    , m_socket(new QTcpSocket(this))
    , m_timeout(new QTimer(this))
    , m_pause(new QTimer(this))
{
    m_timeout->setSingleShot(true);
    m_pause->setSingleShot(true);
    connect(m_timeout, &QTimer::timeout, this, &LoadClient::onTimeout);
    connect(m_pause, &QTimer::timeout, this, &LoadClient::next);
    connect(m_socket, &QTcpSocket::connected, this, [this] {
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        send();
    });
    connect(m_socket, &QTcpSocket::readyRead, this, &LoadClient::onReadyRead);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &LoadClient::onError);
}

void LoadClient::start()
{
    m_stopping = false;
    next();
}

void LoadClient::stop()
{
    m_stopping = true;
    if (m_state == State::Idle || m_state == State::Pausing) {
        m_pause->stop();
        m_socket->abort();
        m_state = State::Idle;
        emit idle();
    }
}

void LoadClient::next()
{
    if (m_stopping) {
        m_socket->abort();
        m_state = State::Idle;
        emit idle();
        return;
    }
    buildRequest();
    m_retried = false;
    m_started.start();
    m_timeout->start(m_options.timeoutMs);
    if (m_options.keepAlive && m_socket->state() == QAbstractSocket::ConnectedState)
        send();
    else
        connectAndSend();
}

void LoadClient::buildWrite()
{
    m_writeIsDelete = !m_liveKeys.isEmpty() && m_random.generateDouble() < m_options.deleteRatio;
    if (m_writeIsDelete) {
        const qsizetype i = qsizetype(m_random.bounded(quint32(m_liveKeys.size())));
        m_writeKey = m_liveKeys.takeAt(i);
        m_request = "DELETE /kv/" + m_writeKey + " HTTP/1.1\r\nHost: " + m_options.host.toUtf8() +
                    "\r\n" + (m_options.keepAlive ? "" : "Connection: close\r\n") + "\r\n";
        return;
    }
    m_writeKey = m_options.writePrefix + '-' + QByteArray::number(++m_sequence);
    const QByteArray value = "v-" + m_writeKey;
    m_request = "PUT /kv/" + m_writeKey + " HTTP/1.1\r\nHost: " + m_options.host.toUtf8() + "\r\n" +
                (m_options.keepAlive ? "" : "Connection: close\r\n") +
                "Content-Length: " + QByteArray::number(value.size()) + "\r\n\r\n" + value;
}

void LoadClient::recordWrite(int status)
{
    if (m_writeKey.isEmpty())
        return;
    if (status == 204) {
        m_stats.writeLog.append((m_writeIsDelete ? "D " : "P ") + m_writeKey);
        ++(m_writeIsDelete ? m_stats.ackedDeletes : m_stats.ackedPuts);
        if (!m_writeIsDelete)
            m_liveKeys.append(m_writeKey);
    } else if (status == 404 && m_writeIsDelete) {
        m_stats.writeLog.append("L " + m_writeKey);
        ++m_stats.lost;
    } else {
        m_stats.writeLog.append("U " + m_writeKey);
        ++m_stats.uncertain;
    }
    m_writeKey.clear();
}

void LoadClient::buildRequest()
{
    if (!m_options.writePrefix.isEmpty()) {
        buildWrite();
        return;
    }
    const QByteArray key = "key-" + QByteArray::number(m_random.bounded(qMax(1, m_options.keys)));
    const bool put = m_random.generateDouble() < m_options.putRatio;
    m_request = (put ? "PUT /kv/" : "GET /kv/") + key +
                " HTTP/1.1\r\nHost: " + m_options.host.toUtf8() + ':' +
                QByteArray::number(m_options.port) + "\r\n";
    if (!m_options.keepAlive)
        m_request += "Connection: close\r\n";
    if (put) {
        QByteArray value = "v" + QByteArray::number(++m_sequence) + '-';
        value = value.leftJustified(qMax(m_options.valueSize, 0), 'x', true);
        m_request += "Content-Length: " + QByteArray::number(value.size()) + "\r\n\r\n" + value;
    } else {
        m_request += "\r\n";
    }
}

void LoadClient::connectAndSend()
{
    m_socket->abort();
    m_reused = false;
    m_buffer.clear();
    m_parser.reset();
    m_state = State::Connecting;
    m_socket->connectToHost(m_options.host, m_options.port);
}

void LoadClient::send()
{
    m_state = State::Waiting;
    m_socket->write(m_request);
}

void LoadClient::onReadyRead()
{
    m_buffer.append(m_socket->readAll());
    if (m_state != State::Waiting)
        return; // nothing was asked; stray bytes are dropped with the connection later
    qsizetype used = 0;
    const auto outcome = m_parser.parse(m_buffer, &used);
    if (outcome == HttpResponseParser::Outcome::NeedMore)
        return;
    if (outcome == HttpResponseParser::Outcome::Error) {
        failed(&LoadStats::badResponse);
        return;
    }
    m_buffer.remove(0, used);
    m_timeout->stop();
    m_stats.recordLatency(m_started.nsecsElapsed() / 1000);
    const int status = m_parser.status();
    recordWrite(status);
    if (status == 404 && m_writeIsDelete && !m_options.writePrefix.isEmpty()) {
        ++m_stats.http; // an acknowledged key was gone: recorded as lost above
    } else if (status == 404) {
        ++m_stats.ok;
        ++m_stats.notFound;
    } else if (status >= 200 && status < 300) {
        ++m_stats.ok;
    } else {
        ++m_stats.http;
    }
    ++m_stats.versions[m_parser.version().isEmpty() ? QByteArray("unknown") : m_parser.version()];
    const bool keep = m_options.keepAlive && m_parser.keepAlive() && m_buffer.isEmpty();
    m_parser.reset();
    m_state = State::Idle;
    if (keep) {
        m_reused = true;
    } else {
        m_socket->abort();
    }
    if (m_options.intervalMs > 0 && !m_stopping) {
        m_state = State::Pausing;
        m_pause->start(m_options.intervalMs);
        return;
    }
    next();
}

void LoadClient::onError(QAbstractSocket::SocketError error)
{
    if (m_state == State::Connecting) {
        failed(error == QAbstractSocket::ConnectionRefusedError ? &LoadStats::refused
                                                                : &LoadStats::reset);
        return;
    }
    if (m_state != State::Waiting) {
        // An idle kept-alive connection was closed by the server; the next request
        // reconnects.
        if (m_state == State::Idle)
            m_socket->abort();
        return;
    }
    // What browsers do too: a request on a reused connection that the server closed before
    // answering anything is sent again once on a new connection.
    if (m_options.retry && error == QAbstractSocket::RemoteHostClosedError && m_reused &&
        m_buffer.isEmpty() && !m_retried) {
        m_retried = true;
        ++m_stats.retries;
        // Not from inside the socket's error signal: Qt finishes tearing the connection down
        // after this handler returns, which would silently undo a connect started here.
        m_state = State::Connecting;
        QTimer::singleShot(0, this, &LoadClient::connectAndSend);
        return;
    }
    failed(&LoadStats::reset);
}

void LoadClient::onTimeout()
{
    if (m_state == State::Connecting || m_state == State::Waiting)
        failed(&LoadStats::timeout);
}

void LoadClient::failed(qint64 LoadStats::*counter)
{
    ++(m_stats.*counter);
    recordWrite(0);
    m_timeout->stop();
    m_socket->abort();
    m_state = State::Pausing;
    if (m_stopping) {
        next();
        return;
    }
    m_pause->start(PauseAfterFailureMs);
}

} // namespace cutover::kvdemo
