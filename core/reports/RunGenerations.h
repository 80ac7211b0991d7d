#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QString>

namespace cutover {

// Which of the bridge's generations belong to a run, and in which role: the one rule for the
// reports and the console's switchover view (docs/reports.md, "Generations of a run").
//
// The bridge keeps the figures of every generation it routed to since it started, so a run's
// figures and samples also carry the generations of earlier runs. Generation numbers only
// grow, so the run's generations are the old one and those after it:
// - old: the generation the run drained (hot: details.drain) or paused (restart:
//   details.routing_override.active);
// - new: the generation the run switched to (details.routing_policy.active, journalled at the
//   switch), and any started between the old one and it;
// - after the new one: the old release again (route-back, restart-previous), role old;
// - when the new one is not journalled (restart), every generation after the old one is the
//   new release, unless the run rolled back, when it is the old release started again;
// - before the old one: left out, unless it still held connections during the run, then it is
//   shown as "earlier";
// - when the run names no generation at all, those that held or accepted a connection during
//   the run are shown, without a role.
class RunGenerations final
{
public:
    static constexpr qint64 kUnknown = -1;

    // The generations a run's details (the journal's, or the API's run object's) name.
    [[nodiscard]] static RunGenerations fromDetails(const QJsonObject &details);

    void setOld(qint64 generation) { m_old = generation; }
    void setNew(qint64 generation) { m_new = generation; }
    void setRolledBack(bool rolledBack) { m_rolledBack = rolledBack; }
    [[nodiscard]] qint64 oldGeneration() const { return m_old; }
    [[nodiscard]] qint64 newGeneration() const { return m_new; }

    // The generations to show and their roles ("old", "new", "earlier", or empty when the run
    // does not tell). `samples`: bridge samples (t_ms, generations: generation, open,
    // accepted); `figures`: the generations of the run's final bridge figures, if any.
    [[nodiscard]] QMap<qint64, QString> shown(const QJsonArray &samples,
                                              const QJsonArray &figures = {}) const;
    // `samples` with only the generations of `shown`.
    [[nodiscard]] static QJsonArray keep(const QJsonArray &samples,
                                         const QMap<qint64, QString> &shown);

private:
    [[nodiscard]] QString roleAfterOld(qint64 generation) const;

    qint64 m_old = kUnknown;
    qint64 m_new = kUnknown;
    bool m_rolledBack = false;
};

} // namespace cutover
