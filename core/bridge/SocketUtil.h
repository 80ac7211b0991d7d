#pragma once

#include <QtGlobal>

#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace cutover {

// Bytes read from a socket per recv in the http mode.
inline constexpr qsizetype kSocketChunk = 64 * 1024;

// A non-blocking call that may simply be tried again later.
inline bool wouldBlock(int err)
{
    return err == EAGAIN || err == EWOULDBLOCK || err == EINTR;
}

// Small requests and answers go out at once rather than waiting for Nagle.
inline void setNoDelay(int fd)
{
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

} // namespace cutover
