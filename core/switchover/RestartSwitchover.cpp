#include "switchover/RestartSwitchover.h"

#include "bridge/Bridge.h"
#include "common/FileUtil.h"
#include "supervisor/Instance.h"

#include <QDir>
#include <QFileInfo>

namespace cutover {

RestartSwitchover::RestartSwitchover(HostedService &service, ReleaseRecord target,
                                     Journal runJournal, QObject *parent, bool freshState)
    : Switchover(std::move(runJournal), parent)
    , m_service(service)
    , m_target(std::move(target))
    , m_previousVersion(service.record().activeVersion)
    , m_old(service.active())
    , m_freshState(freshState)
{
    addPreHookStep(service.settings());
    addStep(QStringLiteral("stop-old"), [this](Done done) {
        if (Bridge *bridge = m_service.bridge()) {
            bridge->pause();
            journal().recordDetails(
                {{QStringLiteral("routing_override"), bridge->policy().toJson()}});
        }
        stopInstance(m_old, [this, done](Status st, const QString &detail) {
            m_oldStopped = true;
            done(st, detail);
        });
    });
    addStep(QStringLiteral("start-new"), [this](Done done) {
        QString note;
        if (m_freshState) {
            auto aside = setStateAside();
            if (!aside) {
                done(fail(aside.error()), {});
                return;
            }
            note = *aside;
        }
        auto launched = m_service.launch(m_target.version, QStringLiteral("candidate"), false);
        if (!launched) {
            done(fail(launched.error()), {});
            return;
        }
        m_new = *launched;
        done({},
             note + QStringLiteral("pid %1 on port %2").arg(m_new.instance->pid()).arg(m_new.port));
    });
    addStep(QStringLiteral("wait-ready"), [this](Done done) { waitReady(m_new.instance, done); });
    addStep(QStringLiteral("activate"), [this](Done done) {
        m_service.promote(m_new, m_target.version);
        m_service.restoreRouting();
        done({}, QStringLiteral("%1 %2 active").arg(m_service.name(), m_target.version));
    });
    // A failing post-hook rolls back: stop-new, then restart the previous release.
    addPostHookStep(service.settings());
    addStep(QStringLiteral("prune"), [this](Done done) {
        auto removed = m_service.prune(m_previousVersion);
        done({}, removed ? (removed->isEmpty() ? QStringLiteral("nothing to remove")
                                               : QStringLiteral("removed ") + removed->join(u' '))
                         : QStringLiteral("not pruned: ") + removed.error().message);
    });
}

void RestartSwitchover::rollback(const QString &failedStep, const Error &error)
{
    const QString reason = QStringLiteral("%1 failed: %2").arg(failedStep, error.message);
    if (m_new.instance) {
        Instance *failed = m_new.instance;
        runRollbackStep(
            QStringLiteral("stop-new"), [this, failed](Done d) { stopInstance(failed, d); },
            [this, reason](Status) { restartPrevious(reason); });
        return;
    }
    restartPrevious(reason);
}

void RestartSwitchover::restartPrevious(const QString &reason)
{
    if (!m_oldStopped) {
        m_service.restoreRouting();
        complete(QStringLiteral("rolled_back"), reason);
        return;
    }
    runRollbackStep(
        QStringLiteral("restart-previous"),
        [this](Done done) {
            if (auto st = putStateBack(); !st) {
                done(fail(st.error()), {});
                return;
            }
            auto launched = m_service.launch(m_previousVersion, QStringLiteral("candidate"), false);
            if (!launched) {
                done(fail(launched.error()), {});
                return;
            }
            m_new = *launched;
            waitReady(m_new.instance, done);
        },
        [this, reason](Status st) {
            if (!st) {
                m_service.clearActive();
                complete(QStringLiteral("failed"),
                         reason + QStringLiteral("; restarting %1 failed too: %2")
                                      .arg(m_previousVersion, st.error().message));
                return;
            }
            m_service.promote(m_new, m_previousVersion);
            m_service.restoreRouting();
            complete(QStringLiteral("rolled_back"),
                     reason + QStringLiteral("; %1 restored").arg(m_previousVersion));
        });
}

Result<QString> RestartSwitchover::setStateAside()
{
    const QString dir = m_service.stateDir();
    if (!QFileInfo::exists(dir)) {
        QDir().mkpath(dir);
        return QStringLiteral("no state to set aside; ");
    }
    const QString aside = dir + QStringLiteral(".before-run-%1").arg(run().id);
    // Journalled before the move: after a crash, recovery finds the old state there and puts it
    // back when the new release never became active (Recovery.cpp).
    journal().recordDetails({{QStringLiteral("state_set_aside"), aside}});
    if (!QDir().rename(dir, aside))
        return fail(Error::io(
            QStringLiteral("cannot move the state directory %1 aside to %2").arg(dir, aside)));
    m_stateAside = aside;
    if (!QDir().mkpath(dir))
        return fail(
            Error::io(QStringLiteral("cannot create an empty state directory %1").arg(dir)));
    (void)fileutil::fsyncPath(QFileInfo(dir).absolutePath());
    return QStringLiteral("state moved aside to %1; %2 starts on an empty state directory; ")
        .arg(aside, m_target.version);
}

Status RestartSwitchover::putStateBack()
{
    if (m_stateAside.isEmpty())
        return {};
    const QString dir = m_service.stateDir();
    // What the failed release wrote is kept for inspection, unless it wrote nothing.
    const QString failed = dir + QStringLiteral(".failed-run-%1").arg(run().id);
    if (QFileInfo::exists(dir) && !QDir().rmdir(dir) && !QDir().rename(dir, failed))
        return fail(Error::io(QStringLiteral("cannot move the state of the failed release from %1 "
                                             "to %2; the previous state is in %3")
                                  .arg(dir, failed, m_stateAside)));
    if (!QDir().rename(m_stateAside, dir))
        return fail(Error::io(QStringLiteral("cannot move the previous state back from %1 to %2")
                                  .arg(m_stateAside, dir)));
    (void)fileutil::fsyncPath(QFileInfo(dir).absolutePath());
    m_stateAside.clear();
    journal().recordDetails({{QStringLiteral("state_restored"), true}});
    return {};
}

} // namespace cutover
