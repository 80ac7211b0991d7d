#include "api/ApiServer.h"

#include "api/ApiErrors.h"
#include "api/EventHub.h"
#include "api/TokenStore.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

namespace cutover {

namespace {

const QByteArray kJson = QByteArrayLiteral("application/json");
const QByteArray kPrometheus = QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8");
constexpr int kCloseGraceMs = 5000;

QByteArray headerValue(const QList<QPair<QByteArray, QByteArray>> &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray bearerToken(QByteArrayView authorization)
{
    const QByteArrayView scheme("Bearer ");
    const QByteArrayView trimmed = authorization.trimmed();
    if (trimmed.size() <= scheme.size() ||
        trimmed.first(scheme.size()).compare(scheme, Qt::CaseInsensitive) != 0)
        return {};
    return trimmed.sliced(scheme.size()).trimmed().toByteArray();
}

QString methodList(const QList<QHttpServerRequest::Method> &methods)
{
    QStringList names;
    for (const auto m : methods)
        names.append(ApiRequest::methodName(m));
    names.sort();
    return names.join(QStringLiteral(", "));
}

QByteArray encodeJson(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    // A scalar: QJsonDocument holds only containers, so serialise it inside one and unwrap.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

void refuseWebSocket(QWebSocket *socket, const QString &why)
{
    QObject::connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(kCloseGraceMs, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
    socket->close(QWebSocketProtocol::CloseCodePolicyViolated, why);
}

} // namespace

ApiServer::ApiServer(QByteArray token, EventHub &hub, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_token(std::move(token))
    , m_hub(hub)
{
    Q_ASSERT_X(!m_token.isEmpty(), "ApiServer", "an empty token would let anyone in");
    // QtHttpServer 6.4 upgrades a WebSocket request on any path, and only when this signal is
    // connected; the path and the token are checked on the upgraded socket.
    connect(this, &QAbstractHttpServer::newWebSocketConnection, this, &ApiServer::acceptWebSockets);
}

ApiServer::~ApiServer() = default;

Status ApiServer::listen(const QHostAddress &address, quint16 port)
{
    if (m_tcpServer)
        return fail(Error::conflict(QStringLiteral("the control API already listens on %1:%2")
                                        .arg(m_tcpServer->serverAddress().toString())
                                        .arg(m_tcpServer->serverPort())));
    auto *server = new QTcpServer(this);
    if (!server->listen(address, port)) {
        const QString why = server->errorString();
        delete server;
        return fail(Error::io(QStringLiteral("cannot listen on %1:%2 for the control API: %3")
                                  .arg(address.toString())
                                  .arg(port)
                                  .arg(why)));
    }
    m_tcpServer = server;
    bind(server);
    return {};
}

quint16 ApiServer::port() const
{
    return m_tcpServer ? m_tcpServer->serverPort() : 0;
}

QHostAddress ApiServer::address() const
{
    return m_tcpServer ? m_tcpServer->serverAddress() : QHostAddress();
}

bool ApiServer::authorized(QByteArrayView authorizationHeader, const QString &queryToken) const
{
    const QByteArray given =
        authorizationHeader.isEmpty() ? queryToken.toUtf8() : bearerToken(authorizationHeader);
    return TokenStore::equalConstantTime(m_token, given);
}

ApiServer::Reply ApiServer::errorReply(int status, const QString &errorName,
                                       const QString &message) const
{
    return {status, apierrors::errorBody(errorName, message), kJson, {}};
}

ApiServer::Reply ApiServer::dispatch(const QHttpServerRequest &request)
{
    const QUrl url = request.url();
    const QString encodedPath = url.path(QUrl::FullyEncoded);
    const QString path = url.path(QUrl::FullyDecoded);
    const auto method = request.method();
    const auto headers = request.headers();

    if (!m_anonymousPaths.contains(path) &&
        !authorized(headerValue(headers, "Authorization"), QString()))
        return errorReply(401, QStringLiteral("unauthorized"),
                          QStringLiteral("missing or wrong bearer token"));

    if (request.body().size() > m_maxBodyBytes)
        return errorReply(413, QStringLiteral("payload_too_large"),
                          QStringLiteral("request body of %1 bytes exceeds the limit of %2 bytes")
                              .arg(request.body().size())
                              .arg(m_maxBodyBytes));

    if (path == kMetricsPath) {
        if (method != QHttpServerRequest::Method::Get)
            return {405,
                    apierrors::errorBody(QStringLiteral("method_not_allowed"),
                                         QStringLiteral("%1 %2 is not allowed; use GET")
                                             .arg(ApiRequest::methodName(method), path)),
                    kJson, QByteArrayLiteral("GET")};
        return {200, metricsText(), kPrometheus, {}};
    }

    const Router::Lookup lookup = m_router.find(method, encodedPath);
    switch (lookup.outcome) {
    case Router::Lookup::Outcome::NoSuchPath:
        return errorReply(
            404, QStringLiteral("not_found"),
            QStringLiteral("no route for %1 %2").arg(ApiRequest::methodName(method), path));
    case Router::Lookup::Outcome::WrongMethod: {
        const QString allowed = methodList(lookup.allowed);
        Reply reply = errorReply(405, QStringLiteral("method_not_allowed"),
                                 QStringLiteral("%1 %2 is not allowed; allowed: %3")
                                     .arg(ApiRequest::methodName(method), path, allowed));
        reply.allow = allowed.toLatin1();
        return reply;
    }
    case Router::Lookup::Outcome::Found:
        break;
    }

    ApiRequest apiRequest(method, path, request.query(), headers, request.body(),
                          request.remoteAddress());
    apiRequest.setParams(lookup.params);
    const Result<ApiResponse> result = lookup.handler(apiRequest);
    if (!result) {
        const Error &error = result.error();
        return errorReply(apierrors::httpStatus(error.code), error.codeName(), error.message);
    }
    if (!result->contentType.isEmpty())
        return {result->status, result->rawBody, result->contentType, {}};
    if (result->body.isUndefined())
        return {result->status, {}, {}, {}};
    return {result->status, encodeJson(result->body), kJson, {}};
}

void ApiServer::send(const QHttpServerRequest &request, QTcpSocket *socket, const Reply &reply)
{
    const int statusClass = reply.status / 100;
    if (statusClass >= 1 && statusClass < int(m_requestsByClass.size()))
        ++m_requestsByClass[size_t(statusClass)];

    QHttpServerResponder responder = makeResponder(request, socket);
    const auto status = static_cast<QHttpServerResponder::StatusCode>(reply.status);
    const QByteArray noStore = QByteArrayLiteral("no-store");
    if (reply.status == 401) {
        responder.write(reply.body,
                        {{"Content-Type", reply.contentType},
                         {"Cache-Control", noStore},
                         {"WWW-Authenticate", QByteArrayLiteral("Bearer realm=\"cutoverd\"")}},
                        status);
    } else if (!reply.allow.isEmpty()) {
        responder.write(reply.body,
                        {{"Content-Type", reply.contentType},
                         {"Cache-Control", noStore},
                         {"Allow", reply.allow}},
                        status);
    } else if (reply.contentType.isEmpty()) {
        responder.write(QByteArray(), {{"Cache-Control", noStore}}, status);
    } else {
        responder.write(reply.body,
                        {{"Content-Type", reply.contentType}, {"Cache-Control", noStore}}, status);
    }
}

ApiServer::Reply ApiServer::checkUpgrade(const QHttpServerRequest &request) const
{
    const QUrl url = request.url();
    const QUrlQuery query(url);
    if (!authorized(headerValue(request.headers(), "Authorization"),
                    query.queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded)))
        return errorReply(401, QStringLiteral("unauthorized"),
                          QStringLiteral("missing or wrong bearer token"));
    if (url.path() != kEventsPath)
        return errorReply(404, QStringLiteral("not_found"),
                          QStringLiteral("no WebSocket endpoint at %1; the event stream is %2")
                              .arg(url.path(), kEventsPath));
    // A malformed ?since= is refused after the upgrade, with a close reason: QtWebSockets
    // clients report a 400 on the handshake only as "unknown error".
    return {};
}

bool ApiServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // QtHttpServer 6.4 asks handleRequest() whether to accept a WebSocket upgrade: true (with
    // nothing written) upgrades, false calls missingHandler() and then drops the connection.
    // That lets the token be checked before any WebSocket exists.
    if (headerValue(request.headers(), "Upgrade").compare("websocket", Qt::CaseInsensitive) == 0) {
        Reply refusal = checkUpgrade(request);
        if (refusal.status == 0)
            return true;
        ++m_webSocketsRefused;
        m_upgradeRefusal = std::move(refusal);
        return false;
    }
    send(request, socket, dispatch(request));
    return true;
}

void ApiServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (m_upgradeRefusal) {
        const Reply refusal = *std::exchange(m_upgradeRefusal, std::nullopt);
        send(request, socket, refusal);
        return;
    }
    // handleRequest() answers everything else; this is only reached if QtHttpServer changes.
    send(request, socket,
         errorReply(404, QStringLiteral("not_found"),
                    QStringLiteral("no route for %1 %2")
                        .arg(ApiRequest::methodName(request.method()), request.url().path())));
}

void ApiServer::acceptWebSockets()
{
    while (hasPendingWebSocketConnections())
        acceptWebSocket(nextPendingWebSocketConnection());
}

void ApiServer::acceptWebSocket(std::unique_ptr<QWebSocket> socket)
{
    if (!socket)
        return;
    // handleRequest() vetted the upgrade already; the checks are repeated on the socket so that
    // a QtHttpServer that upgrades without asking cannot let an unauthenticated client in.
    const QUrl url = socket->requestUrl();
    const QUrlQuery query(url);
    const QByteArray header = socket->request().rawHeader("Authorization");
    if (!authorized(header, query.queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded))) {
        ++m_webSocketsRefused;
        socket->setParent(this);
        refuseWebSocket(socket.release(), QStringLiteral("missing or wrong bearer token"));
        return;
    }
    if (url.path() != kEventsPath) {
        ++m_webSocketsRefused;
        socket->setParent(this);
        refuseWebSocket(socket.release(),
                        QStringLiteral("no WebSocket endpoint at %1; the event stream is %2")
                            .arg(url.path(), kEventsPath));
        return;
    }
    std::optional<qint64> since;
    if (query.hasQueryItem(QStringLiteral("since"))) {
        bool ok = false;
        const QString text = query.queryItemValue(QStringLiteral("since"), QUrl::FullyDecoded);
        const qint64 value = text.toLongLong(&ok);
        if (!ok || value < 0) {
            ++m_webSocketsRefused;
            socket->setParent(this);
            refuseWebSocket(
                socket.release(),
                QStringLiteral("since must be a whole number >= 0, got '%1'").arg(text));
            return;
        }
        since = value;
    }
    const QString service = query.queryItemValue(QStringLiteral("service"), QUrl::FullyDecoded);
    m_hub.attach(std::move(socket), service, since);
}

quint64 ApiServer::requestCount(int statusClass) const
{
    if (statusClass < 1 || statusClass >= int(m_requestsByClass.size()))
        return 0;
    return m_requestsByClass[size_t(statusClass)];
}

QByteArray ApiServer::metricsText() const
{
    QByteArray out;
    if (m_metricsProvider) {
        out = m_metricsProvider();
        if (!out.isEmpty() && !out.endsWith('\n'))
            out.append('\n');
    }
    out.append("# HELP cutover_api_requests_total HTTP requests answered by the control API, by "
               "status class.\n"
               "# TYPE cutover_api_requests_total counter\n");
    for (int c = 1; c < int(m_requestsByClass.size()); ++c)
        out.append("cutover_api_requests_total{class=\"" + QByteArray::number(c) + "xx\"} " +
                   QByteArray::number(m_requestsByClass[size_t(c)]) + '\n');
    out.append("# HELP cutover_api_websocket_clients Clients connected to the event stream.\n"
               "# TYPE cutover_api_websocket_clients gauge\n"
               "cutover_api_websocket_clients " +
               QByteArray::number(m_hub.clientCount()) + '\n');
    out.append("# HELP cutover_api_websocket_refused_total WebSocket upgrades refused (token, "
               "path or parameters).\n"
               "# TYPE cutover_api_websocket_refused_total counter\n"
               "cutover_api_websocket_refused_total " +
               QByteArray::number(m_webSocketsRefused) + '\n');
    out.append("# HELP cutover_api_events_published_total Events published on the event stream "
               "since cutoverd started.\n"
               "# TYPE cutover_api_events_published_total counter\n"
               "cutover_api_events_published_total " +
               QByteArray::number(m_hub.publishedTotal()) + '\n');
    return out;
}

} // namespace cutover
