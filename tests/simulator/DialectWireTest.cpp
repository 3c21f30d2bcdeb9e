// The simulator's provider dialects (issue 21) as a plain HTTP client sees them: one row per dialect and
// fault, the status, the headers that must and must not be there, and the body's tell-tale.
#include <gtest/gtest.h>

#include <QNetworkAccessManager>
#include <nlohmann/json.hpp>

#include "../support/HttpProbe.h"
#include "platform/QtTimeSystem.h"
#include "simulator/DialectWire.h"
#include "simulator/ScenarioLoader.h"
#include "simulator/SimulatorServer.h"

namespace stormproof {
namespace {

using nlohmann::json;

const QByteArray kChat = R"({"model":"m","messages":[{"role":"user","content":"hello there"}]})";
const QByteArray kChatStream =
    R"({"model":"m","stream":true,"messages":[{"role":"user","content":"hello there"}]})";

struct WireRow {
    const char* name;
    const char* scenario;  // the whole scenario JSON
    bool stream;
    int status;
    std::vector<std::pair<const char*, const char*>> headers;  // name, value ("" = present, any value)
    std::vector<const char*> absent_headers;
    std::vector<const char*> body_contains;
};

void PrintTo(const WireRow& r, std::ostream* os) {
    *os << r.name;
}

class DialectWireRows : public ::testing::TestWithParam<WireRow> {
protected:
    QtTimeSystem time;
    QNetworkAccessManager nam;
};

TEST_P(DialectWireRows, AnswersAsTheProviderDoes) {
    const WireRow& row = GetParam();
    SimulatorServer server(time, time, 1);
    const Result<quint16> listening = server.start(QHostAddress::LocalHost, 0);
    ASSERT_TRUE(listening) << listening.error().to_string();
    auto loaded = ScenarioLoader::from_text(row.scenario);
    ASSERT_TRUE(loaded.ok()) << join_errors(loaded.errors);
    loaded.scenario->reply.first_token_ms = 0;
    loaded.scenario->reply.tokens_per_s = 0;
    server.set_scenario(*loaded.scenario);
    const auto r =
        test::probe(nam, server.base_url() + "/v1/chat/completions", row.stream ? kChatStream : kChat,
                    {{"Content-Type", "application/json"}, {"Authorization", "Bearer sk-x"}});
    EXPECT_EQ(r.status, row.status) << r.body.toStdString();
    for (const auto& [name, value] : row.headers) {
        const QByteArray got = r.header(name);
        EXPECT_FALSE(got.isNull()) << "missing header " << name;
        if (*value) {
            EXPECT_EQ(got.toStdString(), value) << name;
        }
    }
    for (const char* name : row.absent_headers)
        EXPECT_TRUE(r.header(name).isNull())
            << "unexpected header " << name << ": " << r.header(name).toStdString();
    const std::string body = r.body.toStdString();
    for (const char* needle : row.body_contains)
        EXPECT_NE(body.find(needle), std::string::npos) << "no " << needle << " in " << body;
}

INSTANTIATE_TEST_SUITE_P(
    Dialects, DialectWireRows,
    ::testing::Values(
        WireRow{"gemini_429_retry_info_in_body",
                R"({"dialect": "gemini", "faults": [{"kind": "rate_limit", "retry_after_ms": 1500}]})",
                false,
                429,
                {},
                {"retry-after", "retry-after-ms", "x-ratelimit-reset-requests"},
                {R"([{"error":)", R"("status":"RESOURCE_EXHAUSTED")",
                 R"("@type":"type.googleapis.com/google.rpc.RetryInfo")", R"("retryDelay":"1.5s")"}},
        WireRow{"gemini_overloaded_is_503_unavailable",
                R"({"dialect": "gemini", "faults": [{"kind": "overloaded"}]})",
                false,
                503,
                {},
                {},
                {R"("status":"UNAVAILABLE")", "The model is overloaded"}},
        WireRow{"azure_429_x_ms_headers",
                R"({"dialect": "azure", "faults": [{"kind": "rate_limit", "retry_after_ms": 2500}]})",
                false,
                429,
                {{"retry-after-ms", "2500"},
                 {"x-ms-retry-after-ms", "2500"},
                 {"retry-after", "3"},
                 {"x-ms-region", ""},
                 {"apim-request-id", ""}},
                {},
                {R"("code":"429")", "Please retry after 3 seconds"}},
        WireRow{"openrouter_402_credits",
                R"({"dialect": "openrouter", "faults": [{"kind": "insufficient_quota"}]})",
                false,
                402,
                {},
                {"retry-after"},
                {R"("code":402)", "Insufficient credits"}},
        WireRow{"openrouter_mid_stream_error_chunk",
                R"({"dialect": "openrouter", "faults": [{"kind": "stream_error", "after_tokens": 2}]})",
                true,
                200,
                {},
                {},
                {": OPENROUTER PROCESSING", R"("finish_reason":"error")", R"("error":{"code":502)"}},
        WireRow{"openrouter_unstreamed_stream_error_is_502",
                R"({"dialect": "openrouter", "faults": [{"kind": "stream_error"}]})",
                false,
                502,
                {},
                {},
                {R"("code":502)"}},
        WireRow{"deepseek_keep_alive_comments",
                R"({"dialect": "deepseek"})",
                true,
                200,
                {},
                {},
                {": keep-alive\n\n", "[DONE]"}},
        WireRow{"deepseek_blank_lines_before_body",
                R"({"dialect": "deepseek"})",
                false,
                200,
                {},
                {},
                {"\n\n{\"choices\""}},
        WireRow{"deepseek_503_busy",
                R"({"dialect": "deepseek", "faults": [{"kind": "overloaded"}]})",
                false,
                503,
                {},
                {},
                {"server is busy"}},
        WireRow{"deepseek_402_balance",
                R"({"dialect": "deepseek", "faults": [{"kind": "insufficient_quota"}]})",
                false,
                402,
                {},
                {},
                {"Insufficient Balance"}},
        WireRow{"groq_429_retry_after_seconds_and_go_resets",
                R"({"dialect": "groq", "faults": [{"kind": "rate_limit", "delay_ms": 7660}]})",
                false,
                429,
                {{"retry-after", "8"},
                 {"x-ratelimit-reset-tokens", "7.66s"},
                 {"x-ratelimit-remaining-tokens", "0"}},
                {"retry-after-ms"},
                {"rate_limit_exceeded"}},
        WireRow{"groq_498",
                R"({"dialect": "groq", "faults": [{"kind": "overloaded"}]})",
                false,
                498,
                {},
                {},
                {"Flex tier capacity exceeded"}},
        WireRow{"local_bare_error_string",
                R"({"dialect": "local", "faults": [{"kind": "overloaded"}]})",
                false,
                503,
                {},
                {"retry-after", "x-should-retry"},
                {R"({"error":"server busy)"}},
        WireRow{"openai_stream_error_event",
                R"({"faults": [{"kind": "stream_error", "after_tokens": 1}]})",
                true,
                200,
                {},
                {},
                {R"(data: {"error":{)"}}),
    [](const auto& row) { return std::string(row.param.name); });

// An Azure target sends its key as api-key (auth_header "api-key"): the simulator takes it as a key, so the
// azure dialect can be rehearsed with the preset's own header.
TEST(DialectWire, AzureApiKeyHeaderIsAKey) {
    QtTimeSystem time;
    QNetworkAccessManager nam;
    SimulatorServer server(time, time, 1);
    const Result<quint16> listening = server.start(QHostAddress::LocalHost, 0);
    ASSERT_TRUE(listening) << listening.error().to_string();
    const auto with_api_key = test::probe(nam, server.base_url() + "/v1/chat/completions", kChat,
                                          {{"Content-Type", "application/json"}, {"api-key", "azure-key"}});
    EXPECT_EQ(with_api_key.status, 200) << with_api_key.body.toStdString();
    const auto without = test::probe(nam, server.base_url() + "/v1/chat/completions", kChat,
                                     {{"Content-Type", "application/json"}});
    EXPECT_EQ(without.status, 401);
}

TEST(DialectWire, ProtoDurations) {
    EXPECT_EQ(DialectWire::proto_duration(1000), "1s");
    EXPECT_EQ(DialectWire::proto_duration(1500), "1.5s");
    EXPECT_EQ(DialectWire::proto_duration(150), "0.15s");
    EXPECT_EQ(DialectWire::proto_duration(37250), "37.25s");
}

TEST(DialectWire, ScenarioDialectIsValidatedWithItsChoices) {
    const auto bad = ScenarioLoader::from_text(R"({"dialect": "klingon"})");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(join_errors(bad.errors).find("dialect: must be one of openai, anthropic, gemini"),
              std::string::npos)
        << join_errors(bad.errors);
    const auto good = ScenarioLoader::from_text(R"({"dialect": "openrouter"})");
    ASSERT_TRUE(good.ok());
    EXPECT_EQ(good.scenario->dialect, ProviderDialect::OpenRouter);
    EXPECT_FALSE(ScenarioLoader::from_text("{}").scenario->dialect);
}

TEST(DialectWire, BuiltInDialectScenariosLoad) {
    for (const char* name : {"gemini-rate-limited", "openrouter-mid-stream", "openrouter-out-of-credits",
                             "azure-throttled", "deepseek-busy", "groq-rate-limited", "local-busy"}) {
        const auto loaded = ScenarioLoader::builtin(name);
        ASSERT_TRUE(loaded.ok()) << name << ": " << join_errors(loaded.errors);
        EXPECT_TRUE(loaded.scenario->dialect) << name;
    }
}

}  // namespace
}  // namespace stormproof
