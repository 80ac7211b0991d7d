#include "HttpResponse.h"

#include <ctime>

namespace cutover::kvdemo {

namespace {

QByteArrayView reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Content Too Large";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Unknown";
    }
}

// The Date header only changes once a second; formatting it per response would be the
// most expensive part of a small response.
QByteArrayView httpDate()
{
    static std::time_t cachedSecond = 0;
    static char buffer[64] = {};
    const std::time_t now = std::time(nullptr);
    if (now != cachedSecond) {
        cachedSecond = now;
        std::tm tm{};
        gmtime_r(&now, &tm);
        std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    }
    return QByteArrayView(buffer, qsizetype(std::strlen(buffer)));
}

} // namespace

HttpResponse HttpResponse::text(int status, QByteArray body)
{
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

HttpResponse HttpResponse::json(int status, QByteArray body)
{
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.contentType = "application/json";
    return r;
}

void HttpResponse::appendTo(QByteArray &out, bool keepAlive, bool headOnly,
                            bool http10KeepAlive) const
{
    out.append("HTTP/1.1 ").append(QByteArray::number(status)).append(' ');
    out.append(reasonPhrase(status)).append("\r\nDate: ").append(httpDate());
    out.append("\r\nX-Kvdemo-Version: " KVDEMO_VERSION "\r\n");
    // 204 must not carry a body or Content-Length; every other response is framed by it.
    if (status != 204) {
        out.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ");
        out.append(QByteArray::number(body.size())).append("\r\n");
    }
    out.append(extraHeaders);
    if (!keepAlive)
        out.append("Connection: close\r\n");
    else if (http10KeepAlive)
        out.append("Connection: keep-alive\r\n");
    out.append("\r\n");
    if (!headOnly && status != 204)
        out.append(body);
}

} // namespace cutover::kvdemo
