#include "Backoff.h"

#include <algorithm>

namespace stormproof {

namespace {
constexpr int kMaxDoublings = 62;  // 2^62 ms is far past any cap; beyond it the shift would overflow.
}

std::string_view to_string(BackoffKind kind) {
    switch (kind) {
        case BackoffKind::Constant:
            return "constant";
        case BackoffKind::Linear:
            return "linear";
        case BackoffKind::Exponential:
            return "exponential";
    }
    return "exponential";
}

std::string_view to_string(JitterKind kind) {
    switch (kind) {
        case JitterKind::None:
            return "none";
        case JitterKind::Full:
            return "full";
        case JitterKind::Equal:
            return "equal";
        case JitterKind::Decorrelated:
            return "decorrelated";
    }
    return "full";
}

std::optional<BackoffKind> backoff_kind_from_string(std::string_view text) {
    for (auto kind : {BackoffKind::Constant, BackoffKind::Linear, BackoffKind::Exponential}) {
        if (to_string(kind) == text) {
            return kind;
        }
    }
    return std::nullopt;
}

std::optional<JitterKind> jitter_kind_from_string(std::string_view text) {
    for (auto kind : {JitterKind::None, JitterKind::Full, JitterKind::Equal, JitterKind::Decorrelated}) {
        if (to_string(kind) == text) {
            return kind;
        }
    }
    return std::nullopt;
}

std::int64_t Backoff::ceiling_ms(int retry_index) const {
    const std::int64_t base = std::max<std::int64_t>(0, config_.base_delay_ms);
    const std::int64_t cap = std::max<std::int64_t>(0, config_.max_delay_ms);
    const int n = std::max(0, retry_index);
    std::int64_t raw = base;
    switch (config_.kind) {
        case BackoffKind::Constant:
            raw = base;
            break;
        case BackoffKind::Linear:
            raw = (base > 0 && n + 1 > cap / base) ? cap : base * (n + 1);
            break;
        case BackoffKind::Exponential: {
            const int shift = std::min(n, kMaxDoublings);
            raw = (base > 0 && shift > 0 && base > (cap >> shift)) ? cap : (base << shift);
            break;
        }
    }
    return std::min(raw, cap);
}

std::int64_t Backoff::delay_ms(int retry_index, std::int64_t previous_delay_ms, RandomSource& random) const {
    const std::int64_t base = std::max<std::int64_t>(0, config_.base_delay_ms);
    const std::int64_t cap = std::max<std::int64_t>(0, config_.max_delay_ms);
    const std::int64_t ceiling = ceiling_ms(retry_index);
    std::int64_t delay = ceiling;
    switch (config_.jitter) {
        case JitterKind::None:
            delay = ceiling;
            break;
        case JitterKind::Full:
            delay = random.uniform_int(0, ceiling);
            break;
        case JitterKind::Equal:
            delay = ceiling / 2 + random.uniform_int(0, ceiling - ceiling / 2);
            break;
        case JitterKind::Decorrelated: {
            const std::int64_t previous = previous_delay_ms > 0 ? previous_delay_ms : base;
            const std::int64_t upper = previous > cap / 3 ? cap : previous * 3;
            delay = std::min(cap, random.uniform_int(base, std::max(base, upper)));
            break;
        }
    }
    const std::int64_t floor = std::min(std::max<std::int64_t>(0, config_.min_delay_ms), cap);
    return std::clamp(delay, floor, cap);
}

}  // namespace stormproof
