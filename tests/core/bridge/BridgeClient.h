#pragma once

#include <QByteArray>
#include <QTcpSocket>

#include <memory>

namespace cutover::test {

// How long the bridge tests wait for anything to happen.
inline constexpr int kBridgeWaitMs = 15000;

// A client of the bridge on the test's own thread: it blocks on its socket while the bridge
// and the backends run on theirs. nullptr when the connection cannot be made.
std::unique_ptr<QTcpSocket> connectClient(quint16 port);
// Sends `line` and returns the answer line without its newline, or "<no reply: why>".
QByteArray ask(QTcpSocket &socket, const QByteArray &line);

} // namespace cutover::test
