#include "BridgeClient.h"

#include <QHostAddress>

namespace cutover::test {

std::unique_ptr<QTcpSocket> connectClient(quint16 port)
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QHostAddress::LocalHost, port);
    if (!socket->waitForConnected(kBridgeWaitMs))
        return nullptr;
    return socket;
}

QByteArray ask(QTcpSocket &socket, const QByteArray &line)
{
    socket.write(line + '\n');
    socket.waitForBytesWritten(kBridgeWaitMs);
    while (!socket.canReadLine()) {
        if (!socket.waitForReadyRead(kBridgeWaitMs))
            return "<no reply: " + socket.errorString().toUtf8() + '>';
    }
    return socket.readLine().chopped(1);
}

} // namespace cutover::test
