#pragma once

namespace cutover {

class Router;
class UpgradeScheduler;
class VersionManager;

// /api/v1/schedule (the unattended queue, its guards and the operator's freeze), the
// operator's approval of a pending release, and a service's policy and settings after
// registration. See docs/api.md and docs/maintenance-windows.md.
struct ScheduleRoutes
{
    UpgradeScheduler &scheduler;
    VersionManager &manager;

    void install(Router &router) const;
};

} // namespace cutover
