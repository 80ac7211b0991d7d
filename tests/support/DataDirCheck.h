#pragma once

#include <QString>
#include <QStringList>

namespace cutover::test {

// What the tests check on a cutoverd data directory from outside the daemon.

// `PRAGMA integrity_check` of the registry at `dbPath`, opened read-only beside a running
// cutoverd: "ok", or what is wrong.
QString integrityCheck(const QString &dbPath);
// Runs `sql` on the registry at `dbPath` (a trigger that injects a write failure, say); the
// driver's error, empty on success.
QString execOnRegistry(const QString &dbPath, const QString &sql);
// The *.partial folders under `dir`, at any depth.
QStringList partialFolders(const QString &dir);

} // namespace cutover::test
