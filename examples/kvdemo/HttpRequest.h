#pragma once

#include <QByteArray>

namespace cutover::kvdemo {

// One parsed HTTP/1.x request. Only what kvdemo routes on is kept; other headers are
// validated for syntax and dropped.
struct HttpRequest
{
    QByteArray method;
    QByteArray target; // origin-form, still percent-encoded, query included
    int minorVersion = 1;
    bool keepAlive = true;
    QByteArray body;

    [[nodiscard]] bool isHead() const { return method == "HEAD"; }
};

} // namespace cutover::kvdemo
