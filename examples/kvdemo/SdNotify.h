#pragma once

#include <QByteArray>
#include <QString>

namespace cutover::kvdemo {

// The sending side of the sd_notify protocol: datagrams like "READY=1\nSTATUS=..." to the
// AF_UNIX socket named by NOTIFY_SOCKET ('@' at the start names an abstract address).
class SdNotify final
{
public:
    // Reads NOTIFY_SOCKET; without it every send() is a successful no-op.
    SdNotify();

    [[nodiscard]] bool enabled() const { return !m_address.isEmpty(); }

    // Returns an empty string on success, otherwise what went wrong.
    QString send(const QByteArray &message) const;

private:
    QByteArray m_address;
};

} // namespace cutover::kvdemo
