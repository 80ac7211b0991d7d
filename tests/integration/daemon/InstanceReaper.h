#pragma once

#include <QJsonObject>
#include <QSet>

#include <sys/types.h>

namespace cutover::test {

// The instances a test of a service other than kvdemo saw (cutoverd starts each as the leader
// of a process group of its own). A failed check leaves them running, as instances outlive
// cutoverd by design: every group seen is killed, by its id, when the reaper goes.
class InstanceReaper final
{
    Q_DISABLE_COPY_MOVE(InstanceReaper)

public:
    InstanceReaper() = default;
    ~InstanceReaper();

    // Notes the instances of `service` (its object as GET /api/v1/services/{name} answers).
    void see(const QJsonObject &service);
    [[nodiscard]] const QSet<pid_t> &groups() const { return m_groups; }
    // Processes still in those groups (an instance and its children, nginx's workers say).
    [[nodiscard]] int processesLeft() const;

private:
    QSet<pid_t> m_groups;
};

} // namespace cutover::test
