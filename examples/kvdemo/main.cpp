// kvdemo: a small HTTP key-value service that follows the Cutover service contract
// (docs/kvdemo.md). The same source builds every version; KVDEMO_VERSION is compiled in.
#include "KvRouter.h"
#include "KvServer.h"
#include "KvStore.h"
#include "SdNotify.h"
#include "SignalWatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <sys/resource.h>

using namespace cutover::kvdemo;

namespace {

constexpr int DefaultDrainMs = 2000;

void say(const QString &line)
{
    std::fprintf(stderr, "kvdemo " KVDEMO_VERSION ": %s\n", qPrintable(line));
    std::fflush(stderr);
}

// Reads an integer knob from the environment; -1 when unset.
int envInt(const char *name)
{
    if (!qEnvironmentVariableIsSet(name))
        return -1;
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    if (!ok || value < 0) {
        say(QStringLiteral("%1=%2 is not a non-negative integer; exiting")
                .arg(QLatin1StringView(name), qEnvironmentVariable(name)));
        std::exit(2);
    }
    return value;
}

std::expected<std::pair<QHostAddress, quint16>, QString> parseListen(const QString &spec)
{
    const qsizetype colon = spec.lastIndexOf(u':');
    if (colon < 0)
        return std::unexpected(QStringLiteral("listen address '%1' is not host:port").arg(spec));
    QString host = spec.left(colon);
    bool ok = false;
    const uint port = spec.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535)
        return std::unexpected(
            QStringLiteral("listen address '%1': port is not 0..65535").arg(spec));
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    QHostAddress address;
    if (host.isEmpty() || host == u"*")
        address = QHostAddress::Any;
    else if (host == u"localhost")
        address = QHostAddress::LocalHost;
    else if (!address.setAddress(host))
        return std::unexpected(
            QStringLiteral("listen address '%1': '%2' is not an IP address").arg(spec, host));
    return std::pair{address, quint16(port)};
}

[[noreturn]] void crashNow()
{
    // The crash is the point; a core file per test run is not.
    const rlimit noCore{0, 0};
    ::setrlimit(RLIMIT_CORE, &noCore);
    say(QStringLiteral("KVDEMO_CRASH_AFTER_MS elapsed: aborting"));
    std::abort();
}

} // namespace

int main(int argc, char *argv[])
{
    if (const int code = envInt("KVDEMO_EXIT_AT_START"); code >= 0) {
        say(QStringLiteral("KVDEMO_EXIT_AT_START=%1: exiting before listening").arg(code));
        return code;
    }

    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kvdemo"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KVDEMO_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("HTTP key-value demo service for Cutover"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listenOption(
        QStringLiteral("listen"),
        QStringLiteral("Address to listen on (default: $CUTOVER_LISTEN, else 127.0.0.1:7070)."),
        QStringLiteral("host:port"));
    const QCommandLineOption stateOption(
        QStringLiteral("state-dir"),
        QStringLiteral("Directory of kvdemo-state.json (default: $CUTOVER_STATE_DIR; none: keep "
                       "data in memory only)."),
        QStringLiteral("dir"));
    parser.addOptions({listenOption, stateOption});
    parser.process(app);

    QString listenSpec = parser.value(listenOption);
    if (listenSpec.isEmpty())
        listenSpec = qEnvironmentVariable("CUTOVER_LISTEN", QStringLiteral("127.0.0.1:7070"));
    const auto listen = parseListen(listenSpec);
    if (!listen) {
        say(listen.error());
        return 2;
    }

    QString stateDir = parser.value(stateOption);
    if (stateDir.isEmpty())
        stateDir = qEnvironmentVariable("CUTOVER_STATE_DIR");
    QString statePath;
    KvStore store;
    if (stateDir.isEmpty()) {
        say(QStringLiteral("no state directory: data lives in memory only"));
    } else {
        if (!QDir().mkpath(stateDir)) {
            say(QStringLiteral("cannot create state directory %1").arg(stateDir));
            return 1;
        }
        statePath = QDir(stateDir).filePath(QStringLiteral("kvdemo-state.json"));
        if (const auto loaded = store.load(statePath); !loaded) {
            say(loaded.error() + QStringLiteral("; refusing to start with an empty store"));
            return 1;
        }
        say(QStringLiteral("loaded %1 keys from %2").arg(store.size()).arg(statePath));
    }

    const bool neverReady = qEnvironmentVariable("KVDEMO_NEVER_READY") == u"1";
    const int slowStartMs = envInt("KVDEMO_SLOW_START_MS");
    const int crashAfterMs = envInt("KVDEMO_CRASH_AFTER_MS");
    const int drainEnv = envInt("KVDEMO_DRAIN_MS");
    const int drainMs = drainEnv >= 0 ? drainEnv : DefaultDrainMs;

    std::signal(SIGPIPE, SIG_IGN);
    SignalWatcher signalWatcher({SIGTERM, SIGINT, SIGUSR1});
    if (!signalWatcher.isValid()) {
        say(QStringLiteral("cannot install signal handlers: %1").arg(signalWatcher.errorString()));
        return 1;
    }

    const SdNotify notify;
    const auto notifyOrWarn = [&notify](const QByteArray &message) {
        if (const QString error = notify.send(message); !error.isEmpty())
            say(error);
    };
    KvRouter router(store);
    router.setHealthy(!neverReady);
    KvServer server(router);
    bool stopping = false;

    const auto save = [&store, &statePath]() -> bool {
        if (statePath.isEmpty())
            return true;
        if (const auto saved = store.save(statePath); !saved) {
            say(QStringLiteral("state NOT written: %1").arg(saved.error()));
            return false;
        }
        say(QStringLiteral("wrote %1 keys to %2").arg(store.size()).arg(statePath));
        return true;
    };

    QObject::connect(&server, &KvServer::stopped, &app,
                     [&] { QCoreApplication::exit(save() ? 0 : 1); });
    QObject::connect(&signalWatcher, &SignalWatcher::signalReceived, &app, [&](int sig) {
        if (sig == SIGUSR1) {
            // CHECKPOINT=1 tells cutoverd the state is on disk, so a hot switchover may start
            // the new release on it.
            if (!stopping && save())
                notifyOrWarn("CHECKPOINT=1\nSTATUS=checkpoint: " +
                             QByteArray::number(store.size()) + " keys written");
            return;
        }
        if (stopping)
            return;
        stopping = true;
        say(QStringLiteral("signal %1: closing the port, draining up to %2 ms, then writing state")
                .arg(sig)
                .arg(drainMs));
        notifyOrWarn("STOPPING=1");
        server.stop(drainMs);
    });

    QTimer::singleShot(qMax(0, slowStartMs), &app, [&] {
        if (stopping)
            return;
        if (const auto listening = server.listen(listen->first, listen->second); !listening) {
            say(listening.error());
            QCoreApplication::exit(1);
            return;
        }
        say(QStringLiteral("listening on %1:%2 with %3 keys")
                .arg(listen->first.toString())
                .arg(server.port())
                .arg(store.size()));
        if (!neverReady)
            notifyOrWarn("READY=1\nSTATUS=serving " + QByteArray::number(store.size()) + " keys");
        if (crashAfterMs >= 0)
            QTimer::singleShot(crashAfterMs, &app, [] { crashNow(); });
    });

    return QCoreApplication::exec();
}
