#include "resilience/ServerHintParser.h"

#include <gtest/gtest.h>

namespace stormproof {
namespace {

constexpr std::int64_t kNow = 1767225600000;  // 2026-01-01T00:00:00Z, a Thursday

TEST(RetryAfter, DeltaSecondsAndFractions) {
    auto r = ServerHintParser::read_retry_after("30", kNow);
    EXPECT_EQ(r.verdict, HintVerdict::Valid);
    EXPECT_EQ(r.delay_ms, 30000);
    r = ServerHintParser::read_retry_after("1.5", kNow);
    EXPECT_EQ(r.verdict, HintVerdict::Valid);
    EXPECT_EQ(r.delay_ms, 1500);
    r = ServerHintParser::read_retry_after("0.0004", kNow);
    EXPECT_EQ(r.delay_ms, 1) << "rounded up, never down to an immediate retry";
}

TEST(RetryAfter, HttpDateInAllThreeForms) {
    EXPECT_EQ(ServerHintParser::parse_http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT", kNow), 784111777000);
    EXPECT_EQ(ServerHintParser::parse_http_date_ms("Sunday, 06-Nov-94 08:49:37 GMT", kNow), 784111777000);
    EXPECT_EQ(ServerHintParser::parse_http_date_ms("Sun Nov  6 08:49:37 1994", kNow), 784111777000);
    EXPECT_EQ(ServerHintParser::parse_http_date_ms("Thu Jan 01 00:00:30 2026", kNow), kNow + 30000);

    auto r = ServerHintParser::read_retry_after("Thu, 01 Jan 2026 00:00:30 GMT", kNow);
    EXPECT_EQ(r.verdict, HintVerdict::Valid);
    EXPECT_EQ(r.delay_ms, 30000);
    r = ServerHintParser::read_retry_after("Thursday, 01-Jan-26 00:00:45 GMT", kNow);
    EXPECT_EQ(r.verdict, HintVerdict::Valid);
    EXPECT_EQ(r.delay_ms, 45000) << "two-digit year 26 is 2026, not 1926";
}

TEST(RetryAfter, MalformedDatesAreGarbage) {
    for (const char* bad :
         {"Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 31 Feb 1994 08:49:37 GMT",
          "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun Nov  6 08:49:37", "tomorrow",
          "", "Sun, 06 Nov 1994 08:49:37 GMT extra"}) {
        EXPECT_FALSE(ServerHintParser::parse_http_date_ms(bad, kNow).has_value()) << bad;
    }
}

TEST(RetryAfter, ZeroNegativePastAndGarbageAreIgnoredWithAReason) {
    EXPECT_EQ(ServerHintParser::read_retry_after("0", kNow).verdict, HintVerdict::NonPositive);
    EXPECT_EQ(ServerHintParser::read_retry_after("-5", kNow).verdict, HintVerdict::NonPositive);
    EXPECT_EQ(ServerHintParser::read_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", kNow).verdict,
              HintVerdict::NonPositive);
    EXPECT_EQ(ServerHintParser::read_retry_after("soon", kNow).verdict, HintVerdict::Garbage);
    EXPECT_EQ(ServerHintParser::read_retry_after("1e3", kNow).verdict, HintVerdict::Garbage);
    EXPECT_EQ(ServerHintParser::read_retry_after("nan", kNow).verdict, HintVerdict::Garbage);
    EXPECT_EQ(ServerHintParser::read_retry_after("1.2.3", kNow).verdict, HintVerdict::Garbage);
}

TEST(RetryAfter, AbsurdValuesAreFlaggedNotTrusted) {
    auto r = ServerHintParser::read_retry_after("999999999999", kNow);
    EXPECT_EQ(r.verdict, HintVerdict::Absurd);
    EXPECT_EQ(r.delay_ms, ServerHints::kAbsurdDelayMs);
    r = ServerHintParser::read_retry_after(std::string(400, '9'), kNow);
    EXPECT_EQ(r.verdict, HintVerdict::Absurd)
        << "overflowing numbers are absurd, not garbage and not a crash";
    r = ServerHintParser::read_retry_after("Fri, 01 Jan 2100 00:00:00 GMT", kNow);
    EXPECT_EQ(r.verdict, HintVerdict::Absurd);
}

TEST(RetryAfterMs, MillisecondsWithFractions) {
    auto r = ServerHintParser::read_retry_after_ms("20");
    EXPECT_EQ(r.verdict, HintVerdict::Valid);
    EXPECT_EQ(r.delay_ms, 20);
    r = ServerHintParser::read_retry_after_ms("20.2");
    EXPECT_EQ(r.delay_ms, 21);
    EXPECT_EQ(ServerHintParser::read_retry_after_ms("0").verdict, HintVerdict::NonPositive);
    EXPECT_EQ(ServerHintParser::read_retry_after_ms("abc").verdict, HintVerdict::Garbage);
}

TEST(GoDuration, OpenAiResetForms) {
    EXPECT_EQ(ServerHintParser::parse_go_duration_ms("1s"), 1000);
    EXPECT_EQ(ServerHintParser::parse_go_duration_ms("6m0s"), 360000);
    EXPECT_EQ(ServerHintParser::parse_go_duration_ms("20ms"), 20);
    EXPECT_EQ(ServerHintParser::parse_go_duration_ms("1h2m3.5s"), 3723500);
    EXPECT_EQ(ServerHintParser::parse_go_duration_ms("0"), 0);
    EXPECT_EQ(ServerHintParser::parse_go_duration_ms("1500us"), 2) << "rounded up to whole ms";
    EXPECT_EQ(ServerHintParser::parse_go_duration_ms("7.66s"), 7660);
    for (const char* bad : {"", "1", "s", "-1s", "1x", "1.2.3s", "ms", "+1s", "1 s"}) {
        EXPECT_FALSE(ServerHintParser::parse_go_duration_ms(bad).has_value()) << bad;
    }
}

TEST(Rfc3339, AnthropicResetTimestamps) {
    EXPECT_EQ(ServerHintParser::parse_rfc3339_ms("2026-01-01T00:00:30Z"), kNow + 30000);
    EXPECT_EQ(ServerHintParser::parse_rfc3339_ms("2026-01-01T00:00:30.25Z"), kNow + 30250);
    EXPECT_EQ(ServerHintParser::parse_rfc3339_ms("2026-01-01T01:00:30+01:00"), kNow + 30000);
    EXPECT_EQ(ServerHintParser::parse_rfc3339_ms("2025-12-31T23:00:30-01:00"), kNow + 30000);
    for (const char* bad : {"2026-01-01", "2026-01-01T00:00:30", "2026-13-01T00:00:00Z",
                            "2026-01-01T00:00:30+0100", "yesterday", "2026-01-01T00:00:30.Z"}) {
        EXPECT_FALSE(ServerHintParser::parse_rfc3339_ms(bad).has_value()) << bad;
    }
}

TEST(ServerHints, RetryAfterMsWinsOverRetryAfter) {
    const HttpHeaders h{{"Retry-After", "5"}, {"retry-after-ms", "1200"}};
    const auto hints = ServerHintParser::parse(h, kNow, true);
    EXPECT_EQ(hints.delay_ms, 1200);
    EXPECT_EQ(hints.source, DelaySource::RetryAfterMs);
    EXPECT_EQ(hints.readings.size(), 2U);
}

TEST(ServerHints, AnUnusableHintFallsThroughToTheNextSource) {
    const HttpHeaders h{{"retry-after-ms", "0"}, {"retry-after", "2"}};
    const auto hints = ServerHintParser::parse(h, kNow, true);
    EXPECT_EQ(hints.delay_ms, 2000);
    EXPECT_EQ(hints.source, DelaySource::RetryAfter);
    ASSERT_EQ(hints.readings.size(), 2U);
    EXPECT_EQ(hints.readings[0].verdict, HintVerdict::NonPositive);
}

TEST(ServerHints, NoUsableHintMeansNoDelay) {
    const HttpHeaders h{{"retry-after", "garbage"}};
    const auto hints = ServerHintParser::parse(h, kNow, true);
    EXPECT_FALSE(hints.delay_ms.has_value());
    EXPECT_EQ(hints.source, DelaySource::None);
    EXPECT_EQ(hints.readings.at(0).verdict, HintVerdict::Garbage);
}

TEST(ServerHints, RateLimitedWithoutRetryAfterWaitsForTheExhaustedDimension) {
    const HttpHeaders h{{"x-ratelimit-limit-requests", "500"},     {"x-ratelimit-remaining-requests", "0"},
                        {"x-ratelimit-reset-requests", "1.5s"},    {"x-ratelimit-limit-tokens", "30000"},
                        {"x-ratelimit-remaining-tokens", "29000"}, {"x-ratelimit-reset-tokens", "20s"}};
    const auto hints = ServerHintParser::parse(h, kNow, true);
    EXPECT_EQ(hints.delay_ms, 1500);
    EXPECT_EQ(hints.source, DelaySource::RateLimitReset);
    EXPECT_EQ(hints.rate_limit.limit_requests, 500);
    EXPECT_EQ(hints.rate_limit.remaining_requests, 0);
    EXPECT_EQ(hints.rate_limit.remaining_tokens, 29000);
    EXPECT_EQ(hints.rate_limit.reset_tokens_ms, 20000);
}

TEST(ServerHints, RateLimitedWithUnknownDimensionWaitsForTheLatestReset) {
    const HttpHeaders h{{"x-ratelimit-reset-requests", "1s"}, {"x-ratelimit-reset-tokens", "6m0s"}};
    EXPECT_EQ(ServerHintParser::parse(h, kNow, true).delay_ms, 360000);
    EXPECT_FALSE(ServerHintParser::parse(h, kNow, false).delay_ms.has_value())
        << "reset headers on a 200 or a 503 are headroom data, not a wait";
}

TEST(ServerHints, AnthropicRateLimitHeaders) {
    const HttpHeaders h{{"anthropic-ratelimit-requests-limit", "50"},
                        {"anthropic-ratelimit-requests-remaining", "0"},
                        {"anthropic-ratelimit-requests-reset", "2026-01-01T00:00:12Z"},
                        {"anthropic-ratelimit-tokens-limit", "40000"},
                        {"anthropic-ratelimit-tokens-remaining", "39000"},
                        {"anthropic-ratelimit-tokens-reset", "2026-01-01T00:00:59Z"}};
    const auto hints = ServerHintParser::parse(h, kNow, true);
    EXPECT_EQ(hints.delay_ms, 12000);
    EXPECT_EQ(hints.source, DelaySource::RateLimitReset);
    EXPECT_EQ(hints.rate_limit.limit_requests, 50);
    EXPECT_EQ(hints.rate_limit.limit_tokens, 40000);
    EXPECT_EQ(hints.rate_limit.reset_tokens_ms, 59000);
}

TEST(ServerHints, ShouldRetryHeader) {
    EXPECT_EQ(ServerHintParser::parse({{"x-should-retry", "true"}}, kNow, false).should_retry, true);
    EXPECT_EQ(ServerHintParser::parse({{"X-Should-Retry", "FALSE"}}, kNow, false).should_retry, false);
    EXPECT_FALSE(
        ServerHintParser::parse({{"x-should-retry", "maybe"}}, kNow, false).should_retry.has_value());
}

TEST(ServerHints, AbsurdHintIsMarked) {
    const auto hints = ServerHintParser::parse({{"retry-after", "86400000"}}, kNow, true);
    EXPECT_TRUE(hints.absurd);
    EXPECT_EQ(hints.delay_ms, ServerHints::kAbsurdDelayMs);
}

TEST(HttpHeaders, CaseInsensitiveAndTrimmed) {
    const HttpHeaders h{{"Content-Type", " application/json \t"}};
    EXPECT_EQ(h.get("content-type"), "application/json");
    EXPECT_FALSE(h.get("content-length").has_value());
}

}  // namespace
}  // namespace stormproof
