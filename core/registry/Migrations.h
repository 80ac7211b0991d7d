#pragma once

#include <QList>
#include <QStringList>

namespace cutover {

// One step of the registry schema. Versions count up from 1 without gaps; the statements of a
// migration run in one transaction together with the bump of PRAGMA user_version, so a crash
// leaves the database at the previous version or the next, never half-way.
struct Migration
{
    int version = 0;
    QStringList statements;
};

// The schema this build knows, oldest first. Append new migrations; never edit a released one,
// because databases in the field have already applied it.
[[nodiscard]] const QList<Migration> &registryMigrations();

} // namespace cutover
