#pragma once

#include <QJsonObject>
#include <QString>

#include <functional>

namespace cutover {

class Router;
class VersionManager;
class WindowBook;

// /api/v1/windows (maintenance windows) and the windows of a service. See docs/api.md and
// docs/maintenance-windows.md. Publishes window.changed for every window added, replaced or
// removed, and for the windows whose services changed when a service's windows are set; the
// services' service.changed follows from WindowBook::changed (Daemon).
struct WindowRoutes
{
    WindowBook &windows;
    VersionManager &manager;
    std::function<void(const QString &type, const QJsonObject &data)> publish;

    void install(Router &router) const;
};

} // namespace cutover
