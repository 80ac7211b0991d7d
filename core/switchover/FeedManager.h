#pragma once

#include "common/DataDir.h"
#include "common/Error.h"
#include "feeds/FeedRelease.h"
#include "registry/Records.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QTimer;

namespace cutover {

class Clock;
class Downloader;
class FeedPoller;
class FeedRepository;
class VersionManager;
struct FeedFetchResult;

// What the operator gives when attaching a data server's feed to a service.
struct FeedRegistration
{
    QString service;
    QString url;       // of manifest.json
    QString publicKey; // minisign public key string, pinned
    QString channel = QStringLiteral("stable");
    qint64 intervalMs = 15 * 60 * 1000;
    QString pin;
    int delayDays = 0;

    static Result<FeedRegistration> fromJson(const QJsonObject &json);
};

// What a service's maintenance windows say at one instant (cutoverd answers from WindowBook).
struct WindowGate
{
    bool assigned = false; // the service has windows; without any, releases apply at once
    bool open = false;
    QDateTime nextOpen; // invalid: none of its windows opens again
    QString nextWindow; // the window opening at nextOpen
};

// The version management server's side of the data servers (first design): polls each
// service's feed (or checks at once on a signed push), verifies the manifest, decides, downloads
// and verifies the release, installs it, and hands it to the VersionManager according to the
// service's policy (docs/maintenance-windows.md, "Upgrade policies"):
// - `auto` switches over while one of the service's windows is open, otherwise the release
//   stays installed and pending until a timer at the next opening (a critical release applies at
//   once when the service's settings say critical_outside_window); no window: at once;
// - `notify` keeps it pending until the operator approves it (approve());
// - `manual` keeps it pending until the operator upgrades.
class FeedManager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FeedManager)

public:
    using EventSink = std::function<void(const QString &type, const QJsonObject &data)>;
    using WindowGateFn = std::function<WindowGate(const QString &service, const QDateTime &now)>;

    FeedManager(VersionManager &manager, FeedRepository &feeds, const Clock &clock, DataDir dataDir,
                EventSink events, QObject *parent = nullptr);
    ~FeedManager() override;

    // Loads the registered feeds and starts polling them.
    [[nodiscard]] Status start();

    // The answer carries the feed's push secret, shown only here.
    [[nodiscard]] Result<QJsonObject> add(const FeedRegistration &registration);
    [[nodiscard]] Status remove(qint64 id);
    [[nodiscard]] QJsonArray list() const;
    [[nodiscard]] Result<QJsonObject> feed(qint64 id) const;
    [[nodiscard]] QList<qint64> ids() const { return m_feeds.keys(); }
    [[nodiscard]] Status checkNow(qint64 id);
    // A data server's push: `signature` is the X-Cutover-Signature header.
    [[nodiscard]] Status notify(qint64 id, const QByteArray &body, const QString &signature);

    // Without a gate every service behaves as if it had no window.
    void setWindowGate(WindowGateFn gate) { m_gate = std::move(gate); }
    // Windows or their assignment changed: releases waiting for a window look again, and their
    // timers move to the new opening.
    void windowsChanged();
    // The operator's go for a pending release (policy notify, or any release still waiting):
    // the switchover starts now with trigger "approved". Not pending -> conflict.
    [[nodiscard]] Result<RunRecord> approve(const QString &service, const QString &version);
    // {"version", "critical", "waits_for": "window"|"approval"|"operator", "runs_at": ISO or
    //  null, "message", "feed"}; nullopt when nothing waits.
    [[nodiscard]] std::optional<QJsonObject> pendingRelease(const QString &service) const;

private:
    struct Watched
    {
        FeedRecord record;
        QPointer<FeedPoller> poller;
        QPointer<Downloader> download;
        QString downloading; // version
        qint64 received = 0;
        qint64 total = 0;
        bool pushed = false;
        bool handled = false; // the current check's content reached onFetched()
        // An installed release that the policy holds back, and why.
        std::optional<FeedRelease> pending;
        QString waitsFor; // window|approval|operator
        QString pendingNote;
        QDateTime runsAt; // the window opening that applies it; invalid when unknown
        QPointer<QTimer> windowTimer;
    };

    void watch(const FeedRecord &record);
    Status onFetched(qint64 id, const FeedFetchResult &result);
    void consider(qint64 id);
    void download(qint64 id, const FeedRelease &release);
    void onDownloaded(qint64 id, const FeedRelease &release, const QString &path);
    void act(qint64 id, const FeedRelease &release);
    void hold(qint64 id, const FeedRelease &release, const QString &waitsFor,
              const QDateTime &runsAt, const QString &note);
    void clearPending(Watched &feed);
    void armWindowTimer(qint64 id);
    void forget(Watched &feed);
    [[nodiscard]] qint64 feedOf(const QString &service) const;
    void setResult(qint64 id, const QString &result, bool ok);
    [[nodiscard]] QJsonObject provenance(const Watched &feed, const FeedRelease &release) const;
    [[nodiscard]] QJsonObject toJson(const Watched &feed) const;

    VersionManager &m_manager;
    FeedRepository &m_repo;
    const Clock &m_clock;
    DataDir m_dataDir;
    EventSink m_events;
    QNetworkAccessManager *m_network;
    QHash<qint64, Watched> m_feeds;
    WindowGateFn m_gate;
};

} // namespace cutover
