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

// HTTP through the bridge's http mode.
struct Reply
{
    int status = 0; // 0: no reply (closed or timed out)
    QByteArray head;
    QByteArray body;
};
// Reads one response (Content-Length bodies; none for HEAD, 1xx, 204, 304).
Reply readReply(QTcpSocket &socket, bool headRequest = false, int waitMs = kBridgeWaitMs);
Reply exchange(QTcpSocket &socket, const QByteArray &request, bool headRequest = false);
// "GET path HTTP/1.1" with Host: host.
QByteArray get(const QByteArray &path, const QByteArray &host = "test");

} // namespace cutover::test
