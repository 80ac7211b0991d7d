#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QObject>

namespace cutover {

class DaemonConnection;

// What the register dialog asks cutoverd for, in order: the service, then optionally its first
// release, its feed, and a start.
struct RegistrationRequest
{
    QJsonObject service; // the body of POST /api/v1/services
    QString releaseVersion;
    QString releasePath; // empty: no release
    QString feedUrl;     // empty: no feed
    QString feedKey;
    bool start = false;

    [[nodiscard]] QString name() const { return service.value(QStringLiteral("name")).toString(); }
};

// Carries out a RegistrationRequest through the API. A step that cutoverd refuses stops the
// sequence with its message; run() again continues with that step, so that a registered service
// is never registered twice.
class ServiceRegistrar final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceRegistrar)

public:
    enum class Step
    {
        Register,
        InstallRelease,
        AddFeed,
        Start,
        Done
    };
    Q_ENUM(Step)

    explicit ServiceRegistrar(DaemonConnection &connection, QObject *parent = nullptr);
    ~ServiceRegistrar() override;

    void run(const RegistrationRequest &request);
    [[nodiscard]] Step step() const { return m_step; }
    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] bool isRegistered() const { return m_step != Step::Register; }
    // The feed's push secret, returned once by cutoverd when the feed was added.
    [[nodiscard]] QString hmacSecret() const { return m_hmacSecret; }
    [[nodiscard]] QJsonObject feed() const { return m_feed; }

Q_SIGNALS:
    void progress(const QString &text);
    // A sentence saying which step failed and cutoverd's reason.
    void failed(const QString &message);
    void finished(const QString &service);

private:
    void next();
    void advance(Step step);
    void stop(const QString &message);
    void installFailed(const QString &why);
    void followInstall(const QJsonObject &job);

    DaemonConnection &m_connection;
    RegistrationRequest m_request;
    Step m_step = Step::Register;
    bool m_running = false;
    QString m_hmacSecret;
    QJsonObject m_feed;
};

} // namespace cutover
