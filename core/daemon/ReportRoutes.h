#pragma once

namespace cutover {

class Clock;
class ReportBuilder;
class Router;

// Run reports over the control API, made on request from the journal:
//   GET /api/v1/runs/{id}/report?format=json|html|csv|zip   (default json)
//   GET /api/v1/reports?since=ISO&until=ISO                 CSV, one row per run started in
//                                                            [since, until); default the last 24 h
struct ReportRoutes
{
    const ReportBuilder &builder;
    const Clock &clock;

    void install(Router &router) const;
};

} // namespace cutover
