#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace cutover {

// A row of a KeyedTableModel that keeps an API object as it came (services, feeds, releases,
// instances): the table shows its fields, and the whole object stays at hand for the views.
struct JsonRow
{
    using Key = QString;

    // The key field's value as text: numbers as whole numbers ("7"), strings as they are.
    QString id;
    QJsonObject object;

    [[nodiscard]] const QString &key() const { return id; }
    bool operator==(const JsonRow &) const = default;

    // Empty when `object` has no usable `keyField` (neither a string nor a number).
    [[nodiscard]] static QString keyOf(const QJsonObject &object, const QString &keyField);
    [[nodiscard]] static JsonRow from(const QJsonObject &object, const QString &keyField);
    // The objects of `array` that have a key; other entries are skipped.
    [[nodiscard]] static QList<JsonRow> list(const QJsonArray &array, const QString &keyField);
};

} // namespace cutover
