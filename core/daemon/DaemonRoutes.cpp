#include "daemon/DaemonRoutes.h"

#include "api/Router.h"
#include "daemon/Daemon.h"

#include <QJsonObject>

#include <unistd.h>

namespace cutover {

namespace {
using M = QHttpServerRequest::Method;
} // namespace

void DaemonRoutes::install(Router &router) const
{
    const QDateTime since = startedAt;
    router.add(M::Get, QStringLiteral("/api/v1/daemon"),
               [since](const ApiRequest &) -> Result<ApiResponse> {
                   return ApiResponse::ok(QJsonObject{
                       {QStringLiteral("pid"), qint64(::getpid())},
                       {QStringLiteral("version"), QStringLiteral(CUTOVER_VERSION_STRING)},
                       {QStringLiteral("started_at"), since.toString(Qt::ISODateWithMs)}});
               });
    router.add(
        M::Post, QStringLiteral("/api/v1/daemon/restart"),
        [&d = daemon, spawn = spawnSuccessor](const ApiRequest &) -> Result<ApiResponse> {
            if (!spawn)
                return fail(
                    Error::conflict(QStringLiteral("this cutoverd cannot start a successor")));
            // Refused here rather than by the hand-over, so that no successor is started
            // only to be turned away.
            if (auto why = d.handoverBlocker())
                return fail(Error::conflict(*why));
            auto pid = spawn();
            if (!pid)
                return fail(pid.error());
            return ApiResponse::accepted(QJsonObject{{QStringLiteral("pid"), qint64(::getpid())},
                                                     {QStringLiteral("successor_pid"), *pid}});
        });
}

} // namespace cutover
