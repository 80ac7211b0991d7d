#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

namespace cutover {

// Instants as the API, the journal and the registry's JSON write them: UTC, ISO 8601 with
// milliseconds ("2026-01-05T02:00:00.000Z"), so that every client parses one format.

// Empty for an invalid time ("not yet").
[[nodiscard]] inline QString isoText(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

// JSON null for an invalid time, which is how the API says "not yet" in a field that holds a
// time when there is one.
[[nodiscard]] inline QJsonValue isoJson(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(isoText(t)) : QJsonValue(QJsonValue::Null);
}

} // namespace cutover
