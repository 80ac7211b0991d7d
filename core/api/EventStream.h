#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <chrono>

QT_BEGIN_NAMESPACE
class QSslError;
class QWebSocket;
QT_END_NAMESPACE

namespace cutover {

// Follows cutoverd's event stream (/api/v1/events) over a WebSocket. Reconnects on its own with
// exponential backoff and resumes with ?since=<last seq seen>, so a daemon restart or a network
// blip loses no event that the daemon still buffers. A refusal by the daemon (HTTP 4xx on the
// upgrade, e.g. 401 for a wrong token, or close code 1008) stops it: retrying cannot help.
class EventStream final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventStream)

public:
    static constexpr std::chrono::milliseconds kDefaultInitialBackoff{250};
    static constexpr std::chrono::milliseconds kDefaultMaxBackoff{10000};

    // `baseUrl` as for ApiClient ("http://127.0.0.1:7878"); http becomes ws, https wss.
    EventStream(QUrl baseUrl, QByteArray token, QObject *parent = nullptr);
    ~EventStream() override;

    // Only events whose data.service is `service` (plus the stream.* notices). Takes effect at
    // the next connection.
    void setServiceFilter(const QString &service) { m_service = service; }
    // Ask for the buffered events after `seq` at the first connection (0: all that are
    // buffered). Default -1: only events published from now on.
    void setResumeFrom(qint64 seq) { m_lastSeq = seq; }
    void setBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds max);
    // For wss, as ApiClient::setPin(): another certificate is a refusal (the stream stops, the
    // token is not sent).
    void setPin(QString fingerprint, QString changedHint)
    {
        m_pin = std::move(fingerprint);
        m_changedHint = std::move(changedHint);
    }

    void start();
    void stop();

    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] bool isConnected() const { return m_connected; }
    // The seq of the last event received; -1 before any.
    [[nodiscard]] qint64 lastSeq() const { return m_lastSeq; }
    // The URL the next connection uses (without the token, which goes in a header).
    [[nodiscard]] QUrl streamUrl() const;

Q_SIGNALS:
    // Every message of the stream. seq is 0 for the stream's own notices ("stream.hello",
    // "stream.gap"). Not called `event`, which would hide QObject::event(QEvent *).
    void eventReceived(const QString &type, const QJsonObject &data, qint64 seq);
    void connectionChanged(bool connected);
    // A failed attempt or a refusal, as a sentence for a status bar or a terminal.
    void errorOccurred(const QString &message);

private:
    void connectNow();
    void onConnected();
    void onDisconnected();
    void onMessage(const QString &text);
    void scheduleReconnect();
    void onSslErrors(QWebSocket *socket, const QList<QSslError> &errors);

    QUrl m_baseUrl;
    QByteArray m_token;
    QString m_service;
    QString m_pin;
    QString m_changedHint;
    QPointer<QWebSocket> m_socket;
    QTimer m_retryTimer;
    std::chrono::milliseconds m_initialBackoff = kDefaultInitialBackoff;
    std::chrono::milliseconds m_maxBackoff = kDefaultMaxBackoff;
    std::chrono::milliseconds m_nextBackoff = kDefaultInitialBackoff;
    qint64 m_lastSeq = -1;
    bool m_running = false;
    bool m_connected = false;
};

} // namespace cutover
