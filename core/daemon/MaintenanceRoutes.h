#pragma once

namespace cutover {

class MaintenanceRunner;
class Router;

// /api/v1/maintenance: the operator's maintenance requests (targets in order, a release, state
// sync, a window or now, a temporary routing policy), their journal, and cancelling one that has
// not started. See docs/api.md and docs/maintenance-windows.md.
struct MaintenanceRoutes
{
    MaintenanceRunner &runner;

    void install(Router &router) const;
};

} // namespace cutover
