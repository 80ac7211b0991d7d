#include "daemon/WindowRoutes.h"

#include "api/Router.h"
#include "common/JsonReader.h"
#include "schedule/WindowBook.h"
#include "switchover/FeedManager.h"
#include "switchover/Journal.h"
#include "switchover/VersionManager.h"

#include <QJsonArray>

namespace cutover {

namespace {
using M = QHttpServerRequest::Method;
} // namespace

void WindowRoutes::install(Router &router) const
{
    WindowBook &book = windows;
    VersionManager &vm = manager;
    FeedManager &fm = feeds;

    router.add(M::Get, QStringLiteral("/api/v1/windows"),
               [&book](const ApiRequest &) -> Result<ApiResponse> {
                   auto list = book.list();
                   if (!list)
                       return fail(list.error());
                   return ApiResponse::ok(*list);
               });

    // Adds a window, or replaces the one with that name (201 or 200).
    router.add(M::Post, QStringLiteral("/api/v1/windows"),
               [&book](const ApiRequest &req) -> Result<ApiResponse> {
                   auto body = req.jsonBody();
                   if (!body)
                       return fail(body.error());
                   bool created = false;
                   auto window = book.put(*body, &created);
                   if (!window)
                       return fail(window.error());
                   return created ? ApiResponse::created(*window) : ApiResponse::ok(*window);
               });

    router.add(M::Get, QStringLiteral("/api/v1/windows/{name}"),
               [&book](const ApiRequest &req) -> Result<ApiResponse> {
                   auto window = book.window(req.param(QStringLiteral("name")));
                   if (!window)
                       return fail(window.error());
                   return ApiResponse::ok(*window);
               });

    router.add(M::Delete, QStringLiteral("/api/v1/windows/{name}"),
               [&book](const ApiRequest &req) -> Result<ApiResponse> {
                   if (auto st = book.remove(req.param(QStringLiteral("name"))); !st)
                       return fail(st.error());
                   return ApiResponse::noContent();
               });

    router.add(
        M::Put, QStringLiteral("/api/v1/services/{name}/windows"),
        [&book, &vm](const ApiRequest &req) -> Result<ApiResponse> {
            const QString name = req.param(QStringLiteral("name"));
            if (!vm.hosted(name))
                return fail(Error::notFound(QStringLiteral("no service named '%1'").arg(name)));
            auto body = req.jsonBody();
            if (!body)
                return fail(body.error());
            JsonReader r(*body);
            if (!r.has(QStringLiteral("windows")))
                return fail(Error::invalid(
                    QStringLiteral("windows is required: a list of window names ([] for none)")));
            const QStringList names = r.optionalStringList(QStringLiteral("windows"));
            if (auto st = r.finish(); !st)
                return fail(st.error());
            if (auto st = book.assign(name, names); !st)
                return fail(st.error());
            return ApiResponse::ok(*vm.service(name));
        });

    router.add(M::Post, QStringLiteral("/api/v1/services/{name}/approve"),
               [&fm](const ApiRequest &req) -> Result<ApiResponse> {
                   auto body = req.jsonBody();
                   if (!body)
                       return fail(body.error());
                   JsonReader r(*body);
                   const QString version = r.requiredString(QStringLiteral("version"));
                   if (auto st = r.finish(); !st)
                       return fail(st.error());
                   auto run = fm.approve(req.param(QStringLiteral("name")), version);
                   if (!run)
                       return fail(run.error());
                   return ApiResponse::accepted(Journal::toJson(*run));
               });
}

} // namespace cutover
