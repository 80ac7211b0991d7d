#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

namespace cutover::test {

// One response as it came over the wire, for the tests that must see the bytes (limits,
// pipelining, the status line) rather than what QNetworkAccessManager makes of them.
struct RawResponse
{
    int status = 0;
    QByteArray head; // status line and headers, without the blank line
    QByteArray body;

    [[nodiscard]] QByteArray header(QByteArrayView name) const
    {
        for (const QByteArray &line : head.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.first(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
                return line.sliced(colon + 1).trimmed();
        }
        return {};
    }
};

// The complete responses at the start of `bytes` (Content-Length framed); what follows an
// incomplete one is left out.
inline QList<RawResponse> parseResponses(QByteArray bytes)
{
    QList<RawResponse> out;
    while (true) {
        const qsizetype end = bytes.indexOf("\r\n\r\n");
        if (end < 0)
            return out;
        RawResponse r;
        r.head = bytes.first(end);
        r.status = r.head.mid(9, 3).toInt();
        const qint64 length = r.header("Content-Length").toLongLong();
        if (bytes.size() < end + 4 + length)
            return out;
        r.body = bytes.mid(end + 4, length);
        out.append(r);
        bytes = bytes.mid(end + 4 + length);
    }
}

// A plain TCP client on loopback that writes what the test says, byte for byte.
class RawHttpClient final
{
public:
    explicit RawHttpClient(quint16 port)
    {
        QSignalSpy connected(&m_socket, &QTcpSocket::connected);
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        connected.wait(10000);
    }

    QTcpSocket &socket() { return m_socket; }
    [[nodiscard]] bool isConnected() const
    {
        return m_socket.state() == QAbstractSocket::ConnectedState;
    }
    void send(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }
    // Everything received so far.
    QByteArray received()
    {
        m_received.append(m_socket.readAll());
        return m_received;
    }
    // Waits, running the event loop (the server lives in this thread), until `count` complete
    // responses arrived, the server closed, or 20 s passed.
    QList<RawResponse> responses(int count = 1)
    {
        QSignalSpy readable(&m_socket, &QTcpSocket::readyRead);
        QList<RawResponse> parsed;
        for (int i = 0; i < 200; ++i) {
            parsed = parseResponses(received());
            if (parsed.size() >= count || m_socket.state() == QAbstractSocket::UnconnectedState)
                break;
            readable.wait(100);
        }
        return parsed;
    }
    // Waits until the server closed the connection (or 20 s passed).
    bool waitClosed()
    {
        QSignalSpy closed(&m_socket, &QTcpSocket::disconnected);
        for (int i = 0; i < 200 && m_socket.state() != QAbstractSocket::UnconnectedState; ++i) {
            closed.wait(100);
            received();
        }
        received();
        return m_socket.state() == QAbstractSocket::UnconnectedState;
    }

private:
    QTcpSocket m_socket;
    QByteArray m_received;
};

} // namespace cutover::test
