#pragma once

#include "switchover/HostedService.h"
#include "switchover/Switchover.h"

namespace cutover {

// Strategy `restart` (first design, variant 1): the old instance closes its port, writes its
// state and exits; the new release starts on the same state directory and reads it back.
// Behind a bridge the listener stays open but stops accepting for the gap, so clients wait in
// the backlog instead of being refused.
class RestartSwitchover final : public Switchover
{
    Q_OBJECT

public:
    // `freshState`: the new release starts on an empty state directory; the old state is moved
    // aside (details.state_set_aside) and put back if the run rolls back.
    RestartSwitchover(HostedService &service, ReleaseRecord target, Journal journal,
                      QObject *parent, bool freshState = false);

protected:
    void rollback(const QString &failedStep, const Error &error) override;

private:
    void restartPrevious(const QString &reason);
    [[nodiscard]] Result<QString> setStateAside();
    [[nodiscard]] Status putStateBack();

    HostedService &m_service;
    ReleaseRecord m_target;
    QString m_previousVersion;
    QPointer<Instance> m_old;
    HostedService::Launched m_new;
    bool m_oldStopped = false;
    bool m_freshState = false;
    QString m_stateAside; // where the old state was moved; empty while it is in place
};

} // namespace cutover
