#pragma once

#include <QtGlobal>

namespace cutover {

// Limits against slow-retrieval attacks: a data server that stalls, or that trickles bytes to
// hold a check or a download open forever.
struct TransferLimits
{
    int timeoutMs = 30000;        // no byte at all (including the headers) for this long
    qint64 minBytesPerSecond = 0; // 0: no minimum rate
    int rateWindowMs = 30000;     // the rate is measured over this sliding window
    qint64 deadlineMs = 0;        // the whole transfer, headers to last byte; 0: none
};

} // namespace cutover
