#pragma once

#include <QStringList>

namespace cutover::ctl {

class Commands;

// `cutoverctl feed add|show|check|rm` and `cutoverctl feeds`: the data-server feeds that
// cutoverd polls for a service.
class FeedCommands final
{
public:
    explicit FeedCommands(Commands &commands);
    int run(const QStringList &args);

private:
    int add(const QStringList &args);
    int list();
    int byId(const QString &verb, const QStringList &args);
    int checkAndFollow(const QString &id);

    Commands &m_commands;
};

} // namespace cutover::ctl
