#include "switchover/HotSwitchover.h"

#include "bridge/Bridge.h"
#include "supervisor/Instance.h"
#include "supervisor/NotifyMessage.h"

#include <QTimer>

#include <memory>

namespace cutover {

HotSwitchover::HotSwitchover(HostedService &service, ReleaseRecord target, Journal runJournal,
                             QObject *parent)
    : Switchover(std::move(runJournal), parent)
    , m_service(service)
    , m_target(std::move(target))
    , m_previousVersion(service.record().activeVersion)
    , m_old(service.activeLaunched())
{
    addPreHookStep(service.settings());
    addStep(QStringLiteral("checkpoint"), [this](Done done) { checkpoint(done); });
    addStep(QStringLiteral("start-new"), [this](Done done) {
        auto launched = m_service.launch(m_target.version, QStringLiteral("candidate"), false);
        if (!launched) {
            done(fail(launched.error()), {});
            return;
        }
        m_new = *launched;
        done({}, QStringLiteral("pid %1 on port %2, generation %3")
                     .arg(m_new.instance->pid())
                     .arg(m_new.port)
                     .arg(m_new.generation));
    });
    addStep(QStringLiteral("wait-ready"), [this](Done done) { waitReady(m_new.instance, done); });
    addStep(QStringLiteral("switch"), [this](Done done) {
        Bridge *bridge = m_service.bridge();
        connect(bridge, &Bridge::drained, this,
                [this](quint64 generation, int naturally, int forced) {
                    if (generation != m_old.generation)
                        return;
                    m_drained = true;
                    m_drainedNaturally = naturally;
                    m_drainForced = forced;
                });
        m_service.promote(m_new, m_target.version);
        m_switched = true;
        m_sinceSwitch.start();
        // At the drain timeout the old instance is asked to stop, which lets it close its
        // connections between requests; the bridge's own cut is only the backstop for an
        // instance that does not.
        const int grace = m_old.instance ? m_old.instance->spec().stop.graceMs : 0;
        bridge->drain(m_old.generation,
                      m_service.settings().drainTimeoutMs + grace + kBackstopMarginMs);
        journal().recordDetails({{QStringLiteral("routing_policy"), bridge->policy().toJson()}});
        done({}, QStringLiteral("new connections go to generation %1; generation %2 drains")
                     .arg(m_new.generation)
                     .arg(m_old.generation));
    });
    // Before the bake, while the old instance still drains: a failing post-hook routes back.
    addPostHookStep(service.settings());
    addStep(QStringLiteral("bake"), [this](Done done) { bake(done); });
    addStep(QStringLiteral("drain-old"), [this](Done done) { waitDrained(done); });
    addStep(QStringLiteral("stop-old"), [this](Done done) {
        stopInstance(m_old.instance, done);
        recordFigures();
    });
    addStep(QStringLiteral("prune"), [this](Done done) {
        auto removed = m_service.prune(m_previousVersion);
        done({}, removed ? (removed->isEmpty() ? QStringLiteral("nothing to remove")
                                               : QStringLiteral("removed ") + removed->join(u' '))
                         : QStringLiteral("not pruned: ") + removed.error().message);
    });
}

void HotSwitchover::checkpoint(const Done &done)
{
    Instance *old = m_old.instance;
    const int signal = old ? old->spec().stop.checkpointSignal : 0;
    if (!old || signal == 0) {
        done({}, QStringLiteral("the release declares no checkpoint signal"));
        return;
    }
    // The instance answers CHECKPOINT=1 on its notify socket once the state is on disk, so
    // the new instance never starts from a half-written checkpoint.
    connect(old, &Instance::notifyMessage, this, [done](const NotifyMessage &message) {
        if (message.fields.value(QStringLiteral("CHECKPOINT")) == QLatin1StringView("1"))
            done({}, QStringLiteral("state written"));
    });
    const int timeoutMs = m_service.settings().checkpointTimeoutMs;
    QTimer::singleShot(timeoutMs, Qt::PreciseTimer, this, [done, timeoutMs, label = old->label()] {
        done(fail(Error::timeout(
                 QStringLiteral("%1 did not confirm its checkpoint (CHECKPOINT=1) within %2 ms")
                     .arg(label)
                     .arg(timeoutMs))),
             {});
    });
    if (auto st = old->sendSignal(signal); !st)
        done(fail(st.error()), {});
}

void HotSwitchover::bake(const Done &done)
{
    Instance *fresh = m_new.instance;
    if (fresh->state() == Instance::State::Exited) {
        done(fail(Error::conflict(QStringLiteral("%1 %2 before the bake period began")
                                      .arg(fresh->label(), fresh->exitDescription()))),
             {});
        return;
    }
    connect(fresh, &Instance::exited, this, [this, done, fresh](int, int, bool) {
        if (m_baked)
            return;
        done(fail(Error::conflict(QStringLiteral("%1 %2 during the bake period")
                                      .arg(fresh->label(), fresh->exitDescription()))),
             {});
    });
    const int bakeMs = m_service.settings().bakeMs;
    QTimer::singleShot(bakeMs, Qt::PreciseTimer, this, [this, done, bakeMs] {
        m_baked = true;
        done({}, QStringLiteral("survived %1 ms").arg(bakeMs));
    });
}

void HotSwitchover::waitDrained(const Done &done)
{
    auto report = [this, done] {
        const int atTimeout = std::max(0, m_openAtTimeout);
        done({}, QStringLiteral("%1 closed by their clients, %2 still open at the drain timeout "
                                "closed by stopping the old instance, %3 cut by the bridge")
                     .arg(std::max(0, m_drainedNaturally - atTimeout))
                     .arg(atTimeout)
                     .arg(m_drainForced));
    };
    if (m_drained) {
        report();
        return;
    }
    connect(m_service.bridge(), &Bridge::drained, this,
            [this, report](quint64 generation, int, int) {
                if (generation == m_old.generation)
                    report();
            });
    const qint64 remaining =
        std::max<qint64>(0, m_service.settings().drainTimeoutMs - m_sinceSwitch.elapsed());
    QTimer::singleShot(remaining, Qt::PreciseTimer, this, [this] {
        if (m_drained || !m_old.instance)
            return;
        m_openAtTimeout = m_service.bridge()->connectionCount(m_old.generation);
        m_old.instance->stop();
    });
}

void HotSwitchover::recordFigures()
{
    if (Bridge *bridge = m_service.bridge())
        journal().recordDetails(
            {{QStringLiteral("bridge"), bridge->snapshot().toJson()},
             {QStringLiteral("drain"),
              QJsonObject{{QStringLiteral("generation"), qint64(m_old.generation)},
                          {QStringLiteral("closed_naturally"), m_drainedNaturally},
                          {QStringLiteral("open_at_timeout"), std::max(0, m_openAtTimeout)},
                          {QStringLiteral("forced"), m_drainForced}}}});
}

void HotSwitchover::rollback(const QString &failedStep, const Error &error)
{
    const QString reason = QStringLiteral("%1 failed: %2").arg(failedStep, error.message);
    if (m_baked) {
        // The new release is serving and survived its bake period; what failed afterwards
        // (stopping the drained instance, pruning) does not undo the switchover.
        recordFigures();
        complete(QStringLiteral("succeeded"), QStringLiteral("warning: ") + reason);
        return;
    }
    if (m_switched) {
        routeBack(reason);
        return;
    }
    Instance *candidate = m_new.instance;
    runRollbackStep(
        QStringLiteral("stop-new"), [this, candidate](Done d) { stopInstance(candidate, d); },
        [this, reason](Status) {
            recordFigures();
            complete(QStringLiteral("rolled_back"),
                     reason + QStringLiteral("; %1 kept serving").arg(m_previousVersion));
        });
}

void HotSwitchover::routeBack(const QString &reason)
{
    runRollbackStep(
        QStringLiteral("route-back"),
        [this](Done done) {
            if (m_old.instance && m_old.instance->state() != Instance::State::Exited) {
                // A new generation for the same instance: the connections of the old one are
                // still draining, and the bridge's backstop must not cut the new ones.
                m_old.generation = m_service.nextGeneration();
                m_service.promote(m_old, m_previousVersion);
                done({}, QStringLiteral("new connections go to generation %1 again")
                             .arg(m_old.generation));
                return;
            }
            // The old instance is gone too: start the previous release again.
            auto launched = m_service.launch(m_previousVersion, QStringLiteral("candidate"), false);
            if (!launched) {
                done(fail(launched.error()), {});
                return;
            }
            m_old = *launched;
            waitReady(m_old.instance, [this, done](Status st, const QString &detail) {
                if (st)
                    m_service.promote(m_old, m_previousVersion);
                done(st, detail);
            });
        },
        [this, reason](Status st) {
            if (m_new.instance)
                m_new.instance->stop();
            recordFigures();
            const qint64 inFlight =
                m_service.bridge()->snapshot().generation(m_new.generation).inFlightOnCrash;
            if (!st) {
                m_service.clearActive();
                complete(QStringLiteral("failed"),
                         reason + QStringLiteral("; routing back failed too: ") +
                             st.error().message);
                return;
            }
            complete(QStringLiteral("rolled_back"),
                     reason + QStringLiteral("; traffic routed back to %1 (%2 request(s) were in "
                                             "flight on the failed instance)")
                                  .arg(m_previousVersion)
                                  .arg(inFlight));
        });
}

} // namespace cutover
