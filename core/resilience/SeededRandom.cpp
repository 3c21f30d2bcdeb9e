#include "SeededRandom.h"

namespace stormproof {

double SeededRandom::uniform01() {
    // The top 53 bits fill a double's mantissa exactly: uniform on [0, 1) with no rounding up to 1.0.
    return static_cast<double>(engine_() >> 11U) * 0x1.0p-53;
}

std::uint64_t SeededRandom::entropy_seed() {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32U) ^ device();
}

}  // namespace stormproof
