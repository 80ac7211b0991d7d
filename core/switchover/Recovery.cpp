// VersionManager::recover(): what cutoverd does at start with what the previous cutoverd left.
#include "registry/InstanceRepository.h"
#include "registry/RunRepository.h"
#include "registry/ServiceRepository.h"
#include "supervisor/Instance.h"
#include "supervisor/ProcFs.h"
#include "switchover/HostedService.h"
#include "switchover/VersionManager.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QThread>

#include <csignal>

Q_DECLARE_LOGGING_CATEGORY(lcManager)

namespace cutover {

namespace {

// Kills what is left of an instance that a previous cutoverd started (checked by its start
// ticks, so that a reused pid is left alone) and waits until it is gone.
void killLeftover(const InstanceRecord &row)
{
    auto stat = procfs::readStat(row.pid);
    if (!stat || stat->startTicks != row.startTicks)
        return;
    ::kill(pid_t(row.pgid > 0 ? -row.pgid : row.pid), SIGKILL);
    QDeadlineTimer deadline(5000);
    while (procfs::isAlive(row.pid) && !deadline.hasExpired())
        QThread::msleep(10);
}

} // namespace

Status VersionManager::recover()
{
    putBackSetAsideState();
    auto records = m_ctx.services.list();
    if (!records)
        return fail(records.error());
    for (const ServiceRecord &record : *records) {
        auto hosted = host(record);
        if (!hosted) {
            // One service that cannot listen (its address was taken meanwhile) must not keep
            // the daemon, and every other service, down.
            qCWarning(lcManager).noquote() << record.name << hosted.error().message;
            continue;
        }
        HostedService *svc = *hosted;
        auto rows = m_ctx.instances.list(record.name);
        if (!rows)
            return fail(rows.error());
        bool activeAdopted = false;
        for (const InstanceRecord &row : *rows) {
            const bool wanted = row.role == QLatin1StringView("active") &&
                                row.version == record.activeVersion && !activeAdopted &&
                                record.desiredState == QLatin1StringView("running");
            auto adopted = svc->adopt(row);
            if (!adopted) {
                // Gone (or its pid now belongs to another program): forget it.
                qCInfo(lcManager).noquote() << record.name << "instance" << row.pid
                                            << "not adopted:" << adopted.error().message;
                (void)m_ctx.instances.remove(row.id);
                continue;
            }
            if (wanted) {
                svc->promote(*adopted, row.version);
                activeAdopted = true;
                qCInfo(lcManager).noquote()
                    << record.name << record.activeVersion << "re-adopted, pid" << row.pid;
            } else {
                // A candidate or a draining instance of a run that the previous cutoverd did
                // not finish: the registry's active release is the one that stays.
                adopted->instance->stop();
            }
        }
        if (!activeAdopted && record.desiredState == QLatin1StringView("running")) {
            if (auto st = svc->startService(record.activeVersion); !st)
                qCWarning(lcManager).noquote() << record.name << st.error().message;
        }
    }
    closeInterruptedRuns();
    return {};
}

void VersionManager::closeInterruptedRuns()
{
    auto runs = m_ctx.runs.unfinishedRuns();
    if (!runs)
        return;
    for (RunRecord run : *runs) {
        QString lastStep;
        if (auto steps = m_ctx.runs.steps(run.id)) {
            for (const RunStepRecord &step : *steps) {
                if (step.state == QLatin1StringView("running")) {
                    (void)m_ctx.runs.finishStep(step.id, QStringLiteral("failed"),
                                                QStringLiteral("interrupted: cutoverd stopped"));
                }
                lastStep = step.name;
            }
        }
        const HostedService *svc = m_services.value(run.service);
        const QString active = svc ? svc->record().activeVersion : QString();
        run.state = QStringLiteral("failed");
        run.reason = QStringLiteral("cutoverd stopped during step '%1'; on restart the original "
                                    "routing policy was restored, %2 %3 is active")
                         .arg(lastStep.isEmpty() ? QStringLiteral("(none)") : lastStep, run.service,
                              active.isEmpty() ? QStringLiteral("(none)") : active);
        (void)m_ctx.runs.updateRun(run);
        publish(QStringLiteral("run.finished"), Journal::toJson(run));
    }
}

void VersionManager::putBackSetAsideState()
{
    // A run that started its release on an empty state directory (UpgradeOptions::freshState)
    // and was interrupted before that release became active: the previous release, started
    // again below, must find its own state.
    auto runs = m_ctx.runs.unfinishedRuns();
    if (!runs)
        return;
    for (RunRecord run : *runs) {
        const QString aside = run.details.value(QStringLiteral("state_set_aside")).toString();
        if (aside.isEmpty() || run.details.value(QStringLiteral("state_restored")).toBool() ||
            !QFileInfo::exists(aside))
            continue;
        auto service = m_ctx.services.find(run.service);
        if (!service || service->activeVersion == run.toVersion)
            continue;
        // The run's candidate started on the empty directory and may still run. Stopped the
        // usual way it would write its own state over the one put back, so it is killed first:
        // its state is the failed release's, with nothing to keep.
        if (auto rows = m_ctx.instances.list(run.service)) {
            for (const InstanceRecord &row : std::as_const(*rows)) {
                if (row.role != QLatin1StringView("candidate") || row.version != run.toVersion)
                    continue;
                killLeftover(row);
                (void)m_ctx.instances.remove(row.id);
            }
        }
        const QString dir = m_ctx.dataDir.stateDir(run.service);
        const QString failed = dir + QStringLiteral(".failed-run-%1").arg(run.id);
        if ((QFileInfo::exists(dir) && !QDir().rmdir(dir) && !QDir().rename(dir, failed)) ||
            !QDir().rename(aside, dir)) {
            qCWarning(lcManager).noquote() << run.service << "cannot put the state set aside by run"
                                           << run.id << "back from" << aside << "to" << dir;
            continue;
        }
        run.details.insert(QStringLiteral("state_restored"), true);
        (void)m_ctx.runs.updateRun(run);
        qCInfo(lcManager).noquote()
            << run.service << "state of" << service->activeVersion << "put back from" << aside
            << "(run" << run.id << "was interrupted)";
    }
}

} // namespace cutover
