#pragma once

#include "api/Router.h"
#include "common/Error.h"

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QHostAddress>
#include <QPointer>
#include <QSet>
#include <QString>

#include <array>
#include <functional>
#include <optional>

QT_BEGIN_NAMESPACE
class QTcpServer;
class QWebSocket;
QT_END_NAMESPACE

namespace cutover {

class EventHub;

// The control API's HTTP server: routing, bearer-token auth, body cap, error mapping, the
// WebSocket event stream at /api/v1/events and Prometheus /metrics. The domain routes are
// registered on router() by whoever owns the server (core/api/ControlRoutes.cpp).
//
// Every path needs "Authorization: Bearer <token>", /metrics included, unless it was put on the
// allow-list with allowWithoutToken(). Answers are JSON; failures are
//   {"error": "<code>", "message": "<what was wrong>"}
// with Error::Code mapped to the status by apierrors::httpStatus().
class ApiServer final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiServer)

public:
    static constexpr qint64 kDefaultMaxBodyBytes = 1024 * 1024;
    static inline const QString kEventsPath = QStringLiteral("/api/v1/events");
    static inline const QString kMetricsPath = QStringLiteral("/metrics");

    ApiServer(QByteArray token, EventHub &hub, QObject *parent = nullptr);
    ~ApiServer() override;

    [[nodiscard]] Router &router() { return m_router; }

    // Listens on one address; the error names it ("cannot listen on 127.0.0.1:7878: The bound
    // address is already in use"). Port 0 picks a free port, see port().
    [[nodiscard]] Status listen(const QHostAddress &address, quint16 port);
    [[nodiscard]] quint16 port() const;
    [[nodiscard]] QHostAddress address() const;

    // Exact paths served without a token (none by default).
    void allowWithoutToken(const QString &path) { m_anonymousPaths.insert(path); }
    void setMaxBodyBytes(qint64 bytes) { m_maxBodyBytes = bytes; }

    // The daemon's own metrics in Prometheus text format; the server appends its counters.
    void setMetricsProvider(std::function<QByteArray()> provider)
    {
        m_metricsProvider = std::move(provider);
    }
    [[nodiscard]] QByteArray metricsText() const;

    [[nodiscard]] quint64 requestCount(int statusClass) const;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Reply
    {
        int status = 0;
        QByteArray body;
        QByteArray contentType;
        QByteArray allow; // for 405
    };

    Reply dispatch(const QHttpServerRequest &request);
    // A refusal for a WebSocket upgrade request, or status 0 to accept it.
    Reply checkUpgrade(const QHttpServerRequest &request) const;
    Reply errorReply(int status, const QString &errorName, const QString &message) const;
    void send(const QHttpServerRequest &request, QTcpSocket *socket, const Reply &reply);
    [[nodiscard]] bool authorized(QByteArrayView authorizationHeader,
                                  const QString &queryToken) const;
    void acceptWebSockets();
    void acceptWebSocket(std::unique_ptr<QWebSocket> socket);

    QByteArray m_token;
    EventHub &m_hub;
    Router m_router;
    QPointer<QTcpServer> m_tcpServer;
    QSet<QString> m_anonymousPaths;
    qint64 m_maxBodyBytes = kDefaultMaxBodyBytes;
    std::function<QByteArray()> m_metricsProvider;
    std::array<quint64, 6> m_requestsByClass{}; // index = status / 100
    quint64 m_webSocketsRefused = 0;
    std::optional<Reply> m_upgradeRefusal; // from handleRequest() to missingHandler()
};

} // namespace cutover
