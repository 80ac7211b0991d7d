#pragma once

#include "HttpRequest.h"

#include <QByteArray>
#include <QByteArrayView>

namespace cutover::kvdemo {

// Incremental HTTP/1.0 and HTTP/1.1 request parser with Content-Length bodies.
//
// The caller keeps unconsumed bytes in one buffer and passes all of them on every call;
// the parser remembers how far it already scanned, so a request that arrives one byte at
// a time costs linear work. After Complete, `consumed` bytes belong to the request and the
// parser is ready for the next one (pipelining). After Error the connection must be closed:
// the byte stream can no longer be framed.
class HttpRequestParser final
{
public:
    enum class Outcome
    {
        NeedMore,
        Complete,
        Error
    };

    struct Limits
    {
        qsizetype maxHeadBytes = 16 * 1024;
        int maxHeaders = 100;
        qsizetype maxBodyBytes = 1024 * 1024;
    };

    HttpRequestParser() = default;
    explicit HttpRequestParser(Limits limits)
        : m_limits(limits)
    {}

    Outcome parse(QByteArrayView available, qsizetype *consumed);

    // Valid after Complete until the next parse().
    [[nodiscard]] HttpRequest &request() { return m_request; }

    // Valid after Error: the status to answer with and a message naming the problem.
    [[nodiscard]] int errorStatus() const { return m_errorStatus; }
    [[nodiscard]] const QByteArray &errorMessage() const { return m_errorMessage; }

    // True while part of a request has been received (used to decide whether a connection
    // is idle when the server stops).
    [[nodiscard]] bool inRequest() const { return m_headLength > 0 || m_scanned > 0; }

private:
    Outcome fail(int status, QByteArray message);
    bool reject(int status, QByteArray message);
    bool parseHead(QByteArrayView head);
    bool parseRequestLine(QByteArrayView line);
    bool parseHeader(QByteArrayView line, int lineNumber);
    void reset();

    Limits m_limits;
    HttpRequest m_request;
    qsizetype m_scanned = 0;    // bytes of the head already searched for its end
    qsizetype m_headLength = 0; // > 0 once the head is parsed and we wait for the body
    qsizetype m_bodyLength = 0;
    bool m_sawContentLength = false;
    bool m_sawHost = false;
    int m_headerCount = 0;
    int m_errorStatus = 0;
    QByteArray m_errorMessage;
};

} // namespace cutover::kvdemo
