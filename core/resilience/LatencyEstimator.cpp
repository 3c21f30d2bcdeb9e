#include "LatencyEstimator.h"

#include <algorithm>
#include <cmath>

namespace stormproof {

void LatencyEstimator::add_sample_ms(std::int64_t sample_ms) {
    const double sample = static_cast<double>(std::max<std::int64_t>(0, sample_ms));
    average_ms_ = average_ms_ ? alpha_ * sample + (1.0 - alpha_) * *average_ms_ : sample;
    ++samples_;
}

std::int64_t LatencyEstimator::estimate_ms() const {
    return average_ms_ ? static_cast<std::int64_t>(std::llround(*average_ms_)) : 0;
}

}  // namespace stormproof
