#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonValue>
#include <QString>
#include <QTimeZone>

#include <optional>

namespace cutover {

// How the schedule view reads the API's times and writes times and durations for people.
class ScheduleText final
{
    Q_DECLARE_TR_FUNCTIONS(ScheduleText)

public:
    // An ISO 8601 instant as the API sends it ("2026-01-06T01:00:00.000Z"); nullopt for null,
    // absent or unreadable values.
    static std::optional<QDateTime> instant(const QJsonValue &value);

    // "Tue 6 Jan 03:00" in the given zone (the local one by default), with the zone's
    // abbreviation when `withZone` ("Tue 6 Jan 03:00 CET").
    static QString dateTime(const QDateTime &instant, const QTimeZone &zone, bool withZone = false);
    static QString localDateTime(const QDateTime &instant);
    // "03:00–05:00 CEST" when both ends fall on the same local date, else with dates.
    static QString range(const QDateTime &open, const QDateTime &close, const QTimeZone &zone);
    // "45 s", "5 min", "2 h 10 min", "1 d 2 h".
    static QString duration(qint64 ms);
    // "1440 min" as "24 h"; "90" as "1 h 30 min".
    static QString minutes(int minutes);
};

} // namespace cutover
