#pragma once

#include "common/Error.h"

#include <QString>

namespace cutover {

// SHA-256 of a file's content as 64 lowercase hex digits, read in chunks so that a release of
// any size is hashed in constant memory.
[[nodiscard]] Result<QString> sha256File(const QString &path);

} // namespace cutover
