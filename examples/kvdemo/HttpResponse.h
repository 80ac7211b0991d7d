#pragma once

#include <QByteArray>

namespace cutover::kvdemo {

struct HttpResponse
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "text/plain; charset=utf-8";
    QByteArray extraHeaders; // complete "Name: value\r\n" lines

    static HttpResponse text(int status, QByteArray body);
    static HttpResponse json(int status, QByteArray body);

    // Appends the serialized response to `out`. Every response carries X-Kvdemo-Version so
    // that a load generator can tell which release answered.
    void appendTo(QByteArray &out, bool keepAlive, bool headOnly, bool http10KeepAlive) const;
};

} // namespace cutover::kvdemo
