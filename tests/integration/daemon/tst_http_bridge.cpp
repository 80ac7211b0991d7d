// Issue 14's acceptance through a real cutoverd and kvdemo: with protocol "http", clients that
// never retry keep their connections through hot and restart switchovers and no request of
// theirs fails.
#include "ServiceFixture.h"
#include "TestHttpClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

using namespace cutover;
using namespace cutover::test;

namespace {

// Clients on keep-alive connections that never send a request twice: a request that gets no
// answer, a broken one or a 5xx is a failure, counted, and the client goes on (on a new
// connection when its own was lost). Each alternates PUT and GET of its own keys.
class NeverRetryLoad final
{
    Q_DISABLE_COPY_MOVE(NeverRetryLoad)

public:
    NeverRetryLoad(quint16 port, int clients)
    {
        for (int i = 0; i < clients; ++i)
            m_threads.emplace_back([this, port, i] { run(port, i); });
    }
    ~NeverRetryLoad() { stop(); }

    // Still answered after what the test did: 100 more requests within 20 s.
    [[nodiscard]] bool goesOn() const
    {
        const qint64 before = requests();
        return QTest::qWaitFor([&] { return requests() > before + 100; }, 20000);
    }
    void stop()
    {
        m_stop = true;
        for (std::thread &t : m_threads) {
            if (t.joinable())
                t.join();
        }
    }
    [[nodiscard]] qint64 requests() const { return m_requests.load(); }
    [[nodiscard]] qint64 failed() const { return m_failed.load(); }
    [[nodiscard]] qint64 connections() const { return m_connections.load(); }
    // "N of M failed; first: ..." for a failed check.
    [[nodiscard]] QString failures() const
    {
        std::lock_guard lock(m_mutex);
        return QStringLiteral("%1 of %2 failed; first: %3")
            .arg(m_failed.load())
            .arg(m_requests.load())
            .arg(m_firstFailure);
    }

private:
    void fail(const QString &why)
    {
        ++m_failed;
        std::lock_guard lock(m_mutex);
        if (m_firstFailure.isEmpty())
            m_firstFailure = why;
    }

    void run(quint16 port, int index)
    {
        std::unique_ptr<TestHttpClient> client;
        for (qint64 n = 0; !m_stop; ++n) {
            if (!client) {
                client = std::make_unique<TestHttpClient>();
                if (!client->connectTo(port, 10000)) {
                    fail(QStringLiteral("connect: %1").arg(client->error()));
                    client.reset();
                    continue;
                }
                ++m_connections;
            }
            const QByteArray key =
                "/kv/c" + QByteArray::number(index) + '-' + QByteArray::number(n % 50);
            const bool write = n % 2 == 0;
            auto reply = write ? client->request("PUT", key, "v" + QByteArray::number(n))
                               : client->request("GET", key);
            ++m_requests;
            if (!reply) {
                fail(QStringLiteral("%1 %2: %3")
                         .arg(write ? u"PUT" : u"GET", QString::fromLatin1(key), client->error()));
                client.reset();
            } else if (reply->status >= 500) {
                fail(QStringLiteral("%1 %2: status %3 %4")
                         .arg(write ? u"PUT" : u"GET", QString::fromLatin1(key))
                         .arg(reply->status)
                         .arg(QString::fromUtf8(reply->body.trimmed())));
            }
        }
    }

    std::vector<std::thread> m_threads;
    std::atomic<bool> m_stop{false};
    std::atomic<qint64> m_requests{0};
    std::atomic<qint64> m_failed{0};
    std::atomic<qint64> m_connections{0};
    mutable std::mutex m_mutex;
    QString m_firstFailure;
};

QByteArray versionAt(quint16 port)
{
    auto reply = httpRequest(port, "GET", "/version");
    return reply ? reply->header("x-kvdemo-version") : QByteArray();
}

QJsonObject generationTotals(const QJsonObject &service)
{
    qint64 retries = 0;
    qint64 held = 0;
    qint64 requests = 0;
    for (const QJsonValue &g : service.value(QStringLiteral("bridge"))
                                   .toObject()
                                   .value(QStringLiteral("generations"))
                                   .toArray()) {
        retries += g.toObject().value(QStringLiteral("retries")).toInteger();
        held += g.toObject().value(QStringLiteral("held")).toInteger();
        requests += g.toObject().value(QStringLiteral("requests")).toInteger();
    }
    return {{QStringLiteral("retries"), retries},
            {QStringLiteral("held"), held},
            {QStringLiteral("requests"), requests}};
}

} // namespace

class TestHttpBridge final : public QObject
{
    Q_OBJECT

private slots:
    void hotSwitchoversLoseNoRequest()
    {
        ServiceFixture fx;
        QVERIFY2(fx.setUp(QStringLiteral("hot"),
                          QJsonObject{{QStringLiteral("protocol"), QStringLiteral("http")},
                                      {QStringLiteral("drain_timeout_ms"), 300},
                                      {QStringLiteral("bake_ms"), 0}}),
                 qPrintable(fx.error()));
        NeverRetryLoad load(fx.publicPort(), 4);
        QTRY_VERIFY_WITH_TIMEOUT(load.requests() > 100, 20000);

        constexpr int kSwitchovers = 200;
        for (int i = 0; i < kSwitchovers; ++i) {
            const QString target = i % 2 == 0 ? QStringLiteral("1.1.0") : QStringLiteral("1.0.0");
            auto run = fx.upgrade(target, QStringLiteral("hot"));
            QVERIFY(run);
            QVERIFY2(run->value(QStringLiteral("state")).toString() ==
                         QLatin1StringView("succeeded"),
                     qPrintable(run->value(QStringLiteral("reason")).toString()));
        }
        QCOMPARE(versionAt(fx.publicPort()), QByteArray("1.0.0"));
        QVERIFY(load.goesOn());
        load.stop();
        qInfo("%lld requests over %d hot switchovers, %lld connections", load.requests(),
              kSwitchovers, load.connections());
        QVERIFY2(load.failed() == 0, qPrintable(load.failures()));
        // Each client kept its one connection: the switchovers were invisible to it.
        QCOMPARE(load.connections(), 4);
        QTRY_COMPARE_WITH_TIMEOUT(fx.kvdemoPids().size(), 1, 15000);
    }

    void restartSwitchoversHoldRequests()
    {
        ServiceFixture fx;
        QVERIFY2(fx.setUp(QStringLiteral("restart"),
                          QJsonObject{{QStringLiteral("protocol"), QStringLiteral("http")}}),
                 qPrintable(fx.error()));
        NeverRetryLoad load(fx.publicPort(), 4);
        QTRY_VERIFY_WITH_TIMEOUT(load.requests() > 100, 20000);
        for (int i = 0; i < 6; ++i) {
            const QString target = i % 2 == 0 ? QStringLiteral("1.1.0") : QStringLiteral("1.0.0");
            auto run = fx.upgrade(target, QStringLiteral("restart"));
            QVERIFY(run);
            QCOMPARE(run->value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
            QCOMPARE(versionAt(fx.publicPort()), target.toLatin1());
        }
        QVERIFY(load.goesOn());
        load.stop();
        QVERIFY2(load.failed() == 0, qPrintable(load.failures()));
        // Each client kept its one connection: the switchovers were invisible to it.
        QCOMPARE(load.connections(), 4);
        // The old instance was stopped with clients waiting: their requests were held.
        const QJsonObject totals = generationTotals(fx.service());
        QVERIFY2(totals.value(QStringLiteral("held")).toInteger() > 0,
                 QJsonDocument(totals).toJson().constData());
    }

    void crashInBakeIsRetriedInvisibly()
    {
        // The new release crashes in its bake period with requests in flight on it: each is
        // idempotent (PUT, GET) and had no byte of answer, so the bridge sends it again on a
        // fresh connection, to the old release once the run has routed back.
        ServiceFixture fx;
        QVERIFY2(fx.setUp(QStringLiteral("hot"),
                          QJsonObject{{QStringLiteral("protocol"), QStringLiteral("http")},
                                      {QStringLiteral("bake_ms"), 5000},
                                      {QStringLiteral("drain_timeout_ms"), 300}}),
                 qPrintable(fx.error()));
        QVERIFY(fx.installVariant(
            QStringLiteral("1.2.0"),
            QJsonObject{{QStringLiteral("KVDEMO_CRASH_AFTER_MS"), QStringLiteral("800")}}));
        NeverRetryLoad load(fx.publicPort(), 4);
        QTRY_VERIFY_WITH_TIMEOUT(load.requests() > 100, 20000);
        auto run = fx.upgrade(QStringLiteral("1.2.0"), QStringLiteral("hot"));
        QVERIFY(run);
        QCOMPARE(run->value(QStringLiteral("state")).toString(), QStringLiteral("rolled_back"));
        QCOMPARE(versionAt(fx.publicPort()), QByteArray("1.0.0"));
        QVERIFY(load.goesOn());
        load.stop();
        QVERIFY2(load.failed() == 0, qPrintable(load.failures()));
        // Each client kept its one connection: the switchovers were invisible to it.
        QCOMPARE(load.connections(), 4);
        const QJsonObject totals = generationTotals(fx.service());
        QVERIFY2(totals.value(QStringLiteral("retries")).toInteger() > 0,
                 QJsonDocument(totals).toJson().constData());
    }

    void settingsAreCheckedAndShown()
    {
        ServiceFixture fx;
        QVERIFY2(fx.setUp(QStringLiteral("hot"),
                          QJsonObject{{QStringLiteral("protocol"), QStringLiteral("http")},
                                      {QStringLiteral("max_hold_ms"), 2000}}),
                 qPrintable(fx.error()));
        const QJsonObject service = fx.service();
        const QJsonObject settings = service.value(QStringLiteral("settings")).toObject();
        QCOMPARE(settings.value(QStringLiteral("protocol")).toString(), QStringLiteral("http"));
        QCOMPARE(settings.value(QStringLiteral("max_hold_ms")).toInt(), 2000);
        QCOMPARE(service.value(QStringLiteral("bridge"))
                     .toObject()
                     .value(QStringLiteral("protocol"))
                     .toString(),
                 QStringLiteral("http"));
        QVERIFY(!fx.addService(QStringLiteral("bad"), QStringLiteral("hot"),
                               QJsonObject{{QStringLiteral("protocol"), QStringLiteral("udp")}}));
        QVERIFY2(fx.error().contains(QStringLiteral("settings.protocol")), qPrintable(fx.error()));
    }
};

QTEST_GUILESS_MAIN(TestHttpBridge)
#include "tst_http_bridge.moc"
