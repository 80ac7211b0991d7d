#pragma once

#include "HttpResponseParser.h"

#include <QAbstractSocket>
#include <QElapsedTimer>
#include <QObject>
#include <QRandomGenerator>

class QTcpSocket;
class QTimer;

namespace cutover::kvdemo {

struct LoadStats;

// One simulated client: sends one request at a time, over a kept-alive connection or a new
// connection per request, and records each outcome in the shared LoadStats.
class LoadClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoadClient)

public:
    struct Options
    {
        QString host = QStringLiteral("127.0.0.1");
        quint16 port = 0;
        bool keepAlive = true;
        double putRatio = 0.3;
        int keys = 1000;
        int valueSize = 32;
        int timeoutMs = 5000;
        // A reused keep-alive connection closed before any response byte: send once more on
        // a new connection (what browsers do). Off for a client that never retries.
        bool retry = true;
        int intervalMs = 0; // pause between a response and the next request
        // Writer mode when not empty: every PUT writes a new key "<prefix>-<n>", some requests
        // DELETE a key this client had acknowledged; outcomes go to LoadStats::writeLog.
        QByteArray writePrefix;
        double deleteRatio = 0.1;
    };

    LoadClient(const Options &options, LoadStats &stats, quint32 seed, QObject *parent = nullptr);

    void start();
    // Lets the request in flight finish (or time out), then emits idle().
    void stop();
    [[nodiscard]] bool isIdle() const { return m_state == State::Idle; }

signals:
    void idle();

private:
    enum class State
    {
        Idle,
        Pausing,
        Connecting,
        Waiting
    };

    void next();
    void buildRequest();
    void buildWrite();
    void recordWrite(int status);
    void connectAndSend();
    void send();
    void onReadyRead();
    void onError(QAbstractSocket::SocketError error);
    void onTimeout();
    // Records a failure, drops the connection and pauses briefly, so that a dead server is
    // not hammered in a tight loop.
    void failed(qint64 LoadStats::*counter);

    Options m_options;
    LoadStats &m_stats;
    QRandomGenerator m_random;
    QTcpSocket *m_socket;
    QTimer *m_timeout;
    QTimer *m_pause;
    HttpResponseParser m_parser;
    QByteArray m_request;
    QByteArray m_buffer;
    QElapsedTimer m_started;
    State m_state = State::Idle;
    quint64 m_sequence = 0;
    bool m_stopping = false;
    bool m_reused = false; // the connection already carried a response
    bool m_retried = false;
    QByteArray m_writeKey; // writer mode: the key of the request in flight
    bool m_writeIsDelete = false;
    QList<QByteArray> m_liveKeys; // acknowledged, not deleted
};

} // namespace cutover::kvdemo
