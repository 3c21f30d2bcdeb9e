#include "resilience/Backoff.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "resilience/SeededRandom.h"

namespace stormproof {
namespace {

BackoffConfig config(BackoffKind kind, JitterKind jitter, std::int64_t base = 1000, std::int64_t cap = 30000,
                     std::int64_t floor = 0) {
    BackoffConfig c;
    c.kind = kind;
    c.jitter = jitter;
    c.base_delay_ms = base;
    c.max_delay_ms = cap;
    c.min_delay_ms = floor;
    return c;
}

TEST(Backoff, CeilingsPerKindAreCapped) {
    const Backoff exp(config(BackoffKind::Exponential, JitterKind::None));
    EXPECT_EQ(exp.ceiling_ms(0), 1000);
    EXPECT_EQ(exp.ceiling_ms(1), 2000);
    EXPECT_EQ(exp.ceiling_ms(4), 16000);
    EXPECT_EQ(exp.ceiling_ms(5), 30000);
    EXPECT_EQ(exp.ceiling_ms(200), 30000) << "no overflow for huge retry indexes";

    const Backoff lin(config(BackoffKind::Linear, JitterKind::None));
    EXPECT_EQ(lin.ceiling_ms(0), 1000);
    EXPECT_EQ(lin.ceiling_ms(2), 3000);
    EXPECT_EQ(lin.ceiling_ms(1000000), 30000);

    const Backoff constant(config(BackoffKind::Constant, JitterKind::None));
    EXPECT_EQ(constant.ceiling_ms(0), 1000);
    EXPECT_EQ(constant.ceiling_ms(9), 1000);
}

TEST(Backoff, NoJitterIsTheCeiling) {
    SeededRandom random(1);
    const Backoff b(config(BackoffKind::Exponential, JitterKind::None, 500, 8000));
    const std::vector<std::int64_t> expected = {500, 1000, 2000, 4000, 8000, 8000};
    for (int i = 0; i < 6; ++i)
        EXPECT_EQ(b.delay_ms(i, 0, random), expected[static_cast<std::size_t>(i)]);
}

TEST(Backoff, FullJitterStaysWithinZeroAndCeilingAndIsUniform) {
    SeededRandom random(20261124);
    const Backoff b(config(BackoffKind::Exponential, JitterKind::Full));
    constexpr int kDraws = 20000;
    double sum = 0;
    int low_half = 0;
    for (int i = 0; i < kDraws; ++i) {
        const auto d = b.delay_ms(3, 0, random);  // ceiling 8000
        ASSERT_GE(d, 0);
        ASSERT_LE(d, 8000);
        sum += static_cast<double>(d);
        low_half += d < 4000 ? 1 : 0;
    }
    // Uniform on [0, 8000]: mean 4000, standard error 8000/sqrt(12 * 20000) ~ 16 ms; 5 sigma bounds.
    EXPECT_NEAR(sum / kDraws, 4000.0, 82.0);
    // Half the draws below the midpoint: binomial sd = sqrt(20000/4) ~ 71; 5 sigma bounds.
    EXPECT_NEAR(low_half, kDraws / 2, 355);
}

TEST(Backoff, FullJitterDecilesAreFlat) {
    SeededRandom random(99);
    const Backoff b(config(BackoffKind::Constant, JitterKind::Full, 10000, 10000));
    std::vector<int> deciles(10, 0);
    constexpr int kDraws = 50000;
    for (int i = 0; i < kDraws; ++i) {
        deciles[static_cast<std::size_t>(std::min<std::int64_t>(9, b.delay_ms(0, 0, random) / 1000))]++;
    }
    // Chi-square with 9 degrees of freedom: 27.9 is the 0.1% critical value.
    double chi2 = 0;
    for (int count : deciles)
        chi2 += std::pow(count - kDraws / 10.0, 2) / (kDraws / 10.0);
    EXPECT_LT(chi2, 27.9);
}

TEST(Backoff, EqualJitterKeepsAtLeastHalfTheCeiling) {
    SeededRandom random(3);
    const Backoff b(config(BackoffKind::Exponential, JitterKind::Equal));
    for (int i = 0; i < 5000; ++i) {
        const auto d = b.delay_ms(2, 0, random);  // ceiling 4000
        ASSERT_GE(d, 2000);
        ASSERT_LE(d, 4000);
    }
}

TEST(Backoff, DecorrelatedJitterGrowsFromThePreviousDelayWithinBaseAndCap) {
    SeededRandom random(4);
    const Backoff b(config(BackoffKind::Exponential, JitterKind::Decorrelated, 1000, 30000));
    std::int64_t previous = 0;
    for (int i = 0; i < 5000; ++i) {
        const auto d = b.delay_ms(i % 8, previous, random);
        const std::int64_t upper = std::min<std::int64_t>(30000, std::max<std::int64_t>(1000, previous) * 3);
        ASSERT_GE(d, 1000);
        ASSERT_LE(d, upper);
        previous = (i % 8 == 7) ? 0 : d;
    }
}

TEST(Backoff, FloorLiftsTinyDrawsAndNeverExceedsCap) {
    SeededRandom random(5);
    const Backoff b(config(BackoffKind::Exponential, JitterKind::Full, 1000, 30000, 250));
    for (int i = 0; i < 5000; ++i)
        ASSERT_GE(b.delay_ms(0, 0, random), 250);
    const Backoff silly(config(BackoffKind::Exponential, JitterKind::None, 1000, 2000, 5000));
    EXPECT_EQ(silly.delay_ms(0, 0, random), 2000) << "a floor above the cap is clamped to the cap";
}

TEST(Backoff, SameSeedSameDelays) {
    SeededRandom a(123);
    SeededRandom b(123);
    const Backoff backoff(config(BackoffKind::Exponential, JitterKind::Full));
    for (int i = 0; i < 100; ++i)
        EXPECT_EQ(backoff.delay_ms(i % 6, 0, a), backoff.delay_ms(i % 6, 0, b));
}

TEST(Backoff, NamesRoundTrip) {
    for (auto k : {BackoffKind::Constant, BackoffKind::Linear, BackoffKind::Exponential}) {
        EXPECT_EQ(backoff_kind_from_string(to_string(k)), k);
    }
    for (auto j : {JitterKind::None, JitterKind::Full, JitterKind::Equal, JitterKind::Decorrelated}) {
        EXPECT_EQ(jitter_kind_from_string(to_string(j)), j);
    }
    EXPECT_FALSE(backoff_kind_from_string("Exponential").has_value());
    EXPECT_FALSE(jitter_kind_from_string("").has_value());
}

}  // namespace
}  // namespace stormproof
