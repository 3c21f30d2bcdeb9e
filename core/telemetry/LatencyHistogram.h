#pragma once

#include <array>
#include <cstdint>

namespace stormproof {

// Latencies in log-spaced buckets (8 per doubling, so any percentile is within ~9% of the truth) from 0 to
// ~17 minutes. Fixed size and mergeable by adding counts: a per-second bucket of the dashboard holds one, and
// a time range's percentile is the merge of its seconds -- the way HdrHistogram and Prometheus histograms
// combine.
class LatencyHistogram {
public:
    static constexpr int kSubBuckets = 8;  // per doubling
    static constexpr int kDoublings = 20;  // 2^20 ms ~ 17.5 min
    static constexpr int kBuckets = kSubBuckets * kDoublings + 1;

    void add(std::int64_t value_ms);
    void merge(const LatencyHistogram& other);
    void clear();

    std::uint64_t count() const { return count_; }
    std::int64_t max_ms() const { return max_ms_; }
    // The smallest bucket bound with at least p% of the samples at or below it (0 when empty).
    std::int64_t percentile_ms(double p) const;
    // Samples certainly above threshold_ms: the bucket holding the threshold itself is left out, so this may
    // undercount by that one bucket's share (~9% of the threshold's width).
    std::uint64_t count_above(std::int64_t threshold_ms) const;

    static int bucket_of(std::int64_t value_ms);
    static std::int64_t upper_bound_ms(int bucket);

private:
    std::array<std::uint32_t, kBuckets> counts_{};
    std::uint64_t count_ = 0;
    std::int64_t max_ms_ = 0;
};

}  // namespace stormproof
