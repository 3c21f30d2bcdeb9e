#pragma once

#include <cstdint>

namespace stormproof {

// Injected randomness: jitter, sampling and identifiers all draw from here, so a seed reproduces a run.
class RandomSource {
public:
    virtual ~RandomSource() = default;

    // Uniform in [0, 1).
    virtual double uniform01() = 0;

    // 64 uniformly random bits.
    virtual std::uint64_t next_u64() = 0;

    // Uniform integer in [lo, hi] (inclusive); returns lo when hi <= lo.
    std::int64_t uniform_int(std::int64_t lo, std::int64_t hi);
};

}  // namespace stormproof
