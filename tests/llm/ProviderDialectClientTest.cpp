// Issue 21: each provider's failure dialect end to end -- the simulator fails the way the provider does (a
// scenario's "dialect"), the client reads it over real loopback sockets, and the attempt records the class
// and the wait (with where it came from) that provider's failure calls for.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "config/PolicyLoader.h"
#include "config/PolicyWriter.h"
#include "support/AppHarness.h"
#include "support/RawHttpServer.h"

namespace stormproof {
namespace {

using nlohmann::json;

struct DialectCase {
    const char* name;
    const char* dialect;
    const char* fault;  // one fault, applied to the first request only (max_count 1)
    bool stream;
    ErrorClass first_class;
    DelaySource first_delay_source;
    std::optional<std::int64_t> first_delay_ms;  // nullopt: any (backoff)
    bool recovers;                               // the retry succeeds (false: the request fails, not retried)
};

void PrintTo(const DialectCase& c, std::ostream* os) {
    *os << c.name;
}

class ProviderDialectOverTheWire : public ::testing::TestWithParam<DialectCase> {
protected:
    test::AppHarness app{{test::AppHarnessOptions::Time::Real, /*random_seed=*/7, /*simulator_seed=*/3}};

    void SetUp() override {
        app.secrets().set({KeyRef::Source::Env, "DIALECT_KEY"}, "sk-canary-dialect-aaaaaaaa");
        Policy policy;
        policy.targets = {TargetConfig{"provider",
                                       ProviderKind::OpenAI,
                                       app.simulator().base_url().toStdString() + "/v1",
                                       "some-model",
                                       {{KeyRef::Source::Env, "DIALECT_KEY"}},
                                       false,
                                       ""}};
        auto& r = policy.resilience;
        r.retry.max_attempts = 2;
        // A local backoff far from every server-given wait below, so a wait taken from the wrong place shows.
        r.retry.backoff = {BackoffKind::Exponential, JitterKind::None, 17, 17, 0};
        r.timeouts = {2000, 2000, 2000, 5000, 8000};
        app.client().set_policy(policy);
    }
};

TEST_P(ProviderDialectOverTheWire, ClassAndWaitAsTheProviderMeansThem) {
    const DialectCase& c = GetParam();
    app.scenario(std::string(R"({"name": "dialect", "dialect": ")") + c.dialect +
                 R"(", "reply": {"min_tokens": 12, "max_tokens": 12, "first_token_ms": 0, "tokens_per_s": 0},
                     "faults": [)" +
                 c.fault + "]}");
    const test::CallOutcome o = app.run(test::user_request("Tell me about retries.", c.stream));
    ASSERT_FALSE(o.result.attempts.empty());
    const AttemptRecord& first = o.result.attempts.front();
    ASSERT_TRUE(first.error_class) << "the first attempt failed";
    EXPECT_EQ(to_string(*first.error_class), to_string(c.first_class));
    EXPECT_EQ(o.result.ok, c.recovers);
    if (c.recovers) {
        ASSERT_EQ(o.result.attempts.size(), 2U);
        EXPECT_EQ(to_string(first.delay_source), to_string(c.first_delay_source));
        if (c.first_delay_ms) {
            EXPECT_EQ(first.delay_ms, *c.first_delay_ms);
            EXPECT_GE(o.result.attempts[1].started_ms - first.started_ms, *c.first_delay_ms);
        }
        EXPECT_EQ(o.result.text.empty(), false);
    } else {
        EXPECT_EQ(o.result.attempts.size(), 1U) << "not retried";
    }
}

using C = ErrorClass;
using S = DelaySource;

INSTANTIATE_TEST_SUITE_P(
    Simulated, ProviderDialectOverTheWire,
    ::testing::Values(
        // Gemini: the wait is only in the 429's body (RetryInfo.retryDelay "0.15s").
        DialectCase{"gemini_rate_limit_waits_for_retry_delay", "gemini",
                    R"({"kind": "rate_limit", "retry_after_ms": 150, "max_count": 1})", true, C::RateLimited,
                    S::BodyRetryDelay, 150, true},
        DialectCase{"gemini_overloaded_503", "gemini", R"({"kind": "overloaded", "max_count": 1})", false,
                    C::Overloaded, S::Backoff, 17, true},
        // Azure: x-ms-retry-after-ms beside retry-after-ms and retry-after.
        DialectCase{"azure_rate_limit_retry_after_ms", "azure",
                    R"({"kind": "rate_limit", "retry_after_ms": 120, "max_count": 1})", true, C::RateLimited,
                    S::RetryAfterMs, 120, true},
        // OpenRouter: out of credits is 402, not retried; a provider failing mid-stream is an error chunk.
        DialectCase{"openrouter_402_credits_not_retried", "openrouter",
                    R"({"kind": "insufficient_quota", "max_count": 1})", true, C::QuotaExhausted, S::None,
                    std::nullopt, false},
        DialectCase{"openrouter_mid_stream_error_chunk", "openrouter",
                    R"({"kind": "stream_error", "after_tokens": 3, "max_count": 1})", true, C::ServerError,
                    S::Backoff, 17, true},
        DialectCase{"openrouter_rate_limit_retry_after_seconds", "openrouter",
                    R"({"kind": "rate_limit", "retry_after_s": 1, "max_count": 1})", false, C::RateLimited,
                    S::RetryAfter, 1000, true},
        // DeepSeek: keep-alive comments / blank lines before a reply; 503 server busy; 402 balance.
        DialectCase{"deepseek_server_busy_then_keep_alive_stream", "deepseek",
                    R"({"kind": "overloaded", "max_count": 1})", true, C::Overloaded, S::Backoff, 17, true},
        DialectCase{"deepseek_server_busy_then_blank_lines_body", "deepseek",
                    R"({"kind": "unavailable", "max_count": 1})", false, C::Overloaded, S::Backoff, 17, true},
        DialectCase{"deepseek_402_balance", "deepseek", R"({"kind": "insufficient_quota", "max_count": 1})",
                    false, C::QuotaExhausted, S::None, std::nullopt, false},
        // Groq: retry-after in whole seconds wins over the x-ratelimit reset ("0.25s").
        DialectCase{"groq_rate_limit", "groq", R"({"kind": "rate_limit", "delay_ms": 250, "max_count": 1})",
                    true, C::RateLimited, S::RetryAfter, 1000, true},
        DialectCase{"groq_498_flex_capacity", "groq", R"({"kind": "overloaded", "max_count": 1})", true,
                    C::Overloaded, S::Backoff, 17, true},
        // A local server: {"error": "..."}, no hints.
        DialectCase{"local_queue_full", "local", R"({"kind": "overloaded", "max_count": 1})", true,
                    C::Overloaded, S::Backoff, 17, true}),
    [](const auto& row) { return std::string(row.param.name); });

// Azure OpenAI wants its key as "api-key: KEY" (a target's auth_header "api-key"): sent so over the wire,
// with no Authorization header beside it; other targets keep Authorization: Bearer.
TEST(AzureKeyHeader, ATargetWithApiKeyAuthSendsTheApiKeyHeaderOnly) {
    test::AppHarness app;
    test::RawHttpServer server([](const test::RawRequest&) {
        return test::RawReply::json(200, R"({"id":"c","object":"chat.completion","created":1,"model":"m",
            "choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],
            "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}})");
    });
    app.secrets().set({KeyRef::Source::Env, "AZURE_OPENAI_API_KEY"}, "azure-canary-key-1234");
    app.secrets().set({KeyRef::Source::Env, "OTHER_KEY"}, "sk-other-canary-5678");
    Policy policy;
    TargetConfig azure{"azure",
                       ProviderKind::OpenAI,
                       server.base_url().toStdString() + "/openai/v1",
                       "my-deployment",
                       {{KeyRef::Source::Env, "AZURE_OPENAI_API_KEY"}},
                       false,
                       ""};
    azure.auth_header = AuthHeader::ApiKey;
    policy.targets = {azure};
    app.client().set_policy(policy);
    const test::CallOutcome o = app.run(test::user_request("x", false));
    ASSERT_TRUE(o.result.ok) << (o.result.error ? o.result.error->message : "");
    ASSERT_EQ(server.requests().size(), 1);
    const test::RawRequest& r = server.requests().front();
    EXPECT_EQ(r.path, "/openai/v1/chat/completions");
    EXPECT_EQ(r.header("api-key"), "azure-canary-key-1234");
    EXPECT_TRUE(r.header("authorization").isNull()) << r.header("authorization").toStdString();

    policy.targets[0].auth_header = AuthHeader::Default;
    policy.targets[0].api_keys = {{KeyRef::Source::Env, "OTHER_KEY"}};
    app.client().set_policy(policy);
    ASSERT_TRUE(app.run(test::user_request("y", false)).result.ok);
    ASSERT_EQ(server.requests().size(), 2);
    EXPECT_EQ(server.requests()[1].header("authorization"), "Bearer sk-other-canary-5678");
    EXPECT_TRUE(server.requests()[1].header("api-key").isNull());
}

TEST(AzureKeyHeader, ThePolicyFileKeepsIt) {
    const auto loaded = PolicyLoader::from_text(R"({"targets": [{"name": "azure", "provider": "openai",
        "base_url": "https://example.openai.azure.com/openai/v1", "model": "d", "auth_header": "api-key"}]})");
    ASSERT_TRUE(loaded.ok()) << join_errors(loaded.errors);
    EXPECT_EQ(loaded.policy->targets[0].auth_header, AuthHeader::ApiKey);
    const auto again = PolicyLoader::from_text(PolicyWriter::to_text(*loaded.policy));
    ASSERT_TRUE(again.ok()) << join_errors(again.errors);
    EXPECT_EQ(again.policy->targets[0].auth_header, AuthHeader::ApiKey);
    const auto bad = PolicyLoader::from_text(R"({"targets": [{"name": "a", "provider": "openai", "model": "m",
        "auth_header": "basic"}]})");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(
        join_errors(bad.errors).find("targets[0].auth_header: must be one of default|api-key, got \"basic\""),
        std::string::npos)
        << join_errors(bad.errors);
}

}  // namespace
}  // namespace stormproof
