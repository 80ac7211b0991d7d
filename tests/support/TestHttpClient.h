#pragma once

#include <QByteArray>
#include <QHash>
#include <QTcpSocket>

#include <optional>

namespace cutover::test {

struct TestHttpReply
{
    int status = 0;
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;

    [[nodiscard]] QByteArray header(const QByteArray &lowerName) const
    {
        return headers.value(lowerName);
    }
};

// A blocking HTTP/1.1 client for tests that need control over the bytes on the wire
// (pipelining, malformed requests, partial requests).
class TestHttpClient final
{
    Q_DISABLE_COPY_MOVE(TestHttpClient)

public:
    TestHttpClient() = default;

    bool connectTo(quint16 port, int timeoutMs = 10000);
    bool send(const QByteArray &raw);
    // Reads the next response; nullopt on timeout, close or a malformed response (see error).
    // `noBody` for the answer to HEAD, which announces a length but sends no body.
    std::optional<TestHttpReply> read(int timeoutMs = 20000, bool noBody = false);
    // True once the server has closed the connection.
    bool waitForClose(int timeoutMs = 20000);
    // Closes our side (FIN), as a client that is done.
    void close();

    std::optional<TestHttpReply> request(const QByteArray &method, const QByteArray &path,
                                         const QByteArray &body = {});
    [[nodiscard]] QString error() const { return m_error; }

    static QByteArray format(const QByteArray &method, const QByteArray &path,
                             const QByteArray &body = {}, const QByteArray &extraHeaders = {});

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
    QString m_error;
};

// One request on a fresh connection.
std::optional<TestHttpReply> httpRequest(quint16 port, const QByteArray &method,
                                         const QByteArray &path, const QByteArray &body = {});

// True when nothing accepts connections on 127.0.0.1:port.
bool portRefuses(quint16 port);

} // namespace cutover::test
