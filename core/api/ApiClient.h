#pragma once

#include "common/Error.h"

#include <QByteArray>
#include <QJsonValue>
#include <QObject>
#include <QString>
#include <QUrl>

#include <chrono>
#include <functional>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
class QNetworkReply;
QT_END_NAMESPACE

namespace cutover {

// Client of the control API, for cutoverctl and the console. Every answer arrives as a
// Result: a 2xx body as JSON (null when empty, a string when the server sent another format),
// anything else as a cutover::Error carrying the server's code and message.
class ApiClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiClient)

public:
    enum class Method
    {
        Get,
        Post,
        Put,
        Patch,
        Delete
    };
    using Done = std::function<void(Result<QJsonValue>)>;
    using BytesDone = std::function<void(Result<QByteArray>)>;

    static constexpr std::chrono::milliseconds kDefaultTimeout{30000};

    // `baseUrl`: scheme, host and port only ("http://127.0.0.1:7878").
    ApiClient(QUrl baseUrl, QByteArray token, QObject *parent = nullptr);
    ~ApiClient() override;

    // Reads <dir>/cutoverd.json (see ApiEndpoint) and <dir>/api-token. The client is owned by
    // `parent`, or by the caller when `parent` is null.
    [[nodiscard]] static Result<ApiClient *> fromDataDir(const QString &dir,
                                                         QObject *parent = nullptr);

    // `path` is absolute and may carry a query: "/api/v1/runs?limit=20". A null or undefined
    // `body` sends none. `done` runs once, on this object's thread, unless the client is
    // destroyed first.
    void request(Method method, const QString &path, const QJsonValue &body, Done done);

    // GET whose 2xx body is handed over byte for byte, whatever its content type (reports as
    // zip, HTML, CSV); errors as for request().
    void download(const QString &path, BytesDone done);

    // Blocks in a local event loop until the answer or the timeout; for the command line.
    [[nodiscard]] Result<QJsonValue> requestSync(Method method, const QString &path,
                                                 const QJsonValue &body = QJsonValue::Undefined);

    // Without progress for this long, a request fails with Error::Code::Timeout.
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    [[nodiscard]] QUrl baseUrl() const { return m_baseUrl; }
    [[nodiscard]] QByteArray token() const { return m_token; }

    [[nodiscard]] static QByteArray methodName(Method method);

private:
    Result<QJsonValue> interpret(QNetworkReply *reply, Method method, const QString &path) const;

    QUrl m_baseUrl;
    QByteArray m_token;
    QNetworkAccessManager *m_network;
    std::chrono::milliseconds m_timeout = kDefaultTimeout;
};

} // namespace cutover
