#pragma once

#include <QByteArray>
#include <QObject>
#include <QThread>

#include <atomic>

class QTcpServer;
class QTcpSocket;

namespace cutover::test {

// A backend on its own thread, so that the bridge's thread is not the only one moving bytes.
// Protocol, per line: "big\n" -> kBigSize bytes of the pattern (byte i = i % 251); any other
// line "x\n" -> "<tag>:x\n"; "rst\n" / "drop\n" -> reset / close without answering;
// "bye\n" -> "<tag>:bye\n", then close; "hold\n" -> no answer (until stopConnections()).
class TestBackend final : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kBigSize = 50LL * 1024 * 1024;

    explicit TestBackend(QByteArray tag);
    ~TestBackend() override;
    Q_DISABLE_COPY_MOVE(TestBackend)

    // 0 picks a free port; returns the port, or 0 when listening failed.
    quint16 listen(quint16 port = 0);
    [[nodiscard]] int connectionsSeen() const { return m_connections.load(); }
    [[nodiscard]] int linesSeen() const { return m_lines.load(); }
    // What a stopping backend does to the connections it holds: close them (FIN), or with
    // `reset` abort them (RST), whether or not a request on them is unanswered.
    void stopConnections(bool reset);

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);

    QByteArray m_tag;
    QThread m_thread;
    QTcpServer *m_server = nullptr;
    std::atomic<int> m_connections{0};
    std::atomic<int> m_lines{0};
};

} // namespace cutover::test
