#include "LoadStats.h"

#include <QString>

using namespace Qt::StringLiterals;

namespace cutover::kvdemo {

void LoadStats::recordLatency(qint64 us)
{
    ++latencyCount;
    latencySumUs += us;
    latencyMaxUs = qMax(latencyMaxUs, us);
}

QJsonObject LoadStats::toJson() const
{
    QJsonObject versionCounts;
    for (auto it = versions.cbegin(); it != versions.cend(); ++it)
        versionCounts.insert(QString::fromUtf8(it.key()), it.value());
    const double meanMs =
        latencyCount > 0 ? double(latencySumUs) / double(latencyCount) / 1000.0 : 0.0;
    return QJsonObject{
        {u"requests"_s, requests()},
        {u"ok"_s, ok},
        {u"not_found"_s, notFound},
        {u"failures"_s, failures()},
        {u"failed"_s, QJsonObject{{u"refused"_s, refused},
                                  {u"reset"_s, reset},
                                  {u"timeout"_s, timeout},
                                  {u"http"_s, http},
                                  {u"bad_response"_s, badResponse}}},
        {u"retries"_s, retries},
        {u"writes"_s, QJsonObject{{u"acked_puts"_s, ackedPuts},
                                  {u"acked_deletes"_s, ackedDeletes},
                                  {u"uncertain"_s, uncertain},
                                  {u"lost"_s, lost}}},
        {u"versions"_s, versionCounts},
        {u"latency_ms"_s, QJsonObject{{u"mean"_s, qRound64(meanMs * 1000.0) / 1000.0},
                                      {u"max"_s, double(latencyMaxUs) / 1000.0}}},
    };
}

} // namespace cutover::kvdemo
