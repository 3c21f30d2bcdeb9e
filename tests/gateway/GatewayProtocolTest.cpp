// The gateway's wire knowledge without sockets: body parsing (errors named, untranslatable fields), error
// shapes, status mapping, finish reasons, the request reader's caps.
#include "gateway/GatewayProtocol.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "gateway/HttpRequestReader.h"
#include "resilience/SeededRandom.h"

namespace stormproof {
namespace {

using gateway::parse_chat;
using nlohmann::json;

struct BadBodyCase {
    const char* name;
    WireProtocol protocol;
    std::string body;
    std::string where;  // expected in the error's "where"
    std::string what;   // expected in the error's message
};

class BadBodyTest : public ::testing::TestWithParam<BadBodyCase> {};

TEST_P(BadBodyTest, IsRefusedNamingTheProblem) {
    const auto& c = GetParam();
    const auto r = parse_chat(c.protocol, c.body);
    ASSERT_FALSE(r) << c.name;
    EXPECT_NE(r.error().where.find(c.where), std::string::npos) << r.error().to_string();
    EXPECT_NE(r.error().message.find(c.what), std::string::npos) << r.error().to_string();
}

std::string deep(int levels) {
    return R"({"model":"m","messages":[],"x":)" + std::string(static_cast<std::size_t>(levels), '[') +
           std::string(static_cast<std::size_t>(levels), ']') + "}";
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadBodyTest,
    ::testing::Values(
        BadBodyCase{"Empty", WireProtocol::OpenAI, "", "body", "empty"},
        BadBodyCase{"Truncated", WireProtocol::OpenAI, "{\"model\": \"m\",\n \"messages\": [", "line 2",
                    "malformed JSON"},
        BadBodyCase{"InvalidUtf8", WireProtocol::OpenAI, "{\"model\": \"m\xff\", \"messages\": []}",
                    "byte 12", "UTF-8"},
        BadBodyCase{"DeepNesting", WireProtocol::Anthropic, deep(200), "body", "nested deeper"},
        BadBodyCase{"NotAnObject", WireProtocol::OpenAI, "[1]", "body", "object"},
        // Found by fuzz_gateway_requests: nlohmann throws out_of_range for a number beyond a double.
        BadBodyCase{"NumberBeyondADouble", WireProtocol::OpenAI,
                    R"({"model": "m", "temperature": 9999999e9999999, "messages": []})", "body",
                    "malformed JSON"},
        BadBodyCase{"NoModel", WireProtocol::OpenAI, R"({"messages": []})", "model", "required"},
        BadBodyCase{"NoMessages", WireProtocol::Anthropic, R"({"model": "m"})", "messages", "required"},
        BadBodyCase{"BadStream", WireProtocol::OpenAI, R"({"model": "m", "messages": [], "stream": "yes"})",
                    "stream", "true or false"},
        BadBodyCase{"BadMessage", WireProtocol::OpenAI, R"({"model": "m", "messages": [3]})", "messages[0]",
                    "role"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(GatewayParse, NestingUpToTheCapIsAccepted) {
    EXPECT_TRUE(parse_chat(WireProtocol::OpenAI, deep(gateway::kMaxJsonDepth - 2)));
}

struct TranslateCase {
    const char* name;
    WireProtocol protocol;
    std::string body;
    std::string untranslatable;  // empty: translatable; else a substring of the reason
};

class TranslateTest : public ::testing::TestWithParam<TranslateCase> {};

TEST_P(TranslateTest, NamesWhatCannotBeTranslated) {
    const auto& c = GetParam();
    const auto r = parse_chat(c.protocol, c.body);
    ASSERT_TRUE(r) << r.error().to_string();
    ASSERT_TRUE(r.value().request.passthrough);
    const std::string& why = r.value().request.passthrough->untranslatable;
    if (c.untranslatable.empty()) {
        EXPECT_EQ(why, "");
    } else {
        EXPECT_NE(why.find(c.untranslatable), std::string::npos) << why;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Table, TranslateTest,
    ::testing::Values(
        TranslateCase{
            "OpenAiTextChat", WireProtocol::OpenAI,
            R"({"model":"m","messages":[{"role":"system","content":"be brief"},{"role":"user","content":[{"type":"text","text":"hi"}]}],"max_tokens":5,"temperature":0.2,"top_p":0.9,"stop":["x"],"stream":true,"stream_options":{"include_usage":true}})",
            ""},
        TranslateCase{"OpenAiTools", WireProtocol::OpenAI, R"({"model":"m","messages":[],"tools":[]})",
                      "\"tools\""},
        TranslateCase{"OpenAiResponseFormat", WireProtocol::OpenAI,
                      R"({"model":"m","messages":[],"response_format":{"type":"json_object"}})",
                      "response_format"},
        TranslateCase{"OpenAiN", WireProtocol::OpenAI, R"({"model":"m","messages":[],"n":2})", "\"n\""},
        TranslateCase{
            "OpenAiImage", WireProtocol::OpenAI,
            R"({"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]})",
            "image_url"},
        TranslateCase{"OpenAiToolMessage", WireProtocol::OpenAI,
                      R"({"model":"m","messages":[{"role":"tool","content":"r","tool_call_id":"1"}]})",
                      "tool"},
        TranslateCase{
            "AnthropicTextChat", WireProtocol::Anthropic,
            R"({"model":"m","system":[{"type":"text","text":"s"}],"messages":[{"role":"user","content":"hi"}],"max_tokens":9,"stop_sequences":["z"],"stream":false})",
            ""},
        TranslateCase{"AnthropicTopK", WireProtocol::Anthropic,
                      R"({"model":"m","messages":[],"max_tokens":9,"top_k":3})", "top_k"},
        TranslateCase{
            "AnthropicToolUse", WireProtocol::Anthropic,
            R"({"model":"m","max_tokens":9,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"1","name":"f","input":{}}]}]})",
            "tool_use"},
        TranslateCase{
            "AnthropicCacheControl", WireProtocol::Anthropic,
            R"({"model":"m","max_tokens":9,"system":[{"type":"text","text":"s","cache_control":{"type":"ephemeral"}}],"messages":[]})",
            "extra fields"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(GatewayParse, TextChatFieldsReachTheRequest) {
    const auto r = parse_chat(
        WireProtocol::Anthropic,
        R"({"model":"backup","system":"s1","messages":[{"role":"user","content":"hi"},{"role":"assistant","content":[{"type":"text","text":"yo"}]}],"max_tokens":7,"temperature":0.5,"top_p":0.8,"stop_sequences":["END"],"stream":true})");
    ASSERT_TRUE(r);
    const ChatRequest& c = r.value().request;
    EXPECT_EQ(r.value().model, "backup");
    EXPECT_EQ(c.system, "s1");
    ASSERT_EQ(c.messages.size(), 2u);
    EXPECT_EQ(c.messages[1].content, "yo");
    EXPECT_EQ(c.max_tokens, 7);
    EXPECT_EQ(c.temperature, 0.5);
    EXPECT_EQ(c.top_p, 0.8);
    EXPECT_EQ(c.stop, std::vector<std::string>{"END"});
    EXPECT_TRUE(c.stream);
    EXPECT_EQ(c.passthrough->protocol, WireProtocol::Anthropic);
}

struct StatusCase {
    ErrorClass error_class;
    std::optional<int> upstream;
    WireProtocol caller;
    int status;
};

class StatusTest : public ::testing::TestWithParam<StatusCase> {};

TEST_P(StatusTest, KeepsTheClassOfTheCause) {
    const auto& c = GetParam();
    EXPECT_EQ(gateway::status_for(c.error_class, c.upstream, c.caller), c.status)
        << to_string(c.error_class) << " " << c.upstream.value_or(0);
}

INSTANTIATE_TEST_SUITE_P(
    Table, StatusTest,
    ::testing::Values(StatusCase{ErrorClass::RateLimited, 429, WireProtocol::OpenAI, 429},
                      StatusCase{ErrorClass::QuotaExhausted, 429, WireProtocol::OpenAI, 429},
                      StatusCase{ErrorClass::ServerError, 500, WireProtocol::OpenAI, 502},
                      StatusCase{ErrorClass::ServerError, 503, WireProtocol::OpenAI, 503},
                      StatusCase{ErrorClass::ServerError, 504, WireProtocol::Anthropic, 504},
                      StatusCase{ErrorClass::Overloaded, 529, WireProtocol::Anthropic, 529},
                      StatusCase{ErrorClass::Overloaded, 529, WireProtocol::OpenAI, 503},
                      StatusCase{ErrorClass::Timeout, std::nullopt, WireProtocol::OpenAI, 504},
                      StatusCase{ErrorClass::DeadlineExhausted, std::nullopt, WireProtocol::OpenAI, 504},
                      StatusCase{ErrorClass::DeadlineExhausted, 429, WireProtocol::OpenAI, 429},
                      StatusCase{ErrorClass::Network, std::nullopt, WireProtocol::OpenAI, 502},
                      StatusCase{ErrorClass::Auth, 401, WireProtocol::OpenAI, 401},
                      StatusCase{ErrorClass::Auth, 403, WireProtocol::Anthropic, 403},
                      StatusCase{ErrorClass::BadRequest, 422, WireProtocol::OpenAI, 422},
                      StatusCase{ErrorClass::BadRequest, 503, WireProtocol::OpenAI, 400},
                      StatusCase{ErrorClass::ContextLength, 400, WireProtocol::OpenAI, 400},
                      StatusCase{ErrorClass::BudgetExhausted, 503, WireProtocol::OpenAI, 503},
                      StatusCase{ErrorClass::BudgetExhausted, 429, WireProtocol::OpenAI, 429},
                      StatusCase{ErrorClass::CircuitOpen, std::nullopt, WireProtocol::OpenAI, 503},
                      StatusCase{ErrorClass::MalformedResponse, 200, WireProtocol::OpenAI, 502}));

TEST(GatewayShapes, ErrorBodiesFollowEachProtocol) {
    const json openai =
        json::parse(gateway::error_body(WireProtocol::OpenAI, 429, "slow down", "rate_limited"));
    EXPECT_EQ(openai["error"]["message"], "slow down");
    EXPECT_EQ(openai["error"]["type"], "rate_limit_error");
    EXPECT_EQ(openai["error"]["code"], "rate_limited");
    const json anthropic = json::parse(gateway::error_body(WireProtocol::Anthropic, 529, "busy"));
    EXPECT_EQ(anthropic["type"], "error");
    EXPECT_EQ(anthropic["error"]["type"], "overloaded_error");
    EXPECT_EQ(anthropic["error"]["message"], "busy");
}

TEST(GatewayShapes, FinishReasonsMapBothWays) {
    const std::vector<std::tuple<WireProtocol, std::string, std::string>> table = {
        {WireProtocol::Anthropic, "stop", "end_turn"},
        {WireProtocol::Anthropic, "length", "max_tokens"},
        {WireProtocol::Anthropic, "tool_calls", "tool_use"},
        {WireProtocol::OpenAI, "end_turn", "stop"},
        {WireProtocol::OpenAI, "stop_sequence", "stop"},
        {WireProtocol::OpenAI, "max_tokens", "length"},
        {WireProtocol::OpenAI, "tool_use", "tool_calls"}};
    for (const auto& [caller, in, out] : table)
        EXPECT_EQ(gateway::finish_reason_for(caller, in), out) << in;
}

TEST(GatewayShapes, SseEventsSplitMultilineData) {
    EXPECT_EQ(gateway::sse_event("error", "a\nb"), "event: error\ndata: a\ndata: b\n\n");
    EXPECT_EQ(gateway::sse_event({}, "[DONE]"), "data: [DONE]\n\n");
}

struct ReaderCase {
    const char* name;
    std::string bytes;
    HttpRequestReader::State state;
    int status;  // when Failed
};

class ReaderTest : public ::testing::TestWithParam<ReaderCase> {};

TEST_P(ReaderTest, ChecksCapsBeforeReading) {
    const auto& c = GetParam();
    HttpRequestReader reader(100, 256);
    EXPECT_EQ(reader.feed(c.bytes), c.state) << c.name;
    if (c.state == HttpRequestReader::State::Failed) {
        EXPECT_EQ(reader.failure().status, c.status) << reader.failure().message;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ReaderTest,
    ::testing::Values(
        ReaderCase{"Whole", "POST /v1/messages HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}",
                   HttpRequestReader::State::Complete, 0},
        ReaderCase{"BodyPending", "POST /v1/messages HTTP/1.1\r\nContent-Length: 20\r\n\r\n{}",
                   HttpRequestReader::State::NeedMore, 0},
        ReaderCase{"TooLargeFromTheHead", "POST /x HTTP/1.1\r\nContent-Length: 1000000000\r\n\r\n",
                   HttpRequestReader::State::Failed, 413},
        ReaderCase{"HeadTooLarge", "GET /x HTTP/1.1\r\nX: " + std::string(300, 'a'),
                   HttpRequestReader::State::Failed, 431},
        ReaderCase{"Chunked", "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
                   HttpRequestReader::State::Failed, 411},
        ReaderCase{"BadLength", "POST /x HTTP/1.1\r\nContent-Length: 1x\r\n\r\n",
                   HttpRequestReader::State::Failed, 400},
        ReaderCase{"BadVersion", "GET /x HTTP/2.0\r\n\r\n", HttpRequestReader::State::Failed, 505},
        ReaderCase{"BadLine", "GARBAGE\r\n\r\n", HttpRequestReader::State::Failed, 400}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(HttpRequestReader, PipelinedRequestsComeOneByOne) {
    HttpRequestReader reader(100);
    ASSERT_EQ(
        reader.feed("GET /health HTTP/1.1\r\n\r\nGET /v1/models?x=1 HTTP/1.1\r\nConnection: close\r\n\r\n"),
        HttpRequestReader::State::Complete);
    EXPECT_EQ(reader.take().path, "/health");
    ASSERT_EQ(reader.state(), HttpRequestReader::State::Complete);
    const HttpRequest second = reader.take();
    EXPECT_EQ(second.path, "/v1/models");
    EXPECT_FALSE(second.keep_alive);
}

// The fuzz target's checks (fuzz/fuzz_gateway_requests.cpp) without libFuzzer: seeded mutations of real
// requests, split into two reads at every kind of point, through the reader and both parsers.
TEST(GatewayFuzzStyle, MutatedRequestsNeitherCrashNorPassACap) {
    const std::vector<std::string> seeds = {
        "POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 63\r\n\r\n"
        R"({"model":"default","messages":[{"role":"user","content":"hi"}]})",
        "POST /v1/messages HTTP/1.1\r\nContent-Length: 91\r\n\r\n"
        R"({"model":"x","max_tokens":5,"system":[{"type":"text","text":"s"}],"messages":[],"tools":[]})"};
    SeededRandom random(2026);
    constexpr std::size_t kMaxBody = 4096;
    int complete = 0;
    for (int i = 0; i < 4000; ++i) {
        std::string bytes = seeds[static_cast<std::size_t>(i) % seeds.size()];
        const int edits = 1 + static_cast<int>(random.next_u64() % 8);
        for (int e = 0; e < edits && !bytes.empty(); ++e) {
            const std::size_t at = random.next_u64() % bytes.size();
            switch (random.next_u64() % 4) {
                case 0:
                    bytes[at] = static_cast<char>(random.next_u64() % 256);
                    break;
                case 1:
                    bytes.erase(at, 1);
                    break;
                case 2:
                    bytes.insert(at, 1, "{[\"\\:,\r\n\xff"[random.next_u64() % 10]);
                    break;
                default:
                    bytes.insert(at, bytes.substr(at, random.next_u64() % 16));
            }
        }
        HttpRequestReader reader(kMaxBody, 1024);
        const std::size_t split = random.next_u64() % (bytes.size() + 1);
        reader.feed(std::string_view(bytes).substr(0, split));
        reader.feed(std::string_view(bytes).substr(split));
        for (int n = 0; n < 64 && reader.state() == HttpRequestReader::State::Complete; ++n) {
            ++complete;
            const HttpRequest r = reader.take();
            ASSERT_LE(r.body.size(), kMaxBody);
            for (const WireProtocol p : {WireProtocol::OpenAI, WireProtocol::Anthropic}) {
                const auto parsed = parse_chat(p, r.body);
                if (parsed) {
                    ASSERT_TRUE(parsed.value().request.passthrough);
                } else {
                    EXPECT_FALSE(parsed.error().message.empty());
                }
            }
        }
        (void)parse_chat(WireProtocol::OpenAI, bytes);
    }
    EXPECT_GT(complete, 100);  // the mutations still reach the parser, not only the reader's refusals
}

}  // namespace
}  // namespace stormproof
