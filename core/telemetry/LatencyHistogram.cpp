#include "LatencyHistogram.h"

#include <algorithm>
#include <cmath>

namespace stormproof {

int LatencyHistogram::bucket_of(std::int64_t value_ms) {
    if (value_ms <= 1)
        return 0;
    const double position = std::log2(static_cast<double>(value_ms)) * kSubBuckets;
    return std::min(kBuckets - 1, static_cast<int>(std::ceil(position - 1e-9)));
}

std::int64_t LatencyHistogram::upper_bound_ms(int bucket) {
    return static_cast<std::int64_t>(std::floor(std::exp2(static_cast<double>(bucket) / kSubBuckets) + 1e-9));
}

void LatencyHistogram::add(std::int64_t value_ms) {
    const std::int64_t v = std::max<std::int64_t>(0, value_ms);
    ++counts_[static_cast<std::size_t>(bucket_of(v))];
    ++count_;
    max_ms_ = std::max(max_ms_, v);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
    for (std::size_t i = 0; i < counts_.size(); ++i)
        counts_[i] += other.counts_[i];
    count_ += other.count_;
    max_ms_ = std::max(max_ms_, other.max_ms_);
}

void LatencyHistogram::clear() {
    *this = LatencyHistogram();
}

std::int64_t LatencyHistogram::percentile_ms(double p) const {
    if (count_ == 0)
        return 0;
    const auto rank = static_cast<std::uint64_t>(
        std::ceil(std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(count_)));
    std::uint64_t seen = 0;
    for (int b = 0; b < kBuckets; ++b) {
        seen += counts_[static_cast<std::size_t>(b)];
        if (seen >= std::max<std::uint64_t>(1, rank)) {
            // The last bucket also holds everything beyond it: its honest answer is the maximum seen.
            return b == kBuckets - 1 ? max_ms_ : std::min(upper_bound_ms(b), max_ms_);
        }
    }
    return max_ms_;
}

std::uint64_t LatencyHistogram::count_above(std::int64_t threshold_ms) const {
    std::uint64_t above = 0;
    // Bucket b holds (upper_bound_ms(b - 1), upper_bound_ms(b)]; it is all above when its lower edge is.
    for (int b = std::max(1, bucket_of(threshold_ms) + 1); b < kBuckets; ++b)
        above += counts_[static_cast<std::size_t>(b)];
    return above;
}

}  // namespace stormproof
