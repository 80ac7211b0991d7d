#pragma once

#include <QStringList>

namespace cutover::ctl {

class Commands;

// `cutoverctl daemon status|restart`: which cutoverd process serves, and a restart of cutoverd
// that hands its listeners to a successor, so that no client is refused
// (docs/daemon-handover.md).
class DaemonCommands final
{
public:
    explicit DaemonCommands(Commands &commands);

    static QString name() { return QStringLiteral("daemon"); }
    static QString usage();

    // `args` follow "daemon".
    int run(const QStringList &args);

private:
    int status();
    int restart(const QStringList &args);

    Commands &m_commands;
};

} // namespace cutover::ctl
