#include "ServiceFixture.h"

#include "TestUtil.h"

#include <QDir>

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <csignal>

namespace cutover::test {

using M = ApiClient::Method;

ServiceFixture::ServiceFixture()
    : m_daemon(m_dir.path())
{}

ServiceFixture::~ServiceFixture()
{
    // Instances outlive cutoverd by design; a test leaves none behind.
    m_daemon.kill();
    for (qint64 pid : kvdemoPids())
        ::kill(pid_t(pid), SIGKILL);
}

QJsonObject ServiceFixture::service()
{
    auto s = m_daemon.call(M::Get, QStringLiteral("/api/v1/services/kvdemo"));
    return s ? s->toObject() : QJsonObject();
}

bool ServiceFixture::setUp(const QString &strategy, const QJsonObject &settings)
{
    if (!m_daemon.start()) {
        m_error = QStringLiteral("cutoverd did not start: ") + QString::fromUtf8(m_daemon.output());
        return false;
    }
    m_port = freePort();
    auto reg = m_daemon.call(
        M::Post, QStringLiteral("/api/v1/services"),
        QJsonObject{{QStringLiteral("name"), QStringLiteral("kvdemo")},
                    {QStringLiteral("address"), QStringLiteral("127.0.0.1:%1").arg(m_port)},
                    {QStringLiteral("strategy"), strategy},
                    {QStringLiteral("settings"), settings}});
    if (!reg) {
        m_error = reg.error().message;
        return false;
    }
    // 1.0.0 alone is installed when the service starts (start takes the newest installed
    // release), then 1.1.0 arrives.
    auto install = [this](const QString &version) {
        auto installed = m_daemon.call(
            M::Post, QStringLiteral("/api/v1/services/kvdemo/releases"),
            QJsonObject{{QStringLiteral("version"), version},
                        {QStringLiteral("path"),
                         kvdemoDir() + QStringLiteral("/kvdemo-%1.tar.gz").arg(version)}});
        if (!installed)
            m_error = installed.error().message;
        return installed.has_value();
    };
    if (!install(QStringLiteral("1.0.0")))
        return false;
    auto started =
        m_daemon.call(M::Post, QStringLiteral("/api/v1/services/kvdemo/start"), QJsonObject{});
    if (!started) {
        m_error = started.error().message;
        return false;
    }
    if (!m_daemon.waitForService(QStringLiteral("kvdemo"), QStringLiteral("state"),
                                 QStringLiteral("running"))) {
        m_error = QStringLiteral("kvdemo did not reach running: ") +
                  QString::fromUtf8(QJsonDocument(service()).toJson());
        return false;
    }
    return install(QStringLiteral("1.1.0"));
}

bool ServiceFixture::installVariant(const QString &version, const QJsonObject &env)
{
    const QString source = kvdemoDir() + QStringLiteral("/releases/kvdemo-1.1.0");
    const QString target = m_scratch.filePath(version);
    QDir().mkpath(target + QStringLiteral("/bin"));
    if (!QFile::copy(source + QStringLiteral("/bin/kvdemo"),
                     target + QStringLiteral("/bin/kvdemo")))
        return false;
    QFile manifestFile(source + QStringLiteral("/cutover-release.json"));
    if (!manifestFile.open(QIODevice::ReadOnly))
        return false;
    QJsonObject manifest = QJsonDocument::fromJson(manifestFile.readAll()).object();
    manifest.insert(QStringLiteral("env"), env);
    if (!writeFile(target + QStringLiteral("/cutover-release.json"),
                   QJsonDocument(manifest).toJson()))
        return false;
    auto installed = m_daemon.call(
        M::Post, QStringLiteral("/api/v1/services/kvdemo/releases"),
        QJsonObject{{QStringLiteral("version"), version}, {QStringLiteral("path"), target}});
    if (!installed)
        m_error = installed.error().message;
    return installed.has_value();
}

Result<QJsonObject> ServiceFixture::upgrade(const QString &version, const QString &strategy)
{
    auto run = m_daemon.call(
        M::Post, QStringLiteral("/api/v1/services/kvdemo/upgrade"),
        QJsonObject{{QStringLiteral("version"), version}, {QStringLiteral("strategy"), strategy}});
    if (!run)
        return fail(run.error());
    return m_daemon.waitForRun(run->toObject().value(QStringLiteral("id")).toInteger(), 120000);
}

QList<qint64> ServiceFixture::kvdemoPids() const
{
    const QByteArray releases = QDir(m_dir.path()).absolutePath().toUtf8() + "/releases/kvdemo/";
    QList<qint64> pids;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        if (!ok)
            continue;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!cmdline.open(QIODevice::ReadOnly))
            continue;
        if (cmdline.readAll().startsWith(releases)) {
            // Zombies keep their cmdline empty, so a match is a live process.
            pids << pid;
        }
    }
    return pids;
}

QStringList stepNames(const QJsonObject &run)
{
    QStringList names;
    for (const QJsonValue &v : run.value(QStringLiteral("steps")).toArray())
        names << v.toObject().value(QStringLiteral("name")).toString();
    return names;
}

} // namespace cutover::test
