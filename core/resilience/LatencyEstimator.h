#pragma once

#include <cstdint>
#include <optional>

namespace stormproof {

// A recent time-to-first-token estimate for one target: an exponentially weighted moving average. The
// deadline asks it whether a retry can still produce a first token in time.
class LatencyEstimator {
public:
    // 0.3: about the last five samples carry most of the weight, so the estimate follows a target that has
    // just become slow within a couple of requests without jumping on a single outlier.
    static constexpr double kDefaultAlpha = 0.3;

    explicit LatencyEstimator(double alpha = kDefaultAlpha) : alpha_(alpha) {}

    void add_sample_ms(std::int64_t sample_ms);

    // No samples yet: 0, i.e. optimistic, since the per-attempt timeout is clamped to the deadline anyway.
    std::int64_t estimate_ms() const;
    int samples() const { return samples_; }

private:
    double alpha_;
    std::optional<double> average_ms_;
    int samples_ = 0;
};

}  // namespace stormproof
