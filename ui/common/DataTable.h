#pragma once

#include <QSet>
#include <QTableView>
#include <QTimer>

namespace cutover {

// The console's read-only tables: whole rows selected one at a time, one line per row, no row
// numbers. Columns are fitted to their contents and headers whenever rows arrive or change, so
// that times and versions stay readable instead of being cut; one column (the last unless told
// otherwise) takes the width that is left, so that the table always fills its width.
// Rows are found by their key (TableRole::Key), which every KeyedTableModel answers and proxies
// pass through.
class DataTable final : public QTableView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DataTable)

public:
    DataTable(QAbstractItemModel *model, const QString &accessibleName, QWidget *parent = nullptr);
    ~DataTable() override;

    // The column that stretches over the width left; -1: the last one.
    void setStretchColumn(int column);
    [[nodiscard]] int stretchColumn() const;

    // The key of the selected row; invalid when none is selected.
    [[nodiscard]] QVariant selectedKey() const;
    // Selects and shows the row with `key`; false when the table shows no such row (absent,
    // or hidden by a filter).
    bool selectKey(const QVariant &key);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void fitLater(int first = 0, int last = -1);
    void fit();

    QTimer m_fit;
    QSet<int> m_unfitted;
    int m_stretch = -1;
};

} // namespace cutover
