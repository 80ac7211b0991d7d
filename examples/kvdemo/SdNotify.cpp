#include "SdNotify.h"

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace cutover::kvdemo {

SdNotify::SdNotify()
    : m_address(qgetenv("NOTIFY_SOCKET"))
{}

QString SdNotify::send(const QByteArray &message) const
{
    if (m_address.isEmpty())
        return {};
    const QString where = QStringLiteral("NOTIFY_SOCKET %1").arg(QString::fromLocal8Bit(m_address));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (m_address.size() >= qsizetype(sizeof addr.sun_path))
        return where +
               QStringLiteral(": address is longer than %1 bytes").arg(sizeof addr.sun_path - 1);
    if (m_address.front() != '/' && m_address.front() != '@')
        return where + QStringLiteral(": not an absolute path or an '@' abstract name");
    std::memcpy(addr.sun_path, m_address.constData(), size_t(m_address.size()));
    if (addr.sun_path[0] == '@')
        addr.sun_path[0] = '\0';
    // Abstract names are not NUL-terminated: the length decides where the name ends.
    const auto length = socklen_t(offsetof(sockaddr_un, sun_path) + size_t(m_address.size()) +
                                  (addr.sun_path[0] == '\0' ? 0 : 1));

    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return where +
               QStringLiteral(": socket: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
    ssize_t sent = -1;
    do {
        sent = ::sendto(fd, message.constData(), size_t(message.size()), MSG_NOSIGNAL,
                        reinterpret_cast<const sockaddr *>(&addr), length);
    } while (sent < 0 && errno == EINTR);
    const int savedErrno = errno;
    ::close(fd);
    if (sent < 0)
        return where + QStringLiteral(": sendto: %1")
                           .arg(QString::fromLocal8Bit(std::strerror(savedErrno)));
    return {};
}

} // namespace cutover::kvdemo
