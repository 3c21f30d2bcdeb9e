// Each provider's failure dialect as it arrives on the wire (status, headers, body), read the way HttpAttempt
// reads it: the error class, and the wait with where it came from. One row per wire fixture.
#include <gtest/gtest.h>

#include "resilience/ErrorClassifier.h"
#include "resilience/ServerHintParser.h"

namespace stormproof {
namespace {

// 2026-01-01T00:00:00Z: the absolute reset times below are relative to it.
constexpr std::int64_t kNowMs = 1767225600000;

struct WireCase {
    const char* name;
    int status;
    std::vector<std::pair<std::string, std::string>> headers;
    const char* body;
    ErrorClass expected_class;
    std::optional<std::int64_t> expected_delay_ms;
    DelaySource expected_source;
};

void PrintTo(const WireCase& c, std::ostream* os) {
    *os << c.name;
}

AttemptOutcome read_wire(const WireCase& c) {
    HttpHeaders headers;
    for (const auto& [name, value] : c.headers)
        headers.add(name, value);
    AttemptOutcome o;
    o.http_status = c.status;
    o.hints = ServerHintParser::parse(headers, kNowMs, c.status == 429);
    o.provider_error = ProviderError::parse(c.body);
    ServerHintParser::apply_body_hint(o.hints, o.provider_error);
    return o;
}

class ProviderDialectWire : public ::testing::TestWithParam<WireCase> {};

TEST_P(ProviderDialectWire, ClassAndWait) {
    const WireCase& c = GetParam();
    const AttemptOutcome o = read_wire(c);
    const auto classification = ErrorClassifier::classify(o);
    ASSERT_TRUE(classification);
    EXPECT_EQ(to_string(classification->error_class), to_string(c.expected_class)) << classification->detail;
    EXPECT_EQ(o.hints.delay_ms, c.expected_delay_ms);
    EXPECT_EQ(to_string(o.hints.source), to_string(c.expected_source));
}

using C = ErrorClass;
using S = DelaySource;

// Gemini's OpenAI-compatible endpoint (generativelanguage.googleapis.com/v1beta/openai): an array around a
// google.rpc.Status, no Retry-After header; the wait is in details[].retryDelay.
constexpr const char* kGemini429 = R"([{
  "error": {
    "code": 429,
    "message": "You exceeded your current quota, please check your plan and billing details.",
    "status": "RESOURCE_EXHAUSTED",
    "details": [
      {"@type": "type.googleapis.com/google.rpc.QuotaFailure",
       "violations": [{"quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                       "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]},
      {"@type": "type.googleapis.com/google.rpc.Help", "links": [{"description": "Learn more"}]},
      {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "1s"}
    ]
  }
}
])";

INSTANTIATE_TEST_SUITE_P(
    Fixtures, ProviderDialectWire,
    ::testing::Values(
        WireCase{"gemini_429_retry_info_waits_as_told",
                 429,
                 {},
                 kGemini429,
                 C::RateLimited,
                 1000,
                 S::BodyRetryDelay},
        WireCase{"gemini_429_fractional_retry_delay",
                 429,
                 {},
                 R"([{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"x","details":[
                     {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37.250s"}]}}])",
                 C::RateLimited,
                 37250,
                 S::BodyRetryDelay},
        WireCase{"gemini_429_without_retry_info_backs_off",
                 429,
                 {},
                 R"([{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).",
                     "status":"RESOURCE_EXHAUSTED"}}])",
                 C::RateLimited,
                 std::nullopt,
                 S::None},
        WireCase{"gemini_retry_after_header_beats_the_body",
                 429,
                 {{"retry-after", "3"}},
                 kGemini429,
                 C::RateLimited,
                 3000,
                 S::RetryAfter},
        WireCase{"gemini_body_beats_an_inferred_reset",
                 429,
                 {{"x-ratelimit-remaining-requests", "0"}, {"x-ratelimit-reset-requests", "20s"}},
                 kGemini429,
                 C::RateLimited,
                 1000,
                 S::BodyRetryDelay},
        WireCase{"gemini_503_model_overloaded",
                 503,
                 {},
                 R"([{"error":{"code":503,"message":"The model is overloaded. Please try again later.",
                     "status":"UNAVAILABLE"}}])",
                 C::Overloaded,
                 std::nullopt,
                 S::None},
        WireCase{"gemini_garbage_retry_delay_is_ignored",
                 429,
                 {},
                 R"([{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","details":[
                     {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"soon"}]}}])",
                 C::RateLimited,
                 std::nullopt,
                 S::None},
        WireCase{
            "gemini_retry_info_of_another_type_is_not_read",
            429,
            {},
            R"([{"error":{"code":429,"details":[{"@type":"type.example.com/RetryInfo","retryDelay":"9s"}]}}])",
            C::RateLimited,
            std::nullopt,
            S::None},
        // Azure OpenAI: retry-after-ms and its own x-ms-retry-after-ms beside retry-after; an error code that
        // is the status as a string.
        WireCase{
            "azure_429_x_ms_retry_after_ms",
            429,
            {{"x-ms-retry-after-ms", "4500"},
             {"retry-after", "5"},
             {"x-ms-region", "East US"},
             {"apim-request-id", "6c1d"}},
            R"({"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 5 seconds."}})",
            C::RateLimited,
            4500,
            S::RetryAfterMs},
        WireCase{"azure_429_retry_after_ms",
                 429,
                 {{"retry-after-ms", "1200"}, {"retry-after", "2"}},
                 R"({"error":{"code":"429","message":"Rate limit is exceeded."}})",
                 C::RateLimited,
                 1200,
                 S::RetryAfterMs},
        WireCase{
            "azure_content_filter",
            400,
            {},
            R"({"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.","type":null,"param":"prompt","code":"content_filter","status":400}})",
            C::ContentPolicy,
            std::nullopt,
            S::None},
        // OpenRouter: error.code is the HTTP status as a number.
        WireCase{
            "openrouter_402_credits",
            402,
            {},
            R"({"error":{"code":402,"message":"Insufficient credits. Add more using https://openrouter.ai/credits","metadata":{"limit_source":"openrouter_credits"}}})",
            C::QuotaExhausted,
            std::nullopt,
            S::None},
        WireCase{"openrouter_429_retry_after",
                 429,
                 {{"retry-after", "2"}},
                 R"({"error":{"code":429,"message":"Rate limit exceeded: free-models-per-min."}})",
                 C::RateLimited,
                 2000,
                 S::RetryAfter},
        WireCase{
            "openrouter_403_flagged_input",
            403,
            {},
            R"({"error":{"code":403,"message":"meta-llama/llama-guard requires moderation: your input was flagged","metadata":{"reasons":["violence"]}}})",
            C::ContentPolicy,
            std::nullopt,
            S::None},
        WireCase{
            "openrouter_502_provider_down",
            502,
            {},
            R"({"error":{"code":502,"message":"Provider returned error","metadata":{"provider_name":"Example"}}})",
            C::ServerError,
            std::nullopt,
            S::None},
        // DeepSeek: 402 Insufficient Balance, 503 Server Overloaded (api-docs.deepseek.com error codes).
        WireCase{
            "deepseek_402_balance",
            402,
            {},
            R"({"error":{"message":"Insufficient Balance","type":"unknown_error","param":null,"code":"invalid_request_error"}})",
            C::QuotaExhausted,
            std::nullopt,
            S::None},
        WireCase{
            "deepseek_503_server_busy",
            503,
            {},
            R"({"error":{"message":"Server overloaded, the server is busy. Please retry after a brief wait.","type":"server_error","param":null,"code":"server_busy"}})",
            C::Overloaded,
            std::nullopt,
            S::None},
        WireCase{
            "openai_503_stays_a_server_error",
            503,
            {},
            R"({"error":{"message":"The server is overloaded or not ready yet.","type":"server_error","param":null,"code":null}})",
            C::ServerError,
            std::nullopt,
            S::None},
        // Groq and OpenAI: x-ratelimit-* with Go durations; the exhausted dimension's reset is the wait.
        WireCase{
            "groq_429_tokens_reset_go_duration",
            429,
            {{"x-ratelimit-limit-requests", "14400"},
             {"x-ratelimit-remaining-requests", "14370"},
             {"x-ratelimit-reset-requests", "2m59.56s"},
             {"x-ratelimit-limit-tokens", "18000"},
             {"x-ratelimit-remaining-tokens", "0"},
             {"x-ratelimit-reset-tokens", "7.66s"}},
            R"({"error":{"message":"Rate limit reached for model `llama-3.3-70b-versatile` on tokens per minute (TPM): Limit 18000, Used 18000, Requested 120. Please try again in 7.66s.","type":"tokens","code":"rate_limit_exceeded"}})",
            C::RateLimited,
            7660,
            S::RateLimitReset},
        WireCase{"groq_429_retry_after_wins",
                 429,
                 {{"retry-after", "8"},
                  {"x-ratelimit-remaining-tokens", "0"},
                  {"x-ratelimit-reset-tokens", "7.66s"}},
                 R"({"error":{"message":"Rate limit reached","type":"tokens","code":"rate_limit_exceeded"}})",
                 C::RateLimited,
                 8000,
                 S::RetryAfter},
        WireCase{
            "groq_498_flex_capacity",
            498,
            {},
            R"({"error":{"message":"Flex tier capacity exceeded. Please try again later.","type":"server_error"}})",
            C::Overloaded,
            std::nullopt,
            S::None},
        WireCase{
            "openai_429_requests_reset_6m0s",
            429,
            {{"x-ratelimit-limit-requests", "10000"},
             {"x-ratelimit-remaining-requests", "0"},
             {"x-ratelimit-reset-requests", "6m0s"}},
            R"({"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}})",
            C::RateLimited,
            360000,
            S::RateLimitReset},
        WireCase{"openai_429_reset_1_5s",
                 429,
                 {{"x-ratelimit-remaining-tokens", "0"}, {"x-ratelimit-reset-tokens", "1.5s"}},
                 R"({"error":{"message":"Rate limit reached","type":"tokens","code":"rate_limit_exceeded"}})",
                 C::RateLimited,
                 1500,
                 S::RateLimitReset},
        // Anthropic: anthropic-ratelimit-* (RFC 3339 resets), retry-after, and 529 overloaded.
        WireCase{
            "anthropic_429_ratelimit_reset",
            429,
            {{"anthropic-ratelimit-requests-limit", "50"},
             {"anthropic-ratelimit-requests-remaining", "0"},
             {"anthropic-ratelimit-requests-reset", "2026-01-01T00:00:12Z"}},
            R"({"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your per-minute rate limit"}})",
            C::RateLimited,
            12000,
            S::RateLimitReset},
        WireCase{"anthropic_429_retry_after",
                 429,
                 {{"retry-after", "20"},
                  {"anthropic-ratelimit-tokens-remaining", "0"},
                  {"anthropic-ratelimit-tokens-reset", "2026-01-01T00:00:30Z"}},
                 R"({"type":"error","error":{"type":"rate_limit_error","message":"x"}})",
                 C::RateLimited,
                 20000,
                 S::RetryAfter},
        WireCase{
            "anthropic_529_overloaded",
            529,
            {{"x-should-retry", "true"}},
            R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011"})",
            C::Overloaded,
            std::nullopt,
            S::None}),
    [](const auto& row) { return std::string(row.param.name); });

// Mid-stream error objects inside a 200 stream (OpenRouter: error.code is the status it stands for, with
// finish_reason "error"; Anthropic: an error event).
struct StreamCase {
    const char* name;
    const char* data;
    ErrorClass expected_class;
};

void PrintTo(const StreamCase& c, std::ostream* os) {
    *os << c.name;
}

class ProviderDialectStreamError : public ::testing::TestWithParam<StreamCase> {};

TEST_P(ProviderDialectStreamError, Classifies) {
    const StreamCase& c = GetParam();
    AttemptOutcome o;
    o.http_status = 200;
    o.transport = TransportError::StreamError;
    o.provider_error = ProviderError::parse(c.data);
    const auto classification = ErrorClassifier::classify(o);
    ASSERT_TRUE(classification);
    EXPECT_EQ(to_string(classification->error_class), to_string(c.expected_class)) << classification->detail;
    EXPECT_EQ(classification->detail.rfind("stream error: ", 0), 0U) << classification->detail;
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, ProviderDialectStreamError,
    ::testing::Values(
        StreamCase{
            "openrouter_provider_disconnected",
            R"({"id":"gen-1","object":"chat.completion.chunk","created":1767225600,"model":"openai/gpt-4o","provider":"OpenAI","error":{"code":502,"message":"Provider disconnected unexpectedly"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]})",
            C::ServerError},
        StreamCase{
            "openrouter_credits_mid_stream",
            R"({"object":"chat.completion.chunk","error":{"code":402,"message":"Insufficient credits"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]})",
            C::QuotaExhausted},
        StreamCase{
            "openrouter_rate_limited_mid_stream",
            R"({"object":"chat.completion.chunk","error":{"code":429,"message":"Rate limit exceeded"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]})",
            C::RateLimited},
        StreamCase{"openrouter_string_code",
                   R"({"error":{"code":"server_error","message":"Internal error"}})", C::ServerError},
        StreamCase{"anthropic_overloaded_event",
                   R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})",
                   C::Overloaded},
        StreamCase{"openai_rate_limit_event",
                   R"({"error":{"type":"requests","code":"rate_limit_exceeded","message":"x"}})",
                   C::RateLimited}),
    [](const auto& row) { return std::string(row.param.name); });

TEST(ProtoDuration, JsonFormOfDuration) {
    EXPECT_EQ(ServerHintParser::parse_proto_duration_ms("1s"), 1000.0);
    EXPECT_EQ(ServerHintParser::parse_proto_duration_ms("0.5s"), 500.0);
    EXPECT_EQ(ServerHintParser::parse_proto_duration_ms("30.123456789s").value_or(0) > 30123, true);
    for (const char* bad : {"", "s", "1", "-1s", "1.s", ".5s", "1.0000000001s", "1m", "1 s", "abc", "1e3s"}) {
        EXPECT_FALSE(ServerHintParser::parse_proto_duration_ms(bad)) << bad;
    }
}

TEST(ProtoDuration, ZeroAndAbsurdFollowTheHeaderRules) {
    ServerHints zero;
    ProviderError e;
    e.retry_delay = "0s";
    ServerHintParser::apply_body_hint(zero, e);
    EXPECT_FALSE(zero.delay_ms);
    ASSERT_EQ(zero.readings.size(), 1U);
    EXPECT_EQ(zero.readings[0].verdict, HintVerdict::NonPositive);
    EXPECT_EQ(zero.readings[0].header, ServerHintParser::kBodyRetryDelayName);

    ServerHints absurd;
    e.retry_delay = "999999999s";
    ServerHintParser::apply_body_hint(absurd, e);
    EXPECT_TRUE(absurd.absurd);
    EXPECT_EQ(absurd.delay_ms, ServerHints::kAbsurdDelayMs);
    EXPECT_EQ(absurd.source, DelaySource::BodyRetryDelay);
}

TEST(ProviderErrorShapes, HostileBodiesYieldNothingAndNeverThrow) {
    for (const char* body :
         {"[]", "[1]", "[[{\"error\":{}}]]", "[{\"error\":{\"details\":\"x\"}}]",
          "[{\"error\":{\"details\":[1,null,{\"@type\":5}]}}]", "\n\n\n", "[{\"error\"",
          "{\"error\":{\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\","
          "\"retryDelay\":{\"seconds\":1}}]}}"}) {
        const ProviderError e = ProviderError::parse(body);
        EXPECT_TRUE(e.retry_delay.empty()) << body;
    }
    // DeepSeek's keep-alive: blank lines before the JSON of a non-streamed answer.
    const ProviderError e = ProviderError::parse("\n\n\n{\"error\":{\"message\":\"Insufficient Balance\"}}");
    EXPECT_EQ(e.message, "Insufficient Balance");
}

}  // namespace
}  // namespace stormproof
