#pragma once

#include "switchover/HostedService.h"
#include "switchover/Switchover.h"

#include <QElapsedTimer>

namespace cutover {

// Strategy `hot` (first design, variant 2; second design): the new instance starts beside the
// old one, the bridge sends new connections to it once it is ready, the old one drains and is
// stopped. Before the switch any failure leaves the old instance serving; during the bake
// period after it, an exit of the new instance routes traffic back to the old one.
class HotSwitchover final : public Switchover
{
    Q_OBJECT

public:
    HotSwitchover(HostedService &service, ReleaseRecord target, Journal journal, QObject *parent);

protected:
    void rollback(const QString &failedStep, const Error &error) override;

private:
    void checkpoint(const Done &done);
    void bake(const Done &done);
    void waitDrained(const Done &done);
    void routeBack(const QString &reason);
    void recordFigures();

    HostedService &m_service;
    ReleaseRecord m_target;
    QString m_previousVersion;
    HostedService::Launched m_old;
    HostedService::Launched m_new;
    bool m_switched = false;
    bool m_baked = false;
    bool m_drained = false;
    int m_drainedNaturally = 0;
    int m_drainForced = 0;
    int m_openAtTimeout = -1;
    QElapsedTimer m_sinceSwitch;
    static constexpr int kBackstopMarginMs = 2000;
};

} // namespace cutover
