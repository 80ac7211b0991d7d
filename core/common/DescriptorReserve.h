#pragma once

#include <sys/resource.h>

namespace cutover {

// The descriptors cutoverd keeps back from the bridges, so that one service's clients cannot
// take every descriptor the process may open and lock the operator out of the control API (and
// cutoverd out of its journal, its logs and the instances it spawns). The kernel hands out the
// lowest free descriptor, so "the next descriptor would be at or above the ceiling" means fewer
// than reserve() are free: a bridge then stops accepting and leaves its clients in the backlog
// (BridgeWorker, AcceptBackoff). Nothing else in the process is held back; the reserve is what
// the rest of cutoverd may use when the bridges are full.
class DescriptorReserve final
{
public:
    DescriptorReserve() = delete;

    // The reserve for a soft limit of `limit`: a quarter, at least 64 and at most 1024 (64 of
    // 256, 256 of 1024, 1024 from 4096 up).
    [[nodiscard]] static rlim_t reserveFor(rlim_t limit);
    // Reads RLIMIT_NOFILE again; call it after changing the limit (cutoverd does at start,
    // after raising the soft limit to the hard one). Until then the limit at first use counts.
    static void refresh();
    // The lowest descriptor number bridges keep clear of: the soft limit less the reserve.
    [[nodiscard]] static int ceiling();
    // `fd` was just returned by the kernel: true when it lies in the reserve.
    [[nodiscard]] static bool inReserve(int fd) { return fd >= ceiling(); }
    // The lowest free descriptor now lies in the reserve (or none is free). Costs a dup and a
    // close; `anyFd` is any open descriptor of the caller's.
    [[nodiscard]] static bool exhausted(int anyFd);
};

} // namespace cutover
