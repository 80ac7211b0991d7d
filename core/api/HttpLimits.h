#pragma once

#include <QtGlobal>

#include <chrono>

namespace cutover {

// What the control API reads from one client before it refuses, enforced while reading so that
// an unauthenticated peer cannot make cutoverd buffer more than these bounds (QtHttpServer 6.4
// buffered request line, headers and body without limit and never timed a client out).
struct HttpLimits
{
    qsizetype maxRequestLineBytes = 8 * 1024; // longer: 414
    qsizetype maxHeaderBytes = 16 * 1024;     // the header lines together; more: 431
    int maxHeaderCount = 100;                 // more: 431
    qint64 maxBodyBytes = 1024 * 1024;        // Content-Length above it: 413, body never read
    // From the first byte of a request (or from the accept, for a fresh connection) until its
    // body is complete; then 408.
    std::chrono::milliseconds requestTimeout{10000};
    // A keep-alive connection with no request in progress is closed after this.
    std::chrono::milliseconds idleTimeout{60000};
    // HTTP connections at once (WebSocket clients are counted by the event hub); more are
    // answered 503 and closed.
    int maxConnections = 64;
    // After a refusal, what is still read and thrown away so that the client sees the answer
    // rather than a reset (a "lingering close"), and for how long.
    qint64 lingerBytes = 1024 * 1024;
    std::chrono::milliseconds lingerTimeout{2000};

    [[nodiscard]] qsizetype maxHeadBytes() const
    {
        // The request line, its line end, the header lines and the blank line.
        return maxRequestLineBytes + 2 + maxHeaderBytes + 2;
    }
};

} // namespace cutover
