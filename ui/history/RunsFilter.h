#pragma once

#include <QDate>
#include <QJsonObject>
#include <QString>
#include <QTimeZone>

namespace cutover {

// The history's filters, as GET /api/v1/runs query parameters (docs/api.md). Dates are whole
// days in `zone` (the operator's): `since` from its first moment, `until` to its last.
struct RunsFilter
{
    static constexpr int kDefaultLimit = 500;

    QString service; // empty: every service
    QString state;   // running, succeeded, rolled_back, failed; empty: any
    QDate since;     // null: no lower bound
    QDate until;     // null: no upper bound
    int limit = kDefaultLimit;
    QTimeZone zone = QTimeZone::systemTimeZone();

    // "/api/v1/runs?service=kv&state=failed&since=...&limit=500"
    [[nodiscard]] QString path() const;
    // The first moment included and the first one excluded, as UTC; invalid when unbounded.
    [[nodiscard]] QDateTime sinceTime() const;
    [[nodiscard]] QDateTime untilTime() const;
    // Whether a run (a run object) passes, for runs that arrive as events.
    [[nodiscard]] bool matches(const QJsonObject &run) const;

    bool operator==(const RunsFilter &) const = default;
};

} // namespace cutover
