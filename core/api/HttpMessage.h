#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QList>
#include <QPair>
#include <QUrl>

namespace cutover {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// One request as HttpConnection read it: the head (request line and headers) and, once read,
// the body.
struct HttpRequest
{
    QHttpServerRequest::Method method = QHttpServerRequest::Method::Unknown;
    QByteArray methodName; // as sent, for messages about unknown methods
    QByteArray target;     // the request-target as sent ("/api/v1/services?x=1")
    QUrl url;
    int minorVersion = 1; // HTTP/1.<minorVersion>
    HttpHeaders headers;
    qint64 contentLength = 0;
    bool chunked = false; // Transfer-Encoding: chunked (then contentLength is 0)
    QByteArray body;
    QHostAddress remoteAddress;

    // Case-insensitive; the first occurrence; empty when absent.
    [[nodiscard]] QByteArray header(QByteArrayView name) const;
    // Whether a comma-separated header (Connection, Upgrade) lists `token`, case-insensitively.
    [[nodiscard]] bool headerHasToken(QByteArrayView name, QByteArrayView token) const;
    [[nodiscard]] bool isWebSocketUpgrade() const;
    // HTTP/1.1 keeps the connection unless "Connection: close"; HTTP/1.0 only with keep-alive.
    [[nodiscard]] bool keepAlive() const;
};

struct HttpReply
{
    int status = 200;
    HttpHeaders headers; // Content-Length is added by serialize()
    QByteArray body;

    // The bytes QtHttpServer 6.4's QHttpServerResponder wrote for the same answer (status line,
    // the headers in order, Content-Length, blank line, body), so that the API did not change
    // when its transport was replaced.
    [[nodiscard]] QByteArray serialize() const;
};

// "Not Found" for 404; empty for a status without a standard phrase.
[[nodiscard]] QByteArray httpReasonPhrase(int status);

} // namespace cutover
