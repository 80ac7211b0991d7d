#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QSet>
#include <QVariant>

namespace cutover {

// Roles every keyed table answers alike, so that tables and proxies need not know the model.
namespace TableRole {
// What a sort proxy compares: numbers for counts, durations and times, texts otherwise.
inline constexpr int Sort = Qt::UserRole + 1;
// The row's key (Row::key()), in every column.
inline constexpr int Key = Qt::UserRole + 2;
// Models add their own roles from here on.
inline constexpr int User = Qt::UserRole + 10;
} // namespace TableRole

// The console's tables of API objects: rows identified by a key (Row::key(), with Row::Key
// hashable and Row comparable; rows whose key is Key{} are ignored), updated from reloads and
// events by diffing. Rows that stay keep
// their index (and so the selection and the scroll position), changed rows send dataChanged,
// the others are inserted, moved or removed one by one instead of resetting the model.
// Subclasses parse the API's JSON into rows once and answer cell() for display.
template <typename Row>
class KeyedTableModel : public QAbstractTableModel
{
public:
    using Key = typename Row::Key;
    static constexpr int SortRole = TableRole::Sort;
    static constexpr int KeyRole = TableRole::Key;

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const final
    {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
            return {};
        const Row &row = m_rows.at(index.row());
        if (role == KeyRole)
            return QVariant::fromValue(row.key());
        return cell(row, index.column(), role);
    }

    [[nodiscard]] const QList<Row> &rows() const { return m_rows; }

    // -1 when absent.
    [[nodiscard]] int rowOf(const Key &key) const
    {
        for (qsizetype i = 0; i < m_rows.size(); ++i) {
            if (m_rows.at(i).key() == key)
                return int(i);
        }
        return -1;
    }

    // A default Row when `row` is out of range.
    [[nodiscard]] Row rowAt(int row) const
    {
        return row >= 0 && row < m_rows.size() ? m_rows.at(row) : Row{};
    }

    // A default Key when `row` is out of range.
    [[nodiscard]] Key keyAt(int row) const { return rowAt(row).key(); }

    // The rows become `target`, in its order. Of rows with the same key only the first counts.
    void setRows(const QList<Row> &target)
    {
        QList<Row> unique;
        QSet<Key> keys;
        unique.reserve(target.size());
        for (const Row &row : target) {
            if (row.key() != Key{} && !keys.contains(row.key())) {
                keys.insert(row.key());
                unique.append(row);
            }
        }
        for (qsizetype i = m_rows.size() - 1; i >= 0; --i) {
            if (!keys.contains(m_rows.at(i).key()))
                removeRowAt(int(i));
        }
        // Every remaining row is in `unique`; walking it in order puts each row in its place.
        for (qsizetype i = 0; i < unique.size(); ++i) {
            const int found = rowOf(unique.at(i).key());
            if (found < 0) {
                insertRowAt(int(i), unique.at(i));
                continue;
            }
            if (found != i) {
                // Rows before i already match, so the row is found further down.
                beginMoveRows({}, found, found, {}, int(i));
                m_rows.move(found, i);
                endMoveRows();
            }
            replaceRow(int(i), unique.at(i));
        }
    }

    // Replaces the row with the same key, or appends it.
    void upsertRow(const Row &row)
    {
        if (row.key() == Key{})
            return;
        if (const int at = rowOf(row.key()); at >= 0)
            replaceRow(at, row);
        else
            insertRowAt(int(m_rows.size()), row);
    }

    bool removeKey(const Key &key)
    {
        const int at = rowOf(key);
        if (at < 0)
            return false;
        removeRowAt(at);
        return true;
    }

    void clearRows()
    {
        if (m_rows.isEmpty())
            return;
        beginResetModel();
        m_rows.clear();
        endResetModel();
    }

protected:
    // What `row` shows in `column` for `role` (KeyRole is answered already).
    [[nodiscard]] virtual QVariant cell(const Row &row, int column, int role) const = 0;

    void replaceRow(int row, const Row &value)
    {
        if (m_rows.at(row) == value)
            return;
        m_rows[row] = value;
        if (columnCount() > 0)
            Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
    }

    void insertRowAt(int row, const Row &value)
    {
        beginInsertRows({}, row, row);
        m_rows.insert(row, value);
        endInsertRows();
    }

    void removeRowAt(int row)
    {
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
    }

    // Tells views that every cell of `column` may show something else (a clock moved).
    void columnChanged(int column)
    {
        if (!m_rows.isEmpty() && column >= 0 && column < columnCount())
            Q_EMIT dataChanged(index(0, column), index(int(m_rows.size()) - 1, column));
    }

    QList<Row> m_rows;
};

} // namespace cutover
