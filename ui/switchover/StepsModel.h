#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace cutover {

// The step timeline of one run: every planned step of the strategy from the start (pending),
// then running / done / failed as the journal reports them (run.step events or the run's
// `steps`). Rollback steps, which are not planned, are inserted after the last journalled step.
// When the run ends without reaching a planned step, that step is shown as not run.
class StepsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StepsModel)

public:
    enum Column
    {
        NameColumn,
        StateColumn,
        DurationColumn,
        DetailColumn,
        ColumnCount
    };
    enum class StepState
    {
        Pending,
        Running,
        Done,
        Failed,
        NotRun
    };
    Q_ENUM(StepState)
    // Data role carrying a row's StepState (as int) in every column.
    static constexpr int StateRole = Qt::UserRole + 1;

    explicit StepsModel(QObject *parent = nullptr);

    // Starts a new timeline: `planned` as pending rows (StepPlan::forStrategy).
    void setPlan(const QStringList &planned);
    // One journal step: `seq`, `name`, `state`, `started_at`, `finished_at`, `duration_ms`,
    // `detail` (docs/api.md). A step already shown (same seq) is updated in place.
    void applyStep(const QJsonObject &step);
    void applySteps(const QJsonArray &steps);
    // The run ended: planned steps that never began are shown as not run.
    void markRunEnded();
    // The time running steps are measured against (their duration grows with it).
    void setNow(const QDateTime &now);

    [[nodiscard]] StepState stateAt(int row) const;
    [[nodiscard]] QString nameAt(int row) const;
    [[nodiscard]] int plannedCount() const;
    // Planned steps that are done.
    [[nodiscard]] int plannedDoneCount() const;
    // The step running now; empty when none is.
    [[nodiscard]] QString runningStep() const;

    [[nodiscard]] static QString stateName(StepState state);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    // A step entered `state` (each transition once, in the order the journal reported them).
    void stepStateChanged(const QString &name, cutover::StepsModel::StepState state);

private:
    struct Step
    {
        QString name{};
        bool planned = false;
        qint64 seq = 0; // 0 until the journal reports the step
        StepState state = StepState::Pending;
        QDateTime startedAt{};
        qint64 durationMs = -1;
        QString detail{};
    };

    [[nodiscard]] int rowFor(qint64 seq, const QString &name) const;
    [[nodiscard]] QString durationText(const Step &step) const;
    [[nodiscard]] static QString description(const QString &name);

    QList<Step> m_steps;
    QDateTime m_now;
};

} // namespace cutover
