#pragma once

#include <QDateTime>

namespace cutover {

class Router;
class VersionManager;
class RunRepository;

// The domain routes of /api/v1 (documented in docs/api.md), registered on the server's
// router. Thin: each route parses its input and calls the VersionManager or the journal.
struct ControlRoutes
{
    VersionManager &manager;
    RunRepository &runs;
    QDateTime startedAt;

    void install(Router &router) const;
};

} // namespace cutover
