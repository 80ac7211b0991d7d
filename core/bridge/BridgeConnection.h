#pragma once

#include <QObject>
#include <QTimer>

#include <memory>

class QSocketNotifier;

namespace cutover {

class BridgeWorker;

// One client connection and its backend connection, on the bridge's I/O thread. Bytes move
// through one fixed buffer per direction with plain recv/send on non-blocking sockets: a full
// buffer stops reading from the sender (backpressure), and an EOF from one side is passed on
// as a half-close (shutdown(SHUT_WR)) once everything before it has been written.
class BridgeConnection final : public QObject
{
    Q_OBJECT
public:
    BridgeConnection(int clientFd, qint64 readyAtMs, BridgeWorker *worker);
    ~BridgeConnection() override;
    Q_DISABLE_COPY_MOVE(BridgeConnection)

    void start();
    // The generation of the backend it forwards to (or is connecting to).
    [[nodiscard]] quint64 generation() const { return m_generation; }
    // When it began forwarding (TunnelClosePacer::monotonicMs()): every forwarded connection
    // of the tcp mode is a byte tunnel; -1 while connecting and once ended.
    [[nodiscard]] qint64 tunnelSinceMs() const { return m_tunnelSinceMs; }
    // Drain timeout: send what can be sent, FIN both sides, then wait for their FIN.
    void closeForced() { closeLingering(true); }
    // Idle timeout: the same close, not counted as forced.
    void closeIdle() { closeLingering(false); }
    // Forwarding, and no byte moved either way since `sinceMs` (BridgeWorker::elapsedMs()).
    [[nodiscard]] bool isIdleSince(qint64 sinceMs) const
    {
        return m_state == State::Forwarding && m_lastActiveMs < sinceMs;
    }
    // Bridge shut down: close both sockets now.
    void closeNow();

private:
    enum class State
    {
        Connecting,
        Forwarding,
        Lingering,
        Finished
    };
    struct Side
    {
        int fd = -1;
        QSocketNotifier *readNotifier = nullptr;
        QSocketNotifier *writeNotifier = nullptr;
        bool readEof = false;
        bool writeShut = false;
    };
    struct Pipe
    {
        std::unique_ptr<char[]> data;
        qsizetype head = 0;
        qsizetype tail = 0;
        qint64 sent = 0;
        // Once a stream turns out to be bulk, bytes go socket -> kernel pipe -> socket with
        // splice(2) and are never copied through user space.
        int pipeRead = -1;
        int pipeWrite = -1;
        qsizetype pipeCapacity = 0;
        qsizetype spliced = 0; // bytes in the kernel pipe
        bool pipeFull = false; // the pipe took less than asked: wait until it drains
        bool spliceUnavailable = false;
        [[nodiscard]] qsizetype fill() const { return tail - head + spliced; }
    };

    void connectBackend();
    void onConnectReady();
    void attemptFailed();
    void startForwarding();
    void setupNotifiers(Side &side);
    void dropNotifiers(Side &side);
    void closeSide(Side &side, bool reset);
    void onClientReadable();
    void onClientWritable();
    void onBackendReadable();
    void onBackendWritable();
    void pumpBoth();
    // false when the connection ended inside.
    bool pump(Pipe &pipe, Side &src, Side &dst, bool toBackend);
    // The figures and the request state after one pump moved `sentNow` / `readNow` bytes.
    void account(Pipe &pipe, bool toBackend, qint64 sentNow, qint64 readNow);
    // The backend ended the connection with a request unanswered (in_flight_on_crash).
    void countLostRequest();
    void maybeStartSplice(Pipe &pipe);
    static void closePipe(Pipe &pipe);
    bool sideFailed(Side &side);
    void retryBackend();
    [[nodiscard]] bool mayRetry() const;
    void updateNotifiers();
    void closeLingering(bool forced);
    void discardUntilEof(Side &side);
    void end(bool forced);
    void release();
    void tunnelEnded();

    BridgeWorker *m_worker;
    const qsizetype m_capacity;
    State m_state = State::Connecting;
    Side m_client;
    Side m_backend;
    Pipe m_up;   // client -> backend
    Pipe m_down; // backend -> client
    quint64 m_generation = 0;
    qint64 m_readyAtMs = 0;
    qint64 m_lastActiveMs = 0;
    int m_attempts = 0;
    qint64 m_receivedFromBackend = 0;
    qint64 m_reportedPeak = 0;
    // Bytes went to the backend and none came back since: a request is outstanding.
    bool m_awaitingReply = false;
    bool m_lostCounted = false;
    bool m_ended = false;
    bool m_releasing = false;
    qint64 m_tunnelSinceMs = -1;
    QTimer m_timer; // connect timeout, then linger timeout
};

} // namespace cutover
