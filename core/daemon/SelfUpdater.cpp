#include "daemon/SelfUpdater.h"

#include "common/SemVer.h"
#include "feeds/Downloader.h"
#include "feeds/FeedFetcher.h"
#include "feeds/FeedManifest.h"
#include "feeds/FeedPoller.h"
#include "feeds/FeedVerifier.h"
#include "feeds/MinisignPublicKey.h"
#include "feeds/UpdateDecider.h"
#include "packages/ReleaseStore.h"
#include "packages/StreamingInstall.h"
#include "registry/RunRepository.h"
#include "schedule/WindowBook.h"
#include "switchover/Journal.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkProxy>

#include <unistd.h>

Q_LOGGING_CATEGORY(lcSelfUpdate, "cutover.selfupdate")

namespace cutover {

namespace {

// How often a release waiting for its window (or for a run to end) looks again.
constexpr int kApplyRetryMs = 30000;
// Installed cutoverd releases kept besides the running one.
constexpr int kKeepReleases = 3;

const QString kBinary = QStringLiteral("bin/cutoverd");

QString daemonService()
{
    return QString(kDaemonServiceName);
}

} // namespace

SelfUpdater::SelfUpdater(Context context, QObject *parent)
    : QObject(parent)
    , m_ctx(std::move(context))
    , m_network(new QNetworkAccessManager(this))
{
    // The feed is asked directly, as service feeds are: no desktop proxy between.
    m_network->setProxy(QNetworkProxy::NoProxy);
    m_applyTimer.setInterval(kApplyRetryMs);
    connect(&m_applyTimer, &QTimer::timeout, this, &SelfUpdater::applyIfDue);
    connect(&m_ctx.windows, &WindowBook::changed, this, &SelfUpdater::applyIfDue);
}

SelfUpdater::~SelfUpdater() = default;

QString SelfUpdater::feedPath() const
{
    return m_ctx.dataDir.root() + QStringLiteral("/daemon-feed.json");
}

Status SelfUpdater::start(qint64 handedRun)
{
    closeInterrupted(handedRun);
    auto feed = DaemonFeed::load(feedPath());
    if (!feed)
        return fail(feed.error());
    m_feed = *feed;
    if (m_feed.isSet())
        watch();
    return {};
}

void SelfUpdater::closeInterrupted(qint64 handedRun)
{
    RunFilter filter;
    filter.service = daemonService();
    filter.state = QStringLiteral("running");
    filter.limit = 0;
    auto runs = m_ctx.runs.listRuns(filter);
    if (!runs) {
        qCWarning(lcSelfUpdate).noquote()
            << "cannot read unfinished self-updates:" << runs.error().message;
        return;
    }
    for (const RunRecord &run : std::as_const(*runs)) {
        if (run.id == handedRun)
            continue;
        // Neither process lived to close it: the hand-over was cut (a kill, a reboot).
        if (auto st = closeRun(run.id, RunState::Failed,
                               QStringLiteral("cutoverd stopped during its self-update; pid %1 "
                                              "(version %2) serves now")
                                   .arg(qint64(::getpid()))
                                   .arg(m_ctx.runningVersion));
            !st)
            qCWarning(lcSelfUpdate).noquote() << st.error().message;
    }
}

Result<QJsonObject> SelfUpdater::setFeed(const QJsonObject &request)
{
    auto feed = DaemonFeed::fromRequest(request);
    if (!feed)
        return fail(feed.error());
    // The same URL and key keep what was accepted: setting the window again must not let the
    // sequence go back.
    if (m_feed.isSet() && m_feed.url == feed->url && m_feed.keys.contains(feed->keys.first())) {
        feed->keys = m_feed.keys;
        feed->lastSequence = m_feed.lastSequence;
        feed->lastManifestSha256 = m_feed.lastManifestSha256;
        feed->manifest = m_feed.manifest;
    }
    if (auto st = feed->save(feedPath()); !st)
        return fail(st.error());
    unwatch();
    m_feed = *feed;
    m_staged.reset();
    watch();
    return status();
}

Status SelfUpdater::removeFeed()
{
    if (!m_feed.isSet())
        return fail(Error::notFound(QStringLiteral("cutoverd follows no feed")));
    if (!QFile::remove(feedPath()) && QFile::exists(feedPath()))
        return fail(Error::io(QStringLiteral("cannot remove %1").arg(feedPath())));
    unwatch();
    m_feed = DaemonFeed{};
    m_staged.reset();
    return {};
}

QJsonObject SelfUpdater::status() const
{
    QJsonObject o{{QStringLiteral("feed"),
                   m_feed.isSet() ? QJsonValue(m_feed.toJson()) : QJsonValue(QJsonValue::Null)},
                  {QStringLiteral("running_version"), m_ctx.runningVersion},
                  {QStringLiteral("installed_version"),
                   m_staged ? QJsonValue(m_staged->version) : QJsonValue(QJsonValue::Null)},
                  {QStringLiteral("apply"),
                   m_apply == Apply::Now ? QStringLiteral("now") : QStringLiteral("window")},
                  {QStringLiteral("under_way"), m_underWay}};
    return o;
}

Status SelfUpdater::update(bool now)
{
    if (!m_feed.isSet())
        return fail(Error::conflict(
            QStringLiteral("cutoverd follows no feed: set one with `cutoverctl daemon feed set`")));
    if (!now && m_feed.window.isEmpty())
        return fail(Error::conflict(QStringLiteral(
            "the feed of cutoverd names no window: give --now, or set the feed with --window")));
    if (!m_ctx.starter)
        return fail(Error::conflict(QStringLiteral("this cutoverd cannot start another")));
    if (m_underWay)
        return fail(Error::conflict(QStringLiteral("a self-update is already under way")));
    m_apply = now ? Apply::Now : Apply::InWindow;
    m_operatorAsked = true;
    // What is applied is decided on the check's answer (consider() after it), not on a release
    // staged before: a newer one may have been published since.
    m_poller->checkNow();
    return {};
}

void SelfUpdater::watch()
{
    FeedPollerConfig config;
    config.manifestUrl = QUrl(m_feed.url);
    config.intervalMs = m_feed.intervalMs;
    m_poller = new FeedPoller(
        m_network, m_ctx.clock, config, [this](const FeedFetchResult &r) { return onFetched(r); },
        this);
    connect(m_poller, &FeedPoller::checkFinished, this, [this](const QString &result, bool ok) {
        // A refused manifest has its result already (onFetched()).
        if (!ok && !std::exchange(m_handled, false))
            setResult(QStringLiteral("check failed: ") + result, false);
        m_handled = false;
        // Also after a 304 or a failed check: an operator's request is answered with what the
        // last verified manifest offers.
        consider();
    });
    m_poller->start();
    // A release verified before a restart may be installed already, or still to download.
    if (!m_feed.manifest.isEmpty())
        QTimer::singleShot(0, this, &SelfUpdater::consider);
    m_applyTimer.start();
}

void SelfUpdater::unwatch()
{
    delete m_poller;
    delete m_download;
    delete m_install;
    m_applyTimer.stop();
}

Status SelfUpdater::onFetched(const FeedFetchResult &result)
{
    m_feed.lastCheckAt = m_ctx.clock.now();
    m_handled = true;
    QList<MinisignPublicKey> keys;
    for (const QString &text : std::as_const(m_feed.keys)) {
        if (auto key = MinisignPublicKey::fromString(text))
            keys << *key;
    }
    const FeedVerifier verifier(keys, daemonService(), m_ctx.clock);
    auto verified = verifier.verify(result.manifest, result.signature,
                                    {m_feed.lastSequence, m_feed.lastManifestSha256});
    if (!verified) {
        setResult(QStringLiteral("refused: ") + verified.error().message, false);
        return fail(verified.error());
    }
    // Recorded before anything of the manifest is acted on: a restarted cutoverd must not
    // accept a replay of an older manifest.
    DaemonFeed next = m_feed;
    next.lastSequence = verified->manifest.sequence;
    next.lastManifestSha256 = verified->manifestSha256;
    QStringList keyTexts;
    for (const MinisignPublicKey &key : FeedVerifier::keysAfter(keys, *verified))
        keyTexts << key.toString();
    next.keys = keyTexts;
    next.manifest = QJsonDocument::fromJson(verified->manifest.toJson()).object();
    next.lastResult = QStringLiteral("verified sequence %1 signed by key %2")
                          .arg(verified->manifest.sequence)
                          .arg(verified->signedBy.keyIdHex());
    if (auto st = next.save(feedPath()); !st) {
        const Error error = st.error().context(
            QStringLiteral("cannot record sequence %1").arg(verified->manifest.sequence));
        setResult(QStringLiteral("refused: ") + error.message, false);
        return fail(error);
    }
    m_feed = next;
    setResult(m_feed.lastResult, true);
    return {}; // consider() follows on checkFinished
}

void SelfUpdater::consider()
{
    if (m_download || m_underWay)
        return;
    auto manifest = FeedManifest::parse(QJsonDocument(m_feed.manifest).toJson());
    if (!manifest) {
        m_apply = Apply::InWindow;
        m_operatorAsked = false;
        return;
    }
    UpdatePolicy policy;
    policy.channel = m_feed.channel;
    std::optional<SemVer> running;
    if (auto v = SemVer::parse(m_ctx.runningVersion))
        running = *v;
    const UpdateDecision decision =
        UpdateDecider::decide(manifest->releases, running, policy, m_ctx.clock);
    if (!decision.release) {
        m_staged.reset();
        // Nothing to apply: an operator's request ends here.
        m_apply = Apply::InWindow;
        m_operatorAsked = false;
        return;
    }
    const QString version = decision.release->version.toString();
    const ReleaseStore store(m_ctx.dataDir.releasesDir());
    if (auto have = store.release(daemonService(), version)) {
        onInstalled(version, *have);
        return;
    }
    download(*decision.release);
}

void SelfUpdater::download(const FeedRelease &release)
{
    const QUrl url = release.resolvedUrl(QUrl(m_feed.url));
    const QString version = release.version.toString();
    DownloadRequest request;
    request.url = url;
    request.size = release.size;
    request.sha256 = release.sha256;
    request.fileName =
        QStringLiteral("cutoverd-%1-%2").arg(version, QFileInfo(url.path()).fileName());
    StreamingInstallRequest target;
    target.service = daemonService();
    target.version = version;
    target.size = release.size;
    target.sha256 = release.sha256;
    target.label = url.toDisplayString();
    auto *downloader =
        new Downloader(m_network, m_ctx.dataDir.downloadsDir(), m_ctx.downloads.transfer, this);
    downloader->setMaxPackageBytes(m_ctx.downloads.maxPackageBytes);
    auto *install = new StreamingInstall(ReleaseStore(m_ctx.dataDir.releasesDir()), target, this);
    downloader->setSink([install = QPointer(install)](const QByteArray &data) {
        return install ? install->push(data) : true;
    });
    connect(install, &StreamingInstall::ready, downloader, &Downloader::resume);
    connect(downloader, &Downloader::finished, install, [install](const Result<QString> &result) {
        if (result)
            install->endOfInput();
        else
            install->cancel(result.error());
    });
    connect(install, &StreamingInstall::finished, this,
            [this, version, downloader, install](const Result<InstalledRelease> &result) {
                downloader->disconnect(this);
                downloader->deleteLater();
                install->deleteLater();
                onInstalled(version, result);
            });
    m_download = downloader;
    m_install = install;
    if (auto st = downloader->start(request); !st) {
        delete downloader;
        delete install;
        setResult(QStringLiteral("download of %1 failed: %2").arg(version, st.error().message),
                  false);
        return;
    }
    install->start();
}

Result<QString> SelfUpdater::checkRelease(const QString &releaseDir) const
{
    // The release must run bin/cutoverd itself, a regular file inside it: a symlink could
    // point the hand-over at any program.
    auto manifest = ReleaseManifest::load(releaseDir);
    if (!manifest)
        return fail(manifest.error());
    const QString program = QDir(releaseDir).filePath(kBinary);
    if (QDir::cleanPath(manifest->commandPath(releaseDir)) != QDir::cleanPath(program))
        return fail(Error::verification(QStringLiteral("a cutoverd release must run %1, not %2")
                                            .arg(kBinary, manifest->command)));
    const QFileInfo binary(program);
    if (binary.isSymLink() || !binary.isFile())
        return fail(Error::verification(
            QStringLiteral("%1 of the release is not a regular file").arg(kBinary)));
    // Nobody but cutoverd's user may change what it will run: no group or other write bit
    // anywhere in the release, the binary 0755.
    QDirIterator it(releaseDir,
                    QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo entry(it.next());
        if (entry.isSymLink())
            continue;
        QFile::Permissions perms = entry.permissions();
        if (perms & (QFile::WriteGroup | QFile::WriteOther))
            QFile::setPermissions(entry.filePath(),
                                  perms & ~(QFile::WriteGroup | QFile::WriteOther));
    }
    if (!QFile::setPermissions(program, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                            QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther |
                                            QFile::ExeOther))
        return fail(Error::io(QStringLiteral("cannot set the permissions of %1").arg(program)));
    return program;
}

void SelfUpdater::onInstalled(const QString &version, const Result<InstalledRelease> &installed)
{
    if (!installed) {
        const bool refused = installed.error().code == Error::Code::Verification;
        setResult(refused ? QStringLiteral("refused: ") + installed.error().message
                          : QStringLiteral("download of %1 failed: %2")
                                .arg(version, installed.error().message),
                  false);
        return;
    }
    auto program = checkRelease(installed->path);
    if (!program) {
        setResult(QStringLiteral("refused: ") + program.error().message, false);
        return;
    }
    ReleaseStore store(m_ctx.dataDir.releasesDir());
    (void)store.prune(daemonService(), kKeepReleases, {m_ctx.runningVersion, version});
    const bool fresh = !m_staged || m_staged->version != version;
    m_staged = Staged{version, *program};
    if (fresh)
        setResult(QStringLiteral("installed %1 at %2").arg(version, installed->path), true);
    applyIfDue();
}

bool SelfUpdater::lastRunFailedFor(const QString &version) const
{
    RunFilter filter;
    filter.service = daemonService();
    filter.limit = 1;
    auto runs = m_ctx.runs.listRuns(filter);
    return runs && !runs->isEmpty() && runs->first().toVersion == version &&
           !is(runs->first().state, RunState::Succeeded) &&
           !is(runs->first().state, RunState::Running);
}

std::optional<QString> SelfUpdater::windowClosed() const
{
    if (m_apply == Apply::Now)
        return std::nullopt;
    if (m_feed.window.isEmpty())
        return QStringLiteral("no window set; `cutoverctl daemon update --now` applies it");
    auto window = m_ctx.windows.window(m_feed.window);
    if (!window)
        return window.error().message;
    if (window->value(QStringLiteral("open_now")).toBool())
        return std::nullopt;
    return QStringLiteral("waits for window %1").arg(m_feed.window);
}

void SelfUpdater::applyIfDue()
{
    if (!m_staged || m_underWay || !m_ctx.starter)
        return;
    if (windowClosed())
        return;
    // A release that failed (or was rolled back) is not tried again by the window: only when
    // an operator asks, so that a broken release does not hand over every 30 s.
    if (!m_operatorAsked && lastRunFailedFor(m_staged->version))
        return;
    if (auto why = m_ctx.blocker ? m_ctx.blocker() : std::nullopt) {
        qCInfo(lcSelfUpdate).noquote() << "self-update to" << m_staged->version << "waits:" << *why;
        return;
    }
    Journal journal(m_ctx.runs, m_ctx.events);
    RunRecord run;
    run.service = daemonService();
    run.fromVersion = m_ctx.runningVersion;
    run.toVersion = m_staged->version;
    run.strategy = QStringLiteral("handover");
    run.trigger = m_apply == Apply::Now ? QStringLiteral("manual") : QStringLiteral("window");
    run.details = QJsonObject{{QStringLiteral("binary"), m_staged->program},
                              {QStringLiteral("predecessor_pid"), qint64(::getpid())},
                              {QStringLiteral("ready_timeout_ms"), m_feed.readyTimeoutMs}};
    auto opened = journal.open(run);
    if (!opened) {
        setResult(QStringLiteral("cannot open the self-update run: ") + opened.error().message,
                  false);
        return;
    }
    auto step = journal.beginStep(QStringLiteral("start"), m_staged->program);
    if (!step) {
        (void)journal.close(QStringLiteral("failed"), step.error().message);
        return;
    }
    const SelfUpdateStart request{journal.runId(), m_staged->program, m_staged->version,
                                  m_feed.readyTimeoutMs};
    auto pid = m_ctx.starter(request);
    if (!pid) {
        (void)journal.finishStep(*step, QStringLiteral("failed"), pid.error().message);
        (void)journal.close(QStringLiteral("failed"), pid.error().message);
        if (auto closed = m_ctx.runs.findRun(journal.runId()))
            Q_EMIT runFinished(*closed);
        m_apply = Apply::InWindow;
        m_operatorAsked = false;
        return;
    }
    m_underWay = true;
    m_operatorAsked = false;
    journal.recordDetails({{QStringLiteral("successor_pid"), *pid}});
    (void)journal.finishStep(*step, QStringLiteral("done"), QStringLiteral("pid %1").arg(*pid));
    (void)journal.beginStep(
        QStringLiteral("handover"),
        QStringLiteral("pid %1 takes the listeners over and serves within %2 ms")
            .arg(*pid)
            .arg(m_feed.readyTimeoutMs));
    m_apply = Apply::InWindow;
}

Status SelfUpdater::closeRun(qint64 runId, RunState state, const QString &reason)
{
    auto run = m_ctx.runs.findRun(runId);
    if (!run)
        return fail(run.error());
    if (auto steps = m_ctx.runs.steps(runId)) {
        const bool ok = state == RunState::Succeeded;
        for (const RunStepRecord &step : std::as_const(*steps)) {
            if (!is(step.state, StepState::Running))
                continue;
            const QString detail = ok ? QStringLiteral("pid %1 (version %2) serves")
                                            .arg(qint64(::getpid()))
                                            .arg(m_ctx.runningVersion)
                                      : reason;
            if (auto st = m_ctx.runs.finishStep(
                    step.id, ok ? QStringLiteral("done") : QStringLiteral("failed"), detail);
                !st)
                return st;
            RunStepRecord closed = step;
            closed.state = ok ? QStringLiteral("done") : QStringLiteral("failed");
            closed.detail = detail;
            closed.finishedAt = m_ctx.clock.now();
            QJsonObject event = Journal::toJson(closed);
            event.insert(QStringLiteral("service"), run->service);
            m_ctx.events(QStringLiteral("run.step"), event);
        }
    }
    run->state = toText(state);
    run->reason = reason;
    run->finishedAt = m_ctx.clock.now();
    run->details.insert(QStringLiteral("serving_pid"), qint64(::getpid()));
    run->details.insert(QStringLiteral("serving_version"), m_ctx.runningVersion);
    if (auto st = m_ctx.runs.updateRun(*run); !st)
        return st;
    m_underWay = false;
    m_ctx.events(QStringLiteral("run.finished"), Journal::toJson(*run));
    Q_EMIT runFinished(*run);
    if (state == RunState::Succeeded)
        m_staged.reset();
    return {};
}

void SelfUpdater::setResult(const QString &result, bool ok)
{
    m_feed.lastResult = result;
    if (m_feed.isSet()) {
        if (auto st = m_feed.save(feedPath()); !st)
            qCWarning(lcSelfUpdate).noquote() << st.error().message;
    }
    if (!ok)
        qCWarning(lcSelfUpdate).noquote() << "cutoverd's feed:" << result;
    QJsonObject data = status();
    data.insert(QStringLiteral("ok"), ok);
    m_ctx.events(QStringLiteral("daemon.feed"), data);
}

} // namespace cutover
