#pragma once

#include <cstdint>
#include <vector>

#include "SlidingWindow.h"

namespace stormproof {

// The calls of the last window_ms, in 1-second buckets (so old calls leave the window a second at a time).
class TimeWindow final : public SlidingWindow {
public:
    static constexpr std::int64_t kBucketMs = 1000;

    explicit TimeWindow(std::int64_t window_ms);
    void record(std::int64_t now_ms, bool failed, bool slow) override;
    WindowSnapshot snapshot(std::int64_t now_ms) const override;
    void clear() override;

private:
    struct Bucket {
        std::int64_t epoch = -1;  // now_ms / kBucketMs of the second it holds
        WindowSnapshot counts;
    };
    std::vector<Bucket> buckets_;
};

}  // namespace stormproof
