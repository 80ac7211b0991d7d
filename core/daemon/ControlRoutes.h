#pragma once

#include <QDateTime>
#include <QJsonObject>

#include <functional>

namespace cutover {

class InstallJobs;
class Router;
class VersionManager;
class RunRepository;
struct RunRecord;

// A run as the API answers it: the journal's JSON plus its steps.
[[nodiscard]] QJsonObject runWithSteps(RunRepository &runs, const RunRecord &run);

// The domain routes of /api/v1 (documented in docs/api.md), registered on the server's
// router. Thin: each route parses its input and calls the VersionManager or the journal.
struct ControlRoutes
{
    VersionManager &manager;
    RunRepository &runs;
    QDateTime startedAt;
    // Adds what other parts of cutoverd report in GET /api/v1/status (the schedule).
    std::function<void(QJsonObject &status)> decorateStatus = {};
    // Path installs run as jobs off the main thread (202 and install.* events).
    InstallJobs *installs = nullptr;

    void install(Router &router) const;
};

} // namespace cutover
