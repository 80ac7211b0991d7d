#pragma once

#include <QJsonObject>
#include <QStringList>

#include <initializer_list>

namespace cutover {
class ServicesModel;
} // namespace cutover

namespace cutover::test {

// A service object as GET /api/v1/services answers it (docs/api.md), bridged on
// 127.0.0.1:7070 with the hot strategy and the manual policy, without pending release or
// windows.
[[nodiscard]] QJsonObject serviceJson(const QString &name,
                                      const QString &state = QStringLiteral("stopped"),
                                      const QString &active = {}, const QString &newest = {});

// The cell of service `name` in `column`, as text.
[[nodiscard]] QString serviceCell(const ServicesModel &model, const QString &name, int column,
                                  int role = Qt::DisplayRole);

// {"a", "b"} as a QStringList, for data-driven rows (QT_NO_CAST_FROM_ASCII forbids the literal).
[[nodiscard]] QStringList strings(std::initializer_list<const char *> items);

} // namespace cutover::test
