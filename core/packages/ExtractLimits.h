#pragma once

#include <QtGlobal>

namespace cutover {

// Caps that keep a hostile or broken archive from filling the disk. Sizes are checked against
// the bytes actually written, not against what the headers claim, because headers can lie.
struct ExtractLimits
{
    qint64 maxTotalBytes = qint64(2) * 1024 * 1024 * 1024;
    int maxEntries = 100000;
    // Uncompressed bytes written / size of the archive file.
    double maxRatio = 200.0;
    // The ratio cap only applies once this much has been written: a tiny archive holding a
    // small text file can legitimately exceed the ratio without being a threat to the disk.
    qint64 minBytesForRatio = qint64(1) * 1024 * 1024;
};

// What an extraction (or a directory copy) produced.
struct ExtractStats
{
    int entries = 0;  // entries written (directories, files, links)
    qint64 bytes = 0; // bytes of regular-file content written
};

} // namespace cutover
