#pragma once

#include <QList>
#include <QStringList>
#include <QTextStream>

namespace cutover::ctl {

// Aligned plain-text columns for terminal output; the last column is not padded.
class TablePrinter final
{
public:
    explicit TablePrinter(QStringList headers);
    void addRow(QStringList cells);
    void print(QTextStream &out) const;
    [[nodiscard]] bool isEmpty() const { return m_rows.isEmpty(); }

private:
    QStringList m_headers;
    QList<QStringList> m_rows;
};

} // namespace cutover::ctl
