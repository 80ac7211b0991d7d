#pragma once

#include "common/Error.h"
#include "registry/Records.h"

#include <QJsonObject>
#include <QObject>

#include <functional>

namespace cutover {

class RunRepository;

// The write-ahead journal of one run: every step is recorded as "running" before it is
// carried out, and finished afterwards, so that a daemon that dies mid-run finds the step it
// was in at restart. Each record is also published as an event for the live views.
class Journal final
{
public:
    using EventSink = std::function<void(const QString &type, const QJsonObject &data)>;

    Journal(RunRepository &runs, EventSink sink);

    [[nodiscard]] Result<RunRecord> open(RunRecord run);
    [[nodiscard]] Result<qint64> beginStep(const QString &name, const QString &detail = {});
    void finishStep(qint64 stepId, const QString &state, const QString &detail = {});
    void close(const QString &state, const QString &reason);
    // Merges `values` into the run's details object (figures, routing policy, provenance).
    void recordDetails(const QJsonObject &values);

    [[nodiscard]] const RunRecord &run() const { return m_run; }
    [[nodiscard]] qint64 runId() const { return m_run.id; }

    static QJsonObject toJson(const RunRecord &run);
    static QJsonObject toJson(const RunStepRecord &step);

private:
    [[nodiscard]] QJsonObject stepEvent(const RunStepRecord &step) const;

    RunRepository &m_runs;
    EventSink m_sink;
    RunRecord m_run;
    QString m_currentStepName;
};

} // namespace cutover
