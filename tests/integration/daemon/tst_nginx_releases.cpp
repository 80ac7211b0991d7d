// Issue 14's nginx case: Debian's nginx, unchanged, hosted as two releases (a wrapper script
// writes its configuration from {port}), switched over and over with the hot strategy in the
// bridge's http mode while keep-alive clients that never retry read from it: no request fails,
// no client connection is lost, and nothing is left running once the service stops.
#include "DaemonProcess.h"
#include "NeverRetryLoad.h"
#include "TestHttpClient.h"
#include "TestUtil.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/types.h>

using namespace cutover;
using namespace cutover::test;
using namespace Qt::StringLiterals;
using M = ApiClient::Method;

namespace {

constexpr auto kNginx = "/usr/sbin/nginx";

// The wrapper script every release carries (nginx/run-nginx next to this file).
QByteArray wrapper()
{
    QFile f(QStringLiteral(CUTOVER_TEST_SOURCE_DIR "/tests/integration/daemon/nginx/run-nginx"));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes, bool executable = false)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return false;
    f.close();
    return !executable ||
           f.setPermissions(f.permissions() | QFileDevice::ExeOwner | QFileDevice::ExeGroup);
}

// A release directory of nginx serving /version with `version` in it.
QString makeRelease(const QString &root, const QString &version)
{
    const QString dir = root + u"/nginx-"_s + version;
    const QJsonObject manifest{
        {u"command"_s, u"bin/run-nginx"_s},
        {u"args"_s, QJsonArray{u"{port}"_s, u"{state_dir}"_s}},
        {u"readiness"_s, QJsonObject{{u"kind"_s, u"http"_s}, {u"path"_s, u"/health"_s}}},
        {u"stop"_s, QJsonObject{{u"signal"_s, u"SIGQUIT"_s}, {u"grace_ms"_s, 10000}}}};
    if (!QDir().mkpath(dir + u"/bin"_s) || !QDir().mkpath(dir + u"/html"_s) ||
        !writeFile(dir + u"/cutover-release.json"_s, QJsonDocument(manifest).toJson()) ||
        wrapper().isEmpty() || !writeFile(dir + u"/bin/run-nginx"_s, wrapper(), true) ||
        !writeFile(dir + u"/html/version"_s, version.toUtf8()))
        return {};
    return dir;
}

// The processes (nginx's master and its workers) in the process groups `groups`: cutoverd
// starts each instance as the leader of a group of its own.
int processesIn(const QSet<pid_t> &groups)
{
    int count = 0;
    for (const QString &pid : QDir(u"/proc"_s).entryList(QDir::Dirs)) {
        QFile stat(u"/proc/%1/stat"_s.arg(pid));
        if (pid.toInt() <= 0 || !stat.open(QIODevice::ReadOnly))
            continue;
        // pid (comm) state ppid pgrp ...: comm may hold spaces, so read after its ')'.
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 2 && groups.contains(pid_t(fields.at(2).toInt())))
            ++count;
    }
    return count;
}

// A failed check leaves the nginx instances running (they outlive cutoverd by design): every
// group the test saw is killed when it ends.
class Reaper final
{
    Q_DISABLE_COPY_MOVE(Reaper)

public:
    Reaper() = default;
    ~Reaper()
    {
        for (pid_t group : std::as_const(groups))
            ::kill(-group, SIGKILL);
    }
    // Notes the instances of the service object `service`.
    void see(const QJsonObject &service)
    {
        for (const QJsonValue &i : service.value(u"instances"_s).toArray()) {
            if (const auto pid = pid_t(i.toObject().value(u"pid"_s).toInteger()); pid > 1)
                groups.insert(pid);
        }
    }

    QSet<pid_t> groups;
};

QByteArray bodyAt(quint16 port, const QByteArray &path)
{
    auto reply = httpRequest(port, "GET", path);
    return reply && reply->status == 200 ? reply->body : QByteArray();
}

} // namespace

class TestNginxReleases final : public QObject
{
    Q_OBJECT

private slots:
    void hotSwitchoversUnderKeepAliveLoseNoRequest()
    {
        QVERIFY2(QFile::exists(QLatin1StringView(kNginx)),
                 "Debian's nginx is missing: packaging/install-deps.sh installs nginx-light");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString releases = dir.filePath(u"releases"_s);
        const QString first = makeRelease(releases, u"1.22.0"_s);
        const QString second = makeRelease(releases, u"1.22.1"_s);
        QVERIFY(!first.isEmpty() && !second.isEmpty());

        DaemonProcess daemon(dir.filePath(u"data"_s));
        Reaper reaper;
        const auto web = [&daemon] {
            auto svc = daemon.call(M::Get, u"/api/v1/services/web"_s);
            return svc ? svc->toObject() : QJsonObject{};
        };
        QVERIFY2(daemon.start(), daemon.output().constData());
        const quint16 port = freePort();
        QVERIFY(daemon.call(M::Post, u"/api/v1/services"_s,
                            QJsonObject{{u"name"_s, u"web"_s},
                                        {u"address"_s, u"127.0.0.1:%1"_s.arg(port)},
                                        {u"strategy"_s, u"hot"_s},
                                        {u"settings"_s, QJsonObject{{u"protocol"_s, u"http"_s},
                                                                    {u"drain_timeout_ms"_s, 300},
                                                                    {u"bake_ms"_s, 0}}}}));
        for (const auto &[version, path] : {std::pair{u"1.22.0"_s, first}, {u"1.22.1"_s, second}}) {
            auto installed = daemon.call(M::Post, u"/api/v1/services/web/releases"_s,
                                         QJsonObject{{u"version"_s, version}, {u"path"_s, path}});
            QVERIFY2(installed, installed ? "" : qPrintable(installed.error().message));
        }
        QVERIFY(daemon.call(M::Post, u"/api/v1/services/web/start"_s, QJsonObject{}));
        QVERIFY(daemon.waitForService(u"web"_s, u"state"_s, u"running"_s));
        QCOMPARE(bodyAt(port, "/version"), QByteArray("1.22.1")); // the newest starts
        reaper.see(web());

        NeverRetryLoad load(port, 4, [](int, qint64) {
            return NeverRetryLoad::Request{"GET", "/version", {}};
        });
        QTRY_VERIFY_WITH_TIMEOUT(load.requests() > 100, 20000);
        constexpr int kSwitchovers = 30;
        for (int i = 0; i < kSwitchovers; ++i) {
            const QString target = i % 2 == 0 ? u"1.22.0"_s : u"1.22.1"_s;
            auto started = daemon.call(
                M::Post, u"/api/v1/services/web/upgrade"_s,
                QJsonObject{{u"version"_s, target}, {u"strategy"_s, u"hot"_s}, {u"force"_s, true}});
            QVERIFY2(started, started ? "" : qPrintable(started.error().message));
            auto run = daemon.waitForRun(started->toObject().value(u"id"_s).toInteger());
            QVERIFY2(run, run ? "" : qPrintable(run.error().message));
            QVERIFY2(run->value(u"state"_s).toString() == u"succeeded"_s,
                     qPrintable(run->value(u"reason"_s).toString()));
            QCOMPARE(bodyAt(port, "/version"), target.toUtf8());
            reaper.see(web());
        }
        QVERIFY(load.goesOn());
        load.stop();
        qInfo("%lld requests over %d hot switchovers of nginx, %lld connections", load.requests(),
              kSwitchovers, load.connections());
        QVERIFY2(load.failed() == 0, qPrintable(load.failures()));
        QCOMPARE(load.connections(), 4);

        // Stopped, the service leaves no nginx behind (instances outlive cutoverd by design).
        QVERIFY(daemon.call(M::Post, u"/api/v1/services/web/stop"_s, QJsonObject{}));
        QVERIFY(daemon.waitForService(u"web"_s, u"state"_s, u"stopped"_s));
        QCOMPARE(reaper.groups.size(), kSwitchovers + 1);
        QTRY_COMPARE_WITH_TIMEOUT(processesIn(reaper.groups), 0, 15000);
        QVERIFY(daemon.terminate());
    }
};

QTEST_GUILESS_MAIN(TestNginxReleases)
#include "tst_nginx_releases.moc"
