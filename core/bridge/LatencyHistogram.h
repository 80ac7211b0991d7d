#pragma once

#include <QtGlobal>

#include <array>

namespace cutover {

// Request latencies in buckets four to an octave (each at most 19 % wide), from 64 µs to
// about 70 s, so that workers' histograms add up and a percentile costs no sorting. A
// percentile is the upper bound of the bucket it falls in.
struct LatencyHistogram
{
    static constexpr int kBuckets = 82;

    std::array<qint64, kBuckets> counts{};
    qint64 sumMicros = 0; // of every latency added (Prometheus' histogram _sum)

    void add(qint64 micros);
    void merge(const LatencyHistogram &other);
    [[nodiscard]] qint64 total() const;
    // q in (0, 1]; 0 when empty.
    [[nodiscard]] qint64 percentileMicros(double q) const;
    [[nodiscard]] static qint64 upperBoundMicros(int bucket);

    bool operator==(const LatencyHistogram &) const = default;
};

} // namespace cutover
