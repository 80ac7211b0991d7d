#include "bridge/BridgeFigures.h"

#include <QJsonArray>

#include <algorithm>

namespace cutover {

using namespace Qt::StringLiterals;

QJsonObject GenerationFigures::toJson() const
{
    return {
        {u"generation"_s, qint64(generation)},
        {u"open"_s, open},
        {u"accepted"_s, accepted},
        {u"bytes_to_backend"_s, bytesToBackend},
        {u"bytes_to_client"_s, bytesToClient},
        {u"refused"_s, refused},
        {u"forced"_s, forced},
        {u"in_flight_on_crash"_s, inFlightOnCrash},
        {u"longest_pause_ms"_s, longestPauseMs},
    };
}

GenerationFigures BridgeFigures::generation(quint64 generation) const
{
    for (const GenerationFigures &g : generations) {
        if (g.generation == generation)
            return g;
    }
    GenerationFigures none;
    none.generation = generation;
    return none;
}

void BridgeFigures::merge(const BridgeFigures &other)
{
    listening = listening || other.listening;
    paused = paused || other.paused;
    connecting += other.connecting;
    bufferedBytes += other.bufferedBytes;
    peakConnectionBufferedBytes =
        std::max(peakConnectionBufferedBytes, other.peakConnectionBufferedBytes);
    for (const GenerationFigures &g : other.generations) {
        auto it = std::ranges::find(generations, g.generation, &GenerationFigures::generation);
        if (it == generations.end()) {
            generations.append(g);
            continue;
        }
        it->open += g.open;
        it->accepted += g.accepted;
        it->bytesToBackend += g.bytesToBackend;
        it->bytesToClient += g.bytesToClient;
        it->refused += g.refused;
        it->forced += g.forced;
        it->inFlightOnCrash += g.inFlightOnCrash;
        it->longestPauseMs = std::max(it->longestPauseMs, g.longestPauseMs);
    }
    std::ranges::sort(generations, {}, &GenerationFigures::generation);
}

QJsonObject BridgeFigures::toJson() const
{
    QJsonArray list;
    for (const GenerationFigures &g : generations)
        list.append(g.toJson());
    return {
        {u"bridge"_s, bridge},
        {u"sampled_at"_s, sampledAt.toString(Qt::ISODateWithMs)},
        {u"listening"_s, listening},
        {u"paused"_s, paused},
        {u"connecting"_s, connecting},
        {u"buffered_bytes"_s, bufferedBytes},
        {u"peak_connection_buffered_bytes"_s, peakConnectionBufferedBytes},
        {u"generations"_s, list},
    };
}

} // namespace cutover
