#pragma once

#include "common/Error.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace cutover {

struct SpawnRequest
{
    QString program; // absolute, relative to workingDir when it has a '/', else found in PATH
    QStringList args;
    QProcessEnvironment environment;
    QString workingDir; // inherited when empty
    QString logPath;    // stdout and stderr, O_APPEND; /dev/null when empty
};

// Starts a process that does not depend on this one: its own session and process group
// (pgid == pid), stdin from /dev/null, stdout/stderr appended straight to the log file (no
// pipe, so it never gets SIGPIPE when the daemon is gone), no inherited descriptors, default
// signal dispositions and an empty signal mask. The caller must reap it (it is our child).
// A program that cannot be executed is reported here, not as an exit code.
[[nodiscard]] Result<qint64> spawnDetached(const SpawnRequest &request);

} // namespace cutover
