#pragma once

#include <QStyledItemDelegate>

namespace cutover {

// Paints a progress bar in cells whose FeedsModel::ProgressRole is 0–100 (a download running),
// with the cell's text on it; other cells are painted as usual.
class ProgressDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProgressDelegate)

public:
    explicit ProgressDelegate(QObject *parent = nullptr);
    ~ProgressDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
};

} // namespace cutover
