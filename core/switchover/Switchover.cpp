#include "switchover/Switchover.h"

#include "supervisor/Instance.h"

#include <QTimer>

#include <memory>

namespace cutover {

Switchover::Switchover(Journal journal, QObject *parent)
    : QObject(parent)
    , m_journal(std::move(journal))
{}

Switchover::~Switchover() = default;

void Switchover::addStep(const QString &name, std::function<void(Done)> action)
{
    m_steps.append({name, std::move(action)});
}

void Switchover::start()
{
    QTimer::singleShot(0, this, &Switchover::runNext);
}

void Switchover::runNext()
{
    if (m_finished)
        return;
    if (m_next >= m_steps.size()) {
        complete(QStringLiteral("succeeded"), {});
        return;
    }
    const Step step = m_steps.at(m_next++);
    const auto stepId = m_journal.beginStep(step.name);
    if (!stepId) {
        rollback(step.name, stepId.error().context(QStringLiteral("cannot journal step")));
        return;
    }
    // Guards against an action calling back twice (e.g. a timeout racing a signal).
    auto called = std::make_shared<bool>(false);
    step.action(
        [this, called, id = *stepId, name = step.name](Status status, const QString &detail) {
            if (*called || m_finished)
                return;
            *called = true;
            if (status) {
                m_journal.finishStep(id, QStringLiteral("done"), detail);
                QTimer::singleShot(0, this, &Switchover::runNext);
            } else {
                m_journal.finishStep(id, QStringLiteral("failed"), status.error().message);
                rollback(name, status.error());
            }
        });
}

void Switchover::runRollbackStep(const QString &name, const std::function<void(Done)> &action,
                                 const std::function<void(Status)> &then)
{
    const auto stepId = m_journal.beginStep(name);
    const qint64 id = stepId ? *stepId : 0;
    auto called = std::make_shared<bool>(false);
    action([this, called, id, then](Status status, const QString &detail) {
        if (*called)
            return;
        *called = true;
        if (id)
            m_journal.finishStep(id, status ? QStringLiteral("done") : QStringLiteral("failed"),
                                 status ? detail : status.error().message);
        then(status);
    });
}

void Switchover::complete(const QString &state, const QString &reason)
{
    if (m_finished)
        return;
    m_finished = true;
    m_journal.close(state, reason);
    emit finished(m_journal.run());
}

void Switchover::waitReady(Instance *instance, const Done &done)
{
    auto called = std::make_shared<bool>(false);
    auto once = [called, done](Status st, const QString &detail) {
        if (*called)
            return;
        *called = true;
        done(st, detail);
    };
    connect(instance, &Instance::ready, this,
            [once, instance] { once({}, QStringLiteral("pid %1 ready").arg(instance->pid())); });
    connect(instance, &Instance::readinessFailed, this,
            [once](const Error &error) { once(fail(error), {}); });
    instance->waitReady();
}

void Switchover::stopInstance(Instance *instance, const Done &done)
{
    if (!instance || instance->state() == Instance::State::Exited) {
        done({}, QStringLiteral("already stopped"));
        return;
    }
    QPointer<Instance> guard(instance);
    connect(instance, &Instance::stopped, this, [done, guard] {
        done({}, guard ? QStringLiteral("pid %1 stopped").arg(guard->pid()) : QString());
    });
    instance->stop();
}

} // namespace cutover
