#include "TimeWindow.h"

#include <algorithm>

namespace stormproof {

TimeWindow::TimeWindow(std::int64_t window_ms)
    : buckets_(static_cast<std::size_t>(std::max<std::int64_t>(1, (window_ms + kBucketMs - 1) / kBucketMs))) {
}

void TimeWindow::record(std::int64_t now_ms, bool failed, bool slow) {
    const std::int64_t epoch = now_ms / kBucketMs;
    Bucket& bucket = buckets_[static_cast<std::size_t>(epoch % static_cast<std::int64_t>(buckets_.size()))];
    if (bucket.epoch != epoch) {
        bucket = Bucket{epoch, {}};
    }
    bucket.counts.calls += 1;
    bucket.counts.failures += failed ? 1 : 0;
    bucket.counts.slow_calls += slow ? 1 : 0;
}

WindowSnapshot TimeWindow::snapshot(std::int64_t now_ms) const {
    const std::int64_t newest = now_ms / kBucketMs;
    const std::int64_t oldest = newest - static_cast<std::int64_t>(buckets_.size()) + 1;
    WindowSnapshot total;
    for (const Bucket& bucket : buckets_) {
        if (bucket.epoch >= oldest && bucket.epoch <= newest) {
            total.calls += bucket.counts.calls;
            total.failures += bucket.counts.failures;
            total.slow_calls += bucket.counts.slow_calls;
        }
    }
    return total;
}

void TimeWindow::clear() {
    std::fill(buckets_.begin(), buckets_.end(), Bucket{});
}

}  // namespace stormproof
