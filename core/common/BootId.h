#pragma once

#include <QString>

namespace cutover::bootid {

// /proc/sys/kernel/random/boot_id: a new value at every boot. Stored with what only lives as
// long as the boot (instance rows), it tells a process that survived a daemon restart from one
// that merely has the same pid and start time after a reboot. Read once; empty when unreadable.
[[nodiscard]] QString current();

} // namespace cutover::bootid
