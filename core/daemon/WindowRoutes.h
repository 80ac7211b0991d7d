#pragma once

namespace cutover {

class FeedManager;
class Router;
class VersionManager;
class WindowBook;

// /api/v1/windows (maintenance windows), the windows of a service, and the operator's approval
// of a pending release. See docs/api.md and docs/maintenance-windows.md.
struct WindowRoutes
{
    WindowBook &windows;
    VersionManager &manager;
    FeedManager &feeds;

    void install(Router &router) const;
};

} // namespace cutover
