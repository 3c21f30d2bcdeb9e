#pragma once

#include <cstdint>
#include <random>

#include "RandomSource.h"

namespace stormproof {

// A 64-bit Mersenne Twister behind the RandomSource interface. Tests pass a fixed seed; the applications seed
// it once from std::random_device at start-up and log the seed, so a surprising run can be replayed.
class SeededRandom final : public RandomSource {
public:
    explicit SeededRandom(std::uint64_t seed) : engine_(seed), seed_(seed) {}

    double uniform01() override;
    std::uint64_t next_u64() override { return engine_(); }
    std::uint64_t seed() const { return seed_; }

    // A seed from the operating system's entropy source, for production start-up.
    static std::uint64_t entropy_seed();

private:
    std::mt19937_64 engine_;
    std::uint64_t seed_;
};

}  // namespace stormproof
