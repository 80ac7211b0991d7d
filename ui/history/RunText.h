#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace cutover {

// How the console words runs, shared by the history and the switchover view.
class RunText final
{
    Q_DECLARE_TR_FUNCTIONS(RunText)

public:
    // "350 ms", "4.2 s", "3 min 05 s", "2 h 10 min".
    [[nodiscard]] static QString duration(qint64 ms);
    // A run's state (`running`, `succeeded`, `rolled_back`, `failed`) for people.
    [[nodiscard]] static QString state(const QString &state);
    // The run states the API filters on, in display order.
    [[nodiscard]] static QStringList states();
    // A strategy (`hot`, `restart`) and a trigger (`manual`, `feed`, ...) for people.
    [[nodiscard]] static QString strategy(const QString &strategy);
    [[nodiscard]] static QString trigger(const QString &trigger);
    // An ISO time from the API; invalid when empty or malformed.
    [[nodiscard]] static QDateTime parseTime(const QString &iso);
    // The icon name (resources/icons) for a run state.
    [[nodiscard]] static QString stateIcon(const QString &state);
};

} // namespace cutover
