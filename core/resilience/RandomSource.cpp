#include "RandomSource.h"

namespace stormproof {

std::int64_t RandomSource::uniform_int(std::int64_t lo, std::int64_t hi) {
    if (hi <= lo) {
        return lo;
    }
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1U;
    if (span == 0) {  // the full 64-bit range
        return static_cast<std::int64_t>(next_u64());
    }
    // Rejection sampling removes the modulo bias that next_u64() % span would have.
    const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % span);
    std::uint64_t draw = next_u64();
    while (draw >= limit) {
        draw = next_u64();
    }
    return lo + static_cast<std::int64_t>(draw % span);
}

}  // namespace stormproof
