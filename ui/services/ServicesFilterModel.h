#pragma once

#include <QSortFilterProxyModel>

namespace cutover {

// Sorting and filtering over a ServicesModel: versions sort as SemVer, uptimes and windows as
// numbers (TableRole::Sort); rows match when any column contains the filter text (case
// does not matter) and, when a state is chosen, the service is in that state.
class ServicesFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServicesFilterModel)

public:
    explicit ServicesFilterModel(QObject *parent = nullptr);
    ~ServicesFilterModel() override;

    void setFilterText(const QString &text);
    [[nodiscard]] QString filterText() const { return m_text; }
    // Empty: every state.
    void setStateFilter(const QString &state);
    [[nodiscard]] QString stateFilter() const { return m_state; }

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow,
                                        const QModelIndex &sourceParent) const override;
    [[nodiscard]] bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_text;
    QString m_state;
};

} // namespace cutover
