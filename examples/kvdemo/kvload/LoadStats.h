#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>

namespace cutover::kvdemo {

// Counters shared by all load clients (one thread, so plain integers).
struct LoadStats
{
    qint64 ok = 0;       // 2xx, and 404 (a GET of a key nobody wrote yet is normal)
    qint64 notFound = 0; // the 404 part of ok
    qint64 refused = 0;  // connect refused
    qint64 reset = 0;    // connection closed or reset before a complete response
    qint64 timeout = 0;  // no complete response within the timeout
    qint64 http = 0;     // any other status
    qint64 badResponse = 0;
    qint64 retries = 0; // a reused keep-alive connection closed before any response byte
    QMap<QByteArray, qint64> versions; // X-Kvdemo-Version -> responses
    // Writer mode (--writes): what the service acknowledged, for a check that nothing it
    // acknowledged was lost. One line per outcome: "P key" (PUT answered 204), "D key"
    // (DELETE answered 204), "U key" (no answer: it may or may not have been applied),
    // "L key" (a DELETE of an acknowledged key answered 404: the write was lost).
    QList<QByteArray> writeLog;
    qint64 ackedPuts = 0;
    qint64 ackedDeletes = 0;
    qint64 uncertain = 0;
    qint64 lost = 0;

    qint64 latencyCount = 0;
    qint64 latencySumUs = 0;
    qint64 latencyMaxUs = 0;

    [[nodiscard]] qint64 failures() const { return refused + reset + timeout + http + badResponse; }
    [[nodiscard]] qint64 requests() const { return ok + failures(); }
    void recordLatency(qint64 us);

    [[nodiscard]] QJsonObject toJson() const;
};

} // namespace cutover::kvdemo
