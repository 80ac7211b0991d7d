// kvdemo: a small HTTP key-value service that follows the Cutover service contract
// (docs/kvdemo.md). The same source builds every version; KVDEMO_VERSION is compiled in.
#include "CpuBurner.h"
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
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace cutover::kvdemo;

namespace {

constexpr int DefaultDrainMs = 2000;
constexpr int DefaultHandoffDrainMs = 500;

void say(const QString &line)
{
    std::fprintf(stderr, "kvdemo " KVDEMO_VERSION ": %s\n", qPrintable(line));
    std::fflush(stderr);
}

// The LISTEN_FDS convention (sd_listen_fds(3)): a release with listen_fds gets its listening
// socket from cutoverd as descriptor 3, meant for this process when LISTEN_PID is its pid. The
// variables are removed either way, so that nothing this process starts takes them for its own.
int passedListenSocket()
{
    constexpr int kFirst = 3; // SD_LISTEN_FDS_START
    const qint64 pid = qEnvironmentVariableIntValue("LISTEN_PID");
    const int count = qEnvironmentVariableIntValue("LISTEN_FDS");
    qunsetenv("LISTEN_PID");
    qunsetenv("LISTEN_FDS");
    qunsetenv("LISTEN_FDNAMES");
    if (pid != ::getpid() || count < 1)
        return -1;
    ::fcntl(kFirst, F_SETFD, FD_CLOEXEC);
    return kFirst;
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

    const int passedSocket = passedListenSocket();
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
    const int failPercent = envInt("KVDEMO_FAIL_PERCENT");
    if (failPercent > 100) {
        say(QStringLiteral("KVDEMO_FAIL_PERCENT=%1 is over 100; exiting").arg(failPercent));
        return 2;
    }
    const int drainEnv = envInt("KVDEMO_DRAIN_MS");
    const int drainMs = drainEnv >= 0 ? drainEnv : DefaultDrainMs;
    const int handoffDelayMs = envInt("KVDEMO_HANDOFF_DELAY_MS");
    // How long the handoff waits for requests in flight: it is part of the clients' hold.
    const int handoffDrainEnv = envInt("KVDEMO_HANDOFF_DRAIN_MS");
    const int handoffDrainMs = handoffDrainEnv >= 0 ? handoffDrainEnv : DefaultHandoffDrainMs;
    const bool ignoreCheckpoint = qEnvironmentVariable("KVDEMO_IGNORE_CHECKPOINT") == u"1";
    // The state directory of the instance this one takes over from (docs/state-handoff.md).
    const QString handoffFrom = qEnvironmentVariable("CUTOVER_HANDOFF_FROM");

    std::signal(SIGPIPE, SIG_IGN);
    SignalWatcher signalWatcher({SIGTERM, SIGINT, SIGUSR1, SIGUSR2, SIGHUP});
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
    router.setFailPercent(failPercent > 0 ? failPercent : 0);
    CpuBurner burner;
    if (qEnvironmentVariable("KVDEMO_TEST_ENDPOINTS") == u"1")
        router.setBurner(&burner);
    KvServer server(router);
    bool stopping = false;
    bool handedOff = false; // the final state is written: this instance serves no more

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
                     [&] { QCoreApplication::exit(handedOff || save() ? 0 : 1); });
    // The handoff's first half (docs/state-handoff.md): stop serving (the requests in flight
    // are finished first), write the final state, answer HANDOFF=1. Nothing is applied after
    // servingStopped(), so nothing acknowledged is missing from what is written.
    const auto handOff = [&] {
        QString what;
        if (statePath.isEmpty()) {
            what = QStringLiteral("nothing: no state directory");
        } else if (const auto written = store.saveFinal(statePath, &what); !written) {
            say(QStringLiteral("final state NOT written: %1").arg(written.error()));
            notifyOrWarn("HANDOFF_ERROR=" + written.error().toUtf8());
            return;
        }
        handedOff = true;
        say(QStringLiteral("handed off: wrote %1").arg(what));
        notifyOrWarn("HANDOFF=1\nSTATUS=handed off: " + what.toUtf8());
    };
    // The second half, in the new instance: take over what the old one wrote.
    const auto takeOver = [&] {
        if (handoffFrom.isEmpty() || statePath.isEmpty()) {
            notifyOrWarn("LOAD_ERROR=no CUTOVER_HANDOFF_FROM or no state directory");
            return;
        }
        const QString from = QDir(handoffFrom).filePath(QStringLiteral("kvdemo-state.json"));
        QString what;
        if (const auto taken = store.takeOver(from, statePath, &what); !taken) {
            say(QStringLiteral("handed-over state NOT loaded: %1").arg(taken.error()));
            notifyOrWarn("LOAD_ERROR=" + taken.error().toUtf8());
            return;
        }
        say(QStringLiteral("took over from %1: %2, %3 keys")
                .arg(handoffFrom, what)
                .arg(store.size()));
        notifyOrWarn("LOADED=1\nSTATUS=serving " + QByteArray::number(store.size()) + " keys");
    };

    QObject::connect(&server, &KvServer::servingStopped, &app, [&] {
        if (handoffDelayMs > 0)
            QTimer::singleShot(handoffDelayMs, &app, handOff);
        else
            handOff();
    });

    QObject::connect(&signalWatcher, &SignalWatcher::signalReceived, &app, [&](int sig) {
        if (sig == SIGUSR1) {
            // CHECKPOINT=1 tells cutoverd the state is on disk, so a hot switchover may start
            // the new release on it.
            if (ignoreCheckpoint) {
                say(QStringLiteral("KVDEMO_IGNORE_CHECKPOINT=1: checkpoint request ignored"));
                return;
            }
            if (!stopping && !handedOff && save())
                notifyOrWarn("CHECKPOINT=1\nSTATUS=checkpoint: " +
                             QByteArray::number(store.size()) + " keys written");
            return;
        }
        if (sig == SIGUSR2) {
            if (stopping || handedOff)
                return;
            say(QStringLiteral("handoff: finishing the requests in flight, then writing the final "
                               "state"));
            server.stopServing(handoffDrainMs);
            return;
        }
        if (sig == SIGHUP) {
            if (!stopping && !handedOff)
                takeOver();
            return;
        }
        if (handedOff) {
            // The final state is on disk and another instance serves it: nothing to write.
            say(QStringLiteral("signal %1 after the handoff: exiting").arg(sig));
            QCoreApplication::exit(0);
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
        const auto listening = passedSocket >= 0 ? server.adopt(passedSocket)
                                                 : server.listen(listen->first, listen->second);
        if (!listening) {
            say(listening.error());
            QCoreApplication::exit(1);
            return;
        }
        say(QStringLiteral("listening on %1:%2%3 with %4 keys")
                .arg(listen->first.toString())
                .arg(server.port())
                .arg(passedSocket >= 0 ? QStringLiteral(" (socket passed as descriptor 3)")
                                       : QString())
                .arg(store.size()));
        if (!neverReady)
            notifyOrWarn("READY=1\nSTATUS=serving " + QByteArray::number(store.size()) + " keys");
        if (crashAfterMs >= 0)
            QTimer::singleShot(crashAfterMs, &app, [] { crashNow(); });
    });

    return QCoreApplication::exec();
}
