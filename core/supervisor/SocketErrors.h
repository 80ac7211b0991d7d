#pragma once

#include <QAbstractSocket>
#include <QString>

namespace cutover {

// Short lower-case reasons for probe details ("tcp 127.0.0.1:4000: connection refused").
inline QString socketErrorText(const QAbstractSocket &socket)
{
    switch (socket.error()) {
    case QAbstractSocket::ConnectionRefusedError:
        return QStringLiteral("connection refused");
    case QAbstractSocket::RemoteHostClosedError:
        return QStringLiteral("connection closed by the instance");
    case QAbstractSocket::HostNotFoundError:
        return QStringLiteral("host not found");
    case QAbstractSocket::SocketTimeoutError:
        return QStringLiteral("timed out");
    default:
        return socket.errorString();
    }
}

} // namespace cutover
