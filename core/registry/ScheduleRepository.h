#pragma once

#include "common/Error.h"
#include "registry/Database.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>

namespace cutover {

// What survives a restart of one service's queue entry (migration 4): the release, when it
// was first queued, the operator's approval, why it waits for the operator, and whether the
// overdue alert went out. Everything else is recomputed.
struct QueueRow
{
    QString service;
    QString version;
    QDateTime queuedAt;
    bool approved = false;
    QString held;
    QDateTime overdueAt;
};

// The unattended queue's persistent state: the operator's freeze and the queue's settings
// (table schedule_state), and the queued releases (upgrade_queue).
class ScheduleRepository final
{
    Q_DISABLE_COPY_MOVE(ScheduleRepository)

public:
    explicit ScheduleRepository(Database &db);

    // A JSON object kept under `key` ("freeze", "config"); empty when never set.
    [[nodiscard]] Result<QJsonObject> state(const QString &key);
    [[nodiscard]] Status setState(const QString &key, const QJsonObject &value);

    // Ordered by service.
    [[nodiscard]] Result<QList<QueueRow>> rows();
    // Inserts or replaces the service's row; an unknown service -> notFound.
    [[nodiscard]] Status put(const QueueRow &row);
    // Nothing to remove is not an error.
    [[nodiscard]] Status remove(const QString &service);

private:
    Database &m_db;
};

} // namespace cutover
