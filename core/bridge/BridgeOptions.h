#pragma once

#include <QtGlobal>

namespace cutover {

struct BridgeOptions
{
    // Per direction and connection: the bridge stops reading from one side while this many
    // bytes wait to be written to the other, so a slow reader cannot make it buffer without
    // bound (the kernel's socket buffers then push back on the sender).
    // I/O threads of this bridge. They accept from the same listening socket and each serves
    // the connections it accepted; two let a busy bridge use both cores of a small host.
    int ioThreads = 2;
    int bufferBytes = 128 * 1024;
    // After this many bytes one way, a connection moves that direction with splice(2)
    // (zero-copy); negative: never.
    qint64 spliceAfterBytes = 1024 * 1024;
    int listenBacklog = 4096;
    // Backend connect attempts before the client is counted as refused, and the first delay
    // between them (doubled each time): long enough to ride over a backend that is binding
    // its port, short enough that a client does not notice.
    int connectAttempts = 6;
    int retryDelayMs = 25;
    int connectTimeoutMs = 3000;
    // After a forced close the bridge waits this long for the peers' FIN before closing, so
    // that unread data does not turn the close into a reset.
    int lingerMs = 1000;
    // Connections taken from the backlog per wake-up, so one burst cannot starve the others.
    int acceptBatch = 64;
};

} // namespace cutover
