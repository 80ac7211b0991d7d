#pragma once

#include "common/Error.h"

#include <QString>

#include <functional>

namespace cutover {

class EntryGuard;

// The tar half of ArchiveExtractor (.tar, .tar.gz, .tar.xz, .tar.zst), through libarchive:
// every entry is admitted by the EntryGuard, then written by archive_write_disk with
// SECURE_NODOTDOT, SECURE_SYMLINKS and SECURE_NOABSOLUTEPATHS, which resolves paths against
// the working directory. The work therefore runs on a thread of its own that unshare(CLONE_FS)
// gives a private working directory, so the rest of the process never sees a chdir().
// `progress` is still called on the caller's thread.
class TarExtraction final
{
public:
    [[nodiscard]] static Status extract(const QString &archivePath, const QString &destDir,
                                        EntryGuard &guard,
                                        const std::function<void(qint64, qint64)> &progress);
};

} // namespace cutover
