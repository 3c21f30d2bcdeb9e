// The gateway over real loopback sockets, in front of in-process simulators (and a RawHttpServer where the
// test must see exactly what went upstream). No internet, no real key.
#include "gateway/GatewayServer.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <QCoreApplication>
#include <QFile>
#include <QNetworkAccessManager>
#include <QTcpSocket>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "gateway/GatewayProtocol.h"
#include "support/AppHarness.h"
#include "support/HttpProbe.h"
#include "support/RawHttpServer.h"
#include "telemetry/JsonlEventLog.h"

namespace stormproof {
namespace {

using nlohmann::json;
using test::AppHarness;
using test::ProbeResult;
using Headers = QList<std::pair<QByteArray, QByteArray>>;

constexpr const char* kUpstreamKey = "sk-upstream-canary-key-0123456789";

class GatewayTest : public ::testing::Test {
protected:
    AppHarness h;
    std::unique_ptr<SimulatorServer> backup;  // speaks Anthropic's API to the client
    std::unique_ptr<GatewayServer> gateway;
    QNetworkAccessManager nam;
    GatewayOptions options;
    Policy policy;
    // The gateway's own timers run on this clock when a test asks (slow clients); else on the harness's.
    std::unique_ptr<SimulatedTime> gateway_time;

    void SetUp() override {
        backup = test::start_simulator(h.clock(), h.scheduler(), 23);
        h.secrets().set({KeyRef::Source::Env, "UP_KEY"}, kUpstreamKey);
        TargetConfig p;
        p.name = "primary";
        p.provider = ProviderKind::OpenAI;
        p.base_url = h.simulator().base_url().toStdString() + "/v1";
        p.model = "gpt-test";
        p.api_keys = {{KeyRef::Source::Env, "UP_KEY"}};
        TargetConfig b;
        b.name = "backup";
        b.provider = ProviderKind::Anthropic;
        b.base_url = backup->base_url().toStdString();
        b.model = "claude-test";
        b.api_keys = {{KeyRef::Source::Env, "UP_KEY"}};
        policy.targets = {p, b};
        auto& r = policy.resilience;
        r.retry.max_attempts = 2;
        r.retry.backoff = {BackoffKind::Exponential, JitterKind::None, 10, 50, 0};
        r.retry.max_retry_after_ms = 1000;
        r.retry.on_retry_after_above_max = AboveMaxAction::Fail;
        options.port = 0;
    }

    void start() {
        h.client().set_policy(policy);
        Scheduler& scheduler = gateway_time ? static_cast<Scheduler&>(*gateway_time) : h.scheduler();
        const ClientContext context{h.clock(), scheduler, h.random(), h.bus(), h.secrets()};
        gateway = std::make_unique<GatewayServer>(h.client(), context, options);
        const Status s = gateway->listen();
        ASSERT_TRUE(s) << s.error().to_string();
    }

    ProbeResult post(const std::string& path, const json& body, Headers headers = {}) {
        return post_raw(path, QByteArray::fromStdString(body.dump()), std::move(headers));
    }
    ProbeResult post_raw(const std::string& path, const QByteArray& body, Headers headers = {}) {
        return test::probe(nam, QString::fromStdString(gateway->url() + path), body, std::move(headers));
    }
    ProbeResult get(const std::string& path, Headers headers = {}) {
        return test::probe(nam, QString::fromStdString(gateway->url() + path), QByteArray(),
                           std::move(headers));
    }

    static json chat(const std::string& model, bool stream = false) {
        return {{"model", model},
                {"messages", json::array({{{"role", "user"}, {"content", "Say hello."}}})},
                {"stream", stream}};
    }
    static json messages(const std::string& model, bool stream = false) {
        return {{"model", model},
                {"max_tokens", 64},
                {"messages", json::array({{{"role", "user"}, {"content", "Say hello."}}})},
                {"stream", stream}};
    }
    std::string event_lines() {
        std::string out;
        for (const TelemetryEvent& e : h.events())
            out += JsonlEventLog::line_for(e, h.client().redactor());
        return out;
    }
};

// --- routing
// ------------------------------------------------------------------------------------------------

struct RouteCase {
    const char* name;
    bool anthropic;  // the caller's protocol
    std::string model;
    int status;
    std::string served_by;
};

class GatewayRoutingTest : public GatewayTest, public ::testing::WithParamInterface<RouteCase> {};

TEST_P(GatewayRoutingTest, ModelPicksWhereTheChainStarts) {
    const RouteCase& c = GetParam();
    start();
    const ProbeResult r =
        c.anthropic ? post("/v1/messages", messages(c.model)) : post("/v1/chat/completions", chat(c.model));
    ASSERT_EQ(r.status, c.status) << r.body.toStdString();
    const json body = json::parse(r.body.toStdString());
    EXPECT_FALSE(r.header("x-stormproof-trace-id").isEmpty());
    if (c.status == 200) {
        EXPECT_EQ(r.header("x-stormproof-served-by").toStdString(), c.served_by);
        EXPECT_EQ(r.header("x-stormproof-attempts"), "1");
        EXPECT_EQ(r.header("x-stormproof-fallback"), "false");
        if (c.anthropic) {
            EXPECT_EQ(body["type"], "message");
        } else {
            EXPECT_EQ(body["object"], "chat.completion");
        }
        return;
    }
    const std::string message = c.anthropic ? body["error"]["message"].get<std::string>()
                                            : body["error"]["message"].get<std::string>();
    if (c.anthropic) {
        EXPECT_EQ(body["type"], "error");
    }
    EXPECT_NE(message.find("primary, backup, default"), std::string::npos) << message;
    EXPECT_EQ(h.simulator().log().total() + backup->log().total(), 0u);  // nothing went upstream
}

INSTANTIATE_TEST_SUITE_P(Table, GatewayRoutingTest,
                         ::testing::Values(RouteCase{"OpenAiPrimary", false, "primary", 200, "primary"},
                                           RouteCase{"OpenAiBackup", false, "backup", 200, "backup"},
                                           RouteCase{"OpenAiDefault", false, "default", 200, "primary"},
                                           RouteCase{"OpenAiUnknown", false, "gpt-4o", 404, ""},
                                           RouteCase{"AnthropicPrimary", true, "primary", 200, "primary"},
                                           RouteCase{"AnthropicBackup", true, "backup", 200, "backup"},
                                           RouteCase{"AnthropicDefault", true, "default", 200, "primary"},
                                           RouteCase{"AnthropicUnknown", true, "claude-x", 404, ""}),
                         [](const auto& p) { return std::string(p.param.name); });

TEST_F(GatewayTest, ModelsAndHealth) {
    start();
    const ProbeResult health = get("/health");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(json::parse(health.body.toStdString())["status"], "ok");
    const json openai = json::parse(get("/v1/models").body.toStdString());
    EXPECT_EQ(openai["object"], "list");
    ASSERT_EQ(openai["data"].size(), 3u);
    EXPECT_EQ(openai["data"][2]["id"], "default");
    const json anthropic =
        json::parse(get("/v1/models", {{"anthropic-version", "2023-06-01"}}).body.toStdString());
    EXPECT_EQ(anthropic["data"][0]["type"], "model");
    EXPECT_EQ(anthropic["has_more"], false);
}

// --- error shaping
// --------------------------------------------------------------------------------------------

struct ErrorCase {
    const char* name;
    bool anthropic;
    std::string fault;  // on the backup simulator; the request asks for "backup" (the chain's last target)
    int status;
    std::string type;
    std::optional<int> retry_after_min_s;  // nullopt: no retry-after
};

class GatewayErrorTest : public GatewayTest, public ::testing::WithParamInterface<ErrorCase> {};

TEST_P(GatewayErrorTest, FinalErrorInTheCallersShape) {
    const ErrorCase& c = GetParam();
    test::set_faults(*backup, c.fault);
    start();
    const ProbeResult r =
        c.anthropic ? post("/v1/messages", messages("backup")) : post("/v1/chat/completions", chat("backup"));
    ASSERT_EQ(r.status, c.status) << r.body.toStdString();
    EXPECT_EQ(r.header("x-should-retry"), "false");
    EXPECT_EQ(r.header("x-stormproof-served-by"), "none");
    const json body = json::parse(r.body.toStdString());
    if (c.anthropic) {
        EXPECT_EQ(body["type"], "error");
        EXPECT_EQ(body["error"]["type"], c.type);
    } else {
        EXPECT_EQ(body["error"]["type"], c.type);
        EXPECT_TRUE(body["error"].contains("code"));
    }
    if (c.retry_after_min_s) {
        ASSERT_FALSE(r.header("retry-after").isEmpty());
        EXPECT_GE(r.header("retry-after").toInt(), *c.retry_after_min_s);
    } else {
        EXPECT_TRUE(r.header("retry-after").isEmpty()) << r.header("retry-after").toStdString();
    }
    EXPECT_EQ(r.body.toStdString().find(kUpstreamKey), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Table, GatewayErrorTest,
    ::testing::Values(ErrorCase{"RateLimitKeepsItsStatusAndReset", false,
                                R"({"kind":"rate_limit","probability":1,"retry_after_s":30})", 429,
                                "rate_limit_error", 29},
                      ErrorCase{"UnavailableIs503", false, R"({"kind":"unavailable","probability":1})", 503,
                                "server_error", std::nullopt},
                      ErrorCase{"ServerErrorIs502", false, R"({"kind":"server_error","probability":1})", 502,
                                "server_error", std::nullopt},
                      ErrorCase{"GatewayTimeoutIs504", true, R"({"kind":"gateway_timeout","probability":1})",
                                504, "timeout_error", std::nullopt},
                      ErrorCase{"OverloadedIs529ForAnthropic", true,
                                R"({"kind":"overloaded","probability":1})", 529, "overloaded_error",
                                std::nullopt},
                      ErrorCase{"OverloadedIs503ForOpenAi", false, R"({"kind":"overloaded","probability":1})",
                                503, "server_error", std::nullopt},
                      ErrorCase{"AuthPassesAs401", true, R"({"kind":"unauthorized","probability":1})", 401,
                                "authentication_error", std::nullopt},
                      ErrorCase{"ForbiddenPassesAs403", false, R"({"kind":"forbidden","probability":1})", 403,
                                "permission_error", std::nullopt},
                      ErrorCase{"BadRequestStays400", false, R"({"kind":"bad_request","probability":1})", 400,
                                "invalid_request_error", std::nullopt}),
    [](const auto& p) { return std::string(p.param.name); });

// --- what goes upstream
// ---------------------------------------------------------------------------------------

TEST_F(GatewayTest, ForwardsProtocolHeadersAndTheBodyButNeverTheTokenOrStainlessHeaders) {
    test::RawHttpServer raw([](const test::RawRequest&) {
        return test::RawReply::json(
            200,
            R"({"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1},"provider_extra":true})",
            {{"x-request-id", "req-upstream-1"}, {"x-ratelimit-remaining-requests", "7"}});
    });
    policy.targets[0].base_url = raw.base_url().toStdString() + "/v1";
    options.token = "gw-token-secret-42";
    start();
    json body = chat("primary");
    body["metadata"] = {{"k", "v"}};
    body["tools"] = json::array({{{"type", "function"}, {"function", {{"name", "f"}}}}});
    body["logit_bias"] = json::object();
    const ProbeResult r = post("/v1/chat/completions", body,
                               {{"Authorization", "Bearer gw-token-secret-42"},
                                {"x-stainless-os", "Linux"},
                                {"x-stainless-retry-count", "0"},
                                {"x-stainless-timeout", "30"},
                                {"openai-organization", "org-1"},
                                {"openai-project", "proj-1"},
                                {"anthropic-beta", "not-for-openai"},
                                {"Idempotency-Key", "idem-caller-1"},
                                {"User-Agent", "MyApp/1.0"}});
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    // The provider's body as it sent it, and its request id and rate-limit state.
    EXPECT_TRUE(json::parse(r.body.toStdString())["provider_extra"].get<bool>());
    EXPECT_EQ(r.header("x-request-id"), "req-upstream-1");
    EXPECT_EQ(r.header("x-ratelimit-remaining-requests"), "7");
    ASSERT_EQ(raw.requests().size(), 1);
    const test::RawRequest& up = raw.requests().front();
    for (const auto& [name, value] : up.headers) {
        EXPECT_FALSE(name.toLower().startsWith("x-stainless")) << name.toStdString();
        EXPECT_EQ(value.indexOf("gw-token-secret-42"), -1) << name.toStdString();
    }
    EXPECT_EQ(up.header("authorization").toStdString(), std::string("Bearer ") + kUpstreamKey);
    EXPECT_EQ(up.header("openai-organization"), "org-1");
    EXPECT_EQ(up.header("openai-project"), "proj-1");
    EXPECT_TRUE(up.header("anthropic-beta").isEmpty());
    EXPECT_EQ(up.header("idempotency-key"), "idem-caller-1");
    const json sent = json::parse(up.body.toStdString());
    EXPECT_EQ(sent["model"], "gpt-test");  // only the model is changed
    EXPECT_EQ(sent["metadata"]["k"], "v");
    EXPECT_EQ(sent["tools"][0]["function"]["name"], "f");
    EXPECT_TRUE(sent.contains("logit_bias"));
    // The caller is named on every event; no key anywhere in the event log or the response.
    const std::string lines = event_lines();
    EXPECT_NE(lines.find("MyApp/1.0"), std::string::npos);
    EXPECT_EQ(lines.find(kUpstreamKey), std::string::npos);
    EXPECT_EQ(lines.find("gw-token-secret-42"), std::string::npos);
    for (const auto& [name, value] : r.headers)
        EXPECT_EQ(value.indexOf(kUpstreamKey), -1);
}

TEST_F(GatewayTest, TheCallersIdempotencyKeyIsOnEveryUpstreamAttempt) {
    test::set_faults(h.simulator(), R"({"kind":"unavailable","probability":1,"max_count":1})");
    start();
    const ProbeResult r =
        post("/v1/chat/completions", chat("primary"), {{"Idempotency-Key", "idem-every-attempt"}});
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(r.header("x-stormproof-attempts"), "2");
    ASSERT_EQ(h.simulator().log().records().size(), 2u);
    for (const SimRequestRecord& rec : h.simulator().log().records())
        EXPECT_EQ(rec.idempotency_key, "idem-every-attempt");
}

TEST_F(GatewayTest, AKeyIsMadeWhenTheCallerSendsNone) {
    test::set_faults(h.simulator(), R"({"kind":"unavailable","probability":1,"max_count":1})");
    start();
    ASSERT_EQ(post("/v1/chat/completions", chat("primary")).status, 200);
    const auto& records = h.simulator().log().records();
    ASSERT_EQ(records.size(), 2u);
    EXPECT_FALSE(records[0].idempotency_key.empty());
    EXPECT_EQ(records[0].idempotency_key, records[1].idempotency_key);
}

// --- across protocols
// -------------------------------------------------------------------------------------------

TEST_F(GatewayTest, OpenAiCallerServedByAnthropicTargetAfterFallback) {
    test::set_faults(h.simulator(), R"({"kind":"unavailable","probability":1})");
    start();
    const ProbeResult r = post("/v1/chat/completions", chat("default"));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(r.header("x-stormproof-served-by"), "backup");
    EXPECT_EQ(r.header("x-stormproof-fallback"), "true");
    const json body = json::parse(r.body.toStdString());
    EXPECT_EQ(body["object"], "chat.completion");
    EXPECT_FALSE(body["choices"][0]["message"]["content"].get<std::string>().empty());
    EXPECT_EQ(body["choices"][0]["finish_reason"], "stop");
    EXPECT_GT(body["usage"]["completion_tokens"].get<int>(), 0);
}

TEST_F(GatewayTest, AnthropicCallerServedByOpenAiTarget) {
    start();
    const ProbeResult r = post("/v1/messages", messages("primary"));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const json body = json::parse(r.body.toStdString());
    EXPECT_EQ(body["type"], "message");
    EXPECT_EQ(body["content"][0]["type"], "text");
    EXPECT_FALSE(body["content"][0]["text"].get<std::string>().empty());
    EXPECT_EQ(body["stop_reason"], "end_turn");
}

struct StreamCase {
    const char* name;
    bool anthropic;
    std::string model;
    std::vector<std::string> expected;  // in order
    std::string end;
};

class GatewayStreamTest : public GatewayTest, public ::testing::WithParamInterface<StreamCase> {};

TEST_P(GatewayStreamTest, StreamsInTheCallersFormat) {
    const StreamCase& c = GetParam();
    start();
    const ProbeResult r = c.anthropic ? post("/v1/messages", messages(c.model, true))
                                      : post("/v1/chat/completions", chat(c.model, true));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_TRUE(r.header("content-type").startsWith("text/event-stream"));
    EXPECT_FALSE(r.header("x-stormproof-trace-id").isEmpty());
    const std::string text = r.body.toStdString();
    std::size_t at = 0;
    for (const std::string& e : c.expected) {
        const std::size_t found = text.find(e, at);
        ASSERT_NE(found, std::string::npos) << e << " after " << at << " in\n" << text;
        at = found;
    }
    EXPECT_TRUE(text.size() >= c.end.size() &&
                text.compare(text.size() - c.end.size(), c.end.size(), c.end) == 0)
        << text;
}

INSTANTIATE_TEST_SUITE_P(
    Table, GatewayStreamTest,
    ::testing::Values(
        StreamCase{"OpenAiPassthrough",
                   false,
                   "primary",
                   {"chat.completion.chunk", "\"finish_reason\":\"stop\""},
                   "data: [DONE]\n\n"},
        StreamCase{"AnthropicPassthrough",
                   true,
                   "backup",
                   {"event: message_start", "event: content_block_delta", "event: message_delta"},
                   "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"},
        StreamCase{"OpenAiFromAnthropic",
                   false,
                   "backup",
                   {"\"role\":\"assistant\"", "\"content\":", "\"finish_reason\":\"stop\"", "\"usage\""},
                   "data: [DONE]\n\n"},
        StreamCase{"AnthropicFromOpenAi",
                   true,
                   "primary",
                   {"event: message_start", "event: content_block_start", "text_delta",
                    "\"stop_reason\":\"end_turn\""},
                   "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"}),
    [](const auto& p) { return std::string(p.param.name); });

struct CutCase {
    const char* name;
    bool anthropic;
    std::string model;
    std::string error_marker;
    std::string clean_end;  // must not appear
};

class GatewayCutStreamTest : public GatewayTest, public ::testing::WithParamInterface<CutCase> {};

TEST_P(GatewayCutStreamTest, ACutAfterTheFirstTokenIsTheProtocolsErrorNeverACleanEnd) {
    const CutCase& c = GetParam();
    test::set_faults(h.simulator(), R"({"kind":"cut","probability":1,"after_tokens":3})");
    test::set_faults(*backup, R"({"kind":"cut","probability":1,"after_tokens":3})");
    start();
    const ProbeResult r = c.anthropic ? post("/v1/messages", messages(c.model, true))
                                      : post("/v1/chat/completions", chat(c.model, true));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const std::string text = r.body.toStdString();
    EXPECT_NE(text.find(c.error_marker), std::string::npos) << text;
    EXPECT_EQ(text.find(c.clean_end), std::string::npos) << text;
    // The engine did not restart it: the caller already holds the first tokens.
    EXPECT_EQ(h.simulator().log().total() + backup->log().total(), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    Table, GatewayCutStreamTest,
    ::testing::Values(CutCase{"OpenAiPassthrough", false, "primary", "data: {\"error\":", "[DONE]"},
                      CutCase{"AnthropicPassthrough", true, "backup",
                              "event: error\ndata: {\"error\":", "message_stop"},
                      CutCase{"OpenAiFromAnthropic", false, "backup", "data: {\"error\":", "[DONE]"},
                      CutCase{"AnthropicFromOpenAi", true, "primary", "event: error\n", "message_stop"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST_F(GatewayTest, AnAttemptCutBeforeItsFirstTokenLeavesNoTraceInTheStream) {
    // The first attempt sends message_start and content_block_start, then is cut before any text: its
    // buffered events are dropped, the retry's are the ones the caller gets -- once.
    test::set_faults(*backup, R"({"kind":"cut","probability":1,"after_tokens":0,"max_count":1})");
    start();
    const ProbeResult r = post("/v1/messages", messages("backup", true));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(r.header("x-stormproof-attempts"), "2");
    EXPECT_EQ(backup->log().total(), 2u);
    const std::string text = r.body.toStdString();
    std::size_t starts = 0;
    for (std::size_t at = text.find("event: message_start"); at != std::string::npos;
         at = text.find("event: message_start", at + 1))
        ++starts;
    EXPECT_EQ(starts, 1u) << text;
    EXPECT_NE(text.find("event: message_stop"), std::string::npos);
}

TEST_F(GatewayTest, UntranslatableTargetIsSkippedWithTheReasonInTheEventLog) {
    test::set_faults(h.simulator(), R"({"kind":"unavailable","probability":1})");
    start();
    json body = chat("default");
    body["tools"] = json::array({{{"type", "function"}, {"function", {{"name", "f"}}}}});
    const ProbeResult r = post("/v1/chat/completions", body);
    // The backup (Anthropic) could not take tools: the request ends with the primary's own failure.
    EXPECT_EQ(r.status, 503) << r.body.toStdString();
    EXPECT_EQ(backup->log().total(), 0u);
    const std::string lines = event_lines();
    EXPECT_NE(lines.find("\"reason\":\"untranslatable\""), std::string::npos) << lines;
}

TEST_F(GatewayTest, UntranslatableOnlyTargetIsABadRequest) {
    start();
    json body = chat("backup");
    body["response_format"] = {{"type", "json_object"}};
    const ProbeResult r = post("/v1/chat/completions", body);
    EXPECT_EQ(r.status, 400) << r.body.toStdString();
    EXPECT_NE(r.body.indexOf("response_format"), -1);
    EXPECT_EQ(backup->log().total(), 0u);
}

// --- safety
// ---------------------------------------------------------------------------------------------------

struct TokenCase {
    const char* name;
    bool anthropic;
    Headers headers;
    int status;
};

class GatewayTokenTest : public GatewayTest, public ::testing::WithParamInterface<TokenCase> {};

TEST_P(GatewayTokenTest, EveryRequestCarriesTheToken) {
    const TokenCase& c = GetParam();
    options.token = "tok-123456";
    start();
    const ProbeResult r = c.anthropic ? post("/v1/messages", messages("primary"), c.headers)
                                      : post("/v1/chat/completions", chat("primary"), c.headers);
    ASSERT_EQ(r.status, c.status) << r.body.toStdString();
    if (c.status == 401) {
        const json body = json::parse(r.body.toStdString());
        if (c.anthropic) {
            EXPECT_EQ(body["type"], "error");
        }
        EXPECT_EQ(body["error"]["type"], "authentication_error");
        EXPECT_EQ(h.simulator().log().total(), 0u);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Table, GatewayTokenTest,
    ::testing::Values(TokenCase{"NoneOpenAi", false, {}, 401}, TokenCase{"NoneAnthropic", true, {}, 401},
                      TokenCase{"WrongBearer", false, {{"Authorization", "Bearer tok-123457"}}, 401},
                      TokenCase{"PrefixOnly", true, {{"x-api-key", "tok-12345"}}, 401},
                      TokenCase{"Bearer", false, {{"Authorization", "Bearer tok-123456"}}, 200},
                      TokenCase{"ApiKey", true, {{"x-api-key", "tok-123456"}}, 200}),
    [](const auto& p) { return std::string(p.param.name); });

TEST_F(GatewayTest, ANonLoopbackHostNeedsAToken) {
    options.host = "0.0.0.0";
    h.client().set_policy(policy);
    const ClientContext context{h.clock(), h.scheduler(), h.random(), h.bus(), h.secrets()};
    GatewayServer open(h.client(), context, options);
    const Status s = open.listen();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().where, "0.0.0.0:0");
    EXPECT_FALSE(open.listening());
}

TEST_F(GatewayTest, BusyPortIsNamed) {
    start();
    GatewayOptions same = options;
    same.port = QUrl(QString::fromStdString(gateway->url())).port();
    const ClientContext context{h.clock(), h.scheduler(), h.random(), h.bus(), h.secrets()};
    GatewayServer second(h.client(), context, same);
    const Status s = second.listen();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().to_string(), "127.0.0.1:" + std::to_string(same.port) + ": address in use");
}

struct BadRequestCase {
    const char* name;
    QByteArray body;
    std::string named;  // in the message
};

class GatewayBadRequestTest : public GatewayTest, public ::testing::WithParamInterface<BadRequestCase> {};

TEST_P(GatewayBadRequestTest, IsA400NamingTheProblem) {
    start();
    const ProbeResult r = post_raw("/v1/chat/completions", GetParam().body);
    ASSERT_EQ(r.status, 400) << r.body.toStdString();
    const json body = json::parse(r.body.toStdString());
    EXPECT_NE(body["error"]["message"].get<std::string>().find(GetParam().named), std::string::npos)
        << body["error"]["message"];
    EXPECT_EQ(h.simulator().log().total(), 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Table, GatewayBadRequestTest,
    ::testing::Values(
        BadRequestCase{"MalformedJson", "{\"model\": \"primary\",\n \"messages\": [}", "line 2, column"},
        BadRequestCase{"InvalidUtf8", "{\"model\": \"prim\xC3\x28ry\", \"messages\": []}", "byte 15"},
        BadRequestCase{"DeepNesting",
                       QByteArray("{\"model\":\"primary\",\"messages\":[],\"x\":") + QByteArray(100000, '[') +
                           QByteArray(100000, ']') + "}",
                       "nested deeper than 64"}),
    [](const auto& p) { return std::string(p.param.name); });

// A raw client: what a slow or hostile one sends.
struct RawClient {
    QTcpSocket socket;
    QByteArray received;
    explicit RawClient(const std::string& url) {
        const QUrl u(QString::fromStdString(url));
        QObject::connect(&socket, &QTcpSocket::readyRead, [this] { received += socket.readAll(); });
        socket.connectToHost(u.host(), static_cast<quint16>(u.port()));
        test::wait_until([this] { return socket.state() == QAbstractSocket::ConnectedState; }, "connected");
    }
    void send(const QByteArray& bytes) {
        socket.write(bytes);
        socket.flush();
    }
    bool closed() const { return socket.state() == QAbstractSocket::UnconnectedState; }
};

// Without a token only programs on this machine are served: a web page's form post (it carries Origin) or a
// DNS-rebound name (its Host is not a loopback name) could otherwise spend the user's keys.
TEST_F(GatewayTest, WithoutATokenWebPagesAndForeignHostNamesAreRefused) {
    start();
    const ProbeResult page =
        post("/v1/chat/completions", chat("primary"), {{"Origin", "https://evil.example"}});
    EXPECT_EQ(page.status, 403) << page.body.toStdString();
    EXPECT_NE(page.body.indexOf("evil.example"), -1) << page.body.toStdString();
    RawClient c(gateway->url());
    const std::string body = chat("primary").dump();
    c.send(
        QByteArray::fromStdString("POST /v1/chat/completions HTTP/1.1\r\nHost: evil.example:8787\r\n"
                                  "Content-Length: " +
                                  std::to_string(body.size()) + "\r\n\r\n" + body));
    test::wait_until([&] { return c.closed() || c.received.contains("\r\n\r\n{"); }, "an answer");
    EXPECT_TRUE(c.received.startsWith("HTTP/1.1 403")) << c.received.toStdString();
    EXPECT_EQ(h.simulator().log().total(), 0u) << "nothing reached the upstream";
    const ProbeResult local = post("/v1/chat/completions", chat("primary"));
    EXPECT_EQ(local.status, 200) << local.body.toStdString();
}

// A request without the token is refused on its head: not a byte of its body is kept (nobody without the
// token makes the gateway hold 32 MB per connection).
TEST_F(GatewayTest, AMissingTokenIsRefusedBeforeTheBody) {
    options.token = "tok-123456";
    start();
    RawClient c(gateway->url());
    c.send("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 30000000\r\n\r\n");
    test::wait_until([&] { return c.closed() || c.received.contains("\r\n\r\n{"); }, "a 401");
    EXPECT_TRUE(c.received.startsWith("HTTP/1.1 401")) << c.received.toStdString();
    EXPECT_TRUE(c.received.contains("\"type\":\"error\"")) << "in the caller's (Anthropic) shape";
}

TEST_F(GatewayTest, ABodyAboveTheCapIs413BeforeItIsRead) {
    options.max_body_bytes = 1000;
    start();
    RawClient c(gateway->url());
    c.send("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000000000\r\n\r\n");
    test::wait_until([&] { return c.closed() || c.received.contains("\r\n\r\n{"); }, "a 413");
    EXPECT_TRUE(c.received.startsWith("HTTP/1.1 413")) << c.received.toStdString();
    EXPECT_TRUE(c.received.contains("5000000000")) << c.received.toStdString();
}

TEST_F(GatewayTest, OverTheConcurrencyCapIs429WithRetryAfter) {
    test::set_scenario(h.simulator(), R"({"name": "slow", "reply": {"first_token_ms": 60000}})");
    options.max_concurrent = 1;
    start();
    RawClient first(gateway->url());
    const std::string body = chat("primary", true).dump();
    first.send(QByteArray::fromStdString(
        "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body));
    test::wait_until([&] { return gateway->in_flight() == 1; }, "the first request in flight");
    const ProbeResult r = post("/v1/messages", messages("primary"));
    EXPECT_EQ(r.status, 429) << r.body.toStdString();
    EXPECT_EQ(r.header("retry-after"), "1");
    EXPECT_EQ(json::parse(r.body.toStdString())["error"]["type"], "rate_limit_error");
    // The caller of the first request leaves: its request is cancelled and its slot freed.
    first.socket.abort();
    test::wait_until([&] { return gateway->in_flight() == 0; }, "the slot freed");
}

TEST_F(GatewayTest, ASlowClientIsCutOffOnTheGatewaysClock) {
    gateway_time = std::make_unique<SimulatedTime>();
    options.header_timeout_ms = 1000;
    options.idle_timeout_ms = 3'600'000;
    start();
    RawClient c(gateway->url());
    c.send("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le");
    // Time moves only here: the timer armed at the first byte fires once a second has passed on its clock.
    test::wait_until(
        [&] {
            gateway_time->advance_ms(options.header_timeout_ms);
            return c.closed() || c.received.contains("\r\n\r\n{");
        },
        "the 408");
    EXPECT_TRUE(c.received.startsWith("HTTP/1.1 408")) << c.received.toStdString();
    test::wait_until([&] { return c.closed(); }, "the connection closed");
}

TEST_F(GatewayTest, AnIdleConnectionIsClosedOnTheGatewaysClock) {
    gateway_time = std::make_unique<SimulatedTime>();
    options.idle_timeout_ms = 5000;
    start();
    RawClient c(gateway->url());
    test::wait_until(
        [&] {
            gateway_time->advance_ms(options.idle_timeout_ms);
            return c.closed();
        },
        "the idle connection closed");
    EXPECT_TRUE(c.received.isEmpty());
}

TEST_F(GatewayTest, KeptAliveConnectionServesSeveralRequests) {
    start();
    RawClient c(gateway->url());
    c.send(
        "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    test::wait_until([&] { return c.received.count("HTTP/1.1 200") == 2 && c.received.contains("\"list\""); },
                     "both answers");
    EXPECT_FALSE(c.closed());
}

TEST_F(GatewayTest, ACallerDeadlineShortensTheRequest) {
    test::set_scenario(h.simulator(), R"({"name": "slow", "reply": {"first_token_ms": 60000}})");
    policy.targets.resize(1);
    start();
    const ProbeResult r =
        post("/v1/chat/completions", chat("primary"), {{"x-stormproof-deadline-ms", "300"}});
    EXPECT_EQ(r.status, 504) << r.body.toStdString();
}

// --- backpressure and the write timeout
// -----------------------------------------------------------------------

// A client that sends and does not read: a raw POSIX socket whose receive buffer is made small before it
// connects (SO_RCVBUF, 4 KiB asked; Linux doubles it), so what the gateway writes backs up into its own
// buffers instead of the client's kernel. Non-blocking: send() takes what the kernel accepts and the test's
// event loop keeps running the gateway in between.
struct UnreadingClient {
    int fd = -1;
    std::string out;
    std::size_t sent = 0;
    std::string received;  // only what read_all() took
    explicit UnreadingClient(const std::string& url) {
        const QUrl u(QString::fromStdString(url));
        fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const int rcvbuf = 4096;
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<std::uint16_t>(u.port()));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        // The kernel completes the handshake from the listen backlog: no need for the gateway's loop yet.
        EXPECT_EQ(::connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a), 0) << std::strerror(errno);
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    }
    ~UnreadingClient() { ::close(fd); }
    // Sends what the kernel takes now of what is queued; true once everything queued is sent.
    bool pump() {
        while (sent < out.size()) {
            const ssize_t n = ::send(fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
            if (n <= 0)
                break;
            sent += static_cast<std::size_t>(n);
        }
        return sent == out.size();
    }
    void read_all() {
        char buf[65536];
        for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
            received.append(buf, static_cast<std::size_t>(n));
    }
};

// Counts the status lines in what a client receives, scanning each byte once however it is split.
struct StatusLineCounter {
    const std::string line = "HTTP/1.1 200 OK\r\n";
    std::size_t count = 0;
    std::size_t scanned = 0;  // where the next search may start
    std::size_t operator()(const std::string& text) {
        for (std::size_t at; (at = text.find(line, scanned)) != std::string::npos; scanned = at + line.size())
            ++count;
        scanned = std::max(scanned, text.size() >= line.size() ? text.size() - line.size() + 1 : 0);
        return count;
    }
};

// The most a kernel lets one TCP socket's send buffer grow to (tcp_wmem's third field; 4 MiB by default):
// what the gateway's kernel may take of a client's answers before anything waits in Qt's buffer. The tests
// write more than this, so that what they check is reached whatever the send buffer autotunes to.
qint64 kernel_send_buffer_max() {
    QFile f("/proc/sys/net/ipv4/tcp_wmem");
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << "cannot read /proc/sys/net/ipv4/tcp_wmem";
    const QList<QByteArray> fields = f.readAll().simplified().split(' ');
    EXPECT_EQ(fields.size(), 3);
    return fields.size() == 3 ? fields[2].toLongLong() : 4 * 1024 * 1024;
}

constexpr const char* kHealthRequest = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

// One connection pipelines GET /health (10,000, or enough that the answers exceed the kernel's send buffer
// and the bound together: 26,000-odd with tcp_wmem's 4 MiB) and does not read: the gateway stops reading it
// once kMaxBufferedWriteBytes of answers wait (before, it answered all of them into its write buffer; RSS 19
// -> 92 MB in 10 s with a client pipelining for ever), and goes on once the client reads.
TEST_F(GatewayTest, APipeliningClientThatDoesNotReadIsHeldAtTheWriteBound) {
    start();
    // One answer's size: the bound is checked before each request is served, so one answer may cross it.
    RawClient probe(gateway->url());
    probe.send(kHealthRequest);
    test::wait_until([&] { return probe.received.endsWith("{\"status\":\"ok\"}"); }, "one answer");
    const qint64 one_answer = probe.received.size();
    const qint64 bound = GatewayOptions::kMaxBufferedWriteBytes + one_answer;

    const qint64 kRequests = std::max<qint64>(
        10'000, (kernel_send_buffer_max() + 2 * GatewayOptions::kMaxBufferedWriteBytes) / one_answer + 1);
    UnreadingClient c(gateway->url());
    for (qint64 i = 0; i < kRequests; ++i)
        c.out += kHealthRequest;
    qint64 most = 0;
    test::wait_until(
        [&] {
            const bool all_sent = c.pump();
            most = std::max(most, gateway->buffered_write_bytes());
            return all_sent && (gateway->held_connections() == 1 || most > bound);
        },
        "the gateway held the connection (or went past the bound)");
    EXPECT_LE(most, bound) << "bytes waiting to be written, one answer " << one_answer;
    EXPECT_EQ(gateway->held_connections(), 1);
    EXPECT_GT(most, GatewayOptions::kMaxBufferedWriteBytes - one_answer);  // it did fill up to the bound

    // The client reads: the gateway goes on, still within the bound, until every request is answered.
    // Polled, not wait_until: reading the raw socket raises no Qt event, and the gateway's next one (its
    // socket writable) comes only once the client has read.
    StatusLineCounter answers;
    while (answers(c.received) < static_cast<std::size_t>(kRequests)) {
        c.read_all();
        most = std::max(most, gateway->buffered_write_bytes());
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    EXPECT_LE(most, bound);
    EXPECT_EQ(gateway->held_connections(), 0);
    EXPECT_EQ(gateway->open_connections(), 2);
}

// A stream cannot be paused: when the upstream writes faster than the client reads, the gateway aborts the
// connection once more than kMaxBufferedWriteBytes of it waits, and the call is cancelled (before, the whole
// stream, here 100,000 tokens, ~15 MB of events, went into the write buffer).
TEST_F(GatewayTest, AStreamToAClientThatDoesNotReadIsAbortedAtTheWriteBound) {
    test::set_scenario(h.simulator(),
                       R"({"name": "long", "reply": {"min_tokens": 100000, "max_tokens": 100000,
                                           "first_token_ms": 0, "tokens_per_s": 1000000}})");
    policy.targets.resize(1);
    start();
    const std::string body = chat("primary", true).dump();
    UnreadingClient c(gateway->url());
    c.out =
        "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body;
    qint64 most = 0;
    // The client never reads, and a finished stream would leave its keep-alive connection open: the
    // connection gone means the gateway aborted it. (Waiting for a buffered byte to be seen first raced the
    // abort: under ASan the whole stream could be written and aborted between two polls.)
    test::wait_until(
        [&] {
            c.pump();
            most = std::max(most, gateway->buffered_write_bytes());
            return gateway->in_flight() == 0 && gateway->open_connections() == 0;
        },
        "the stream aborted");
    EXPECT_EQ(gateway->open_connections(), 0) << "bytes waiting " << gateway->buffered_write_bytes();
    EXPECT_LE(most, GatewayOptions::kMaxBufferedWriteBytes + 64 * 1024);  // one burst of events past it
}

// Every way a connection ends while the client has not read what was written waits for it at most the write
// timeout, then is aborted (disconnectFromHost alone waited for ever: the connection stayed in ClosingState).
struct UnreadCase {
    const char* name;
    bool close_request = false;  // the large answer's request asks Connection: close (the linger path)
    bool pipeline = false;       // no large answer: GET /health pipelined, held at the bound
};

class GatewayWriteTimeoutTest : public GatewayTest, public ::testing::WithParamInterface<UnreadCase> {};

TEST_P(GatewayWriteTimeoutTest, AClientThatNeverReadsIsAbortedAfterTheWriteTimeout) {
    const UnreadCase& p = GetParam();
    gateway_time = std::make_unique<SimulatedTime>();
    options.header_timeout_ms = 1000;
    options.idle_timeout_ms = p.pipeline ? 3'600'000 : 5000;
    options.write_timeout_ms = 20'000;
    start();
    // An answer larger than the kernel's send buffer can grow to: some of it waits in the gateway's.
    const qint64 kernel_max = kernel_send_buffer_max();
    gateway->set_metrics([kernel_max] {
        return std::string(static_cast<std::size_t>(kernel_max + GatewayOptions::kMaxBufferedWriteBytes / 2),
                           '#');
    });
    UnreadingClient c(gateway->url());
    if (p.pipeline) {
        // Answers of 229 bytes: more than the kernel's buffer and the bound together.
        for (qint64 i = 0; i < (kernel_max + 2 * GatewayOptions::kMaxBufferedWriteBytes) / 200; ++i)
            c.out += kHealthRequest;
    } else {
        c.out = std::string("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n") +
                (p.close_request ? "Connection: close\r\n" : "") + "\r\n";
    }
    test::wait_until(
        [&] {
            return c.pump() && gateway->open_connections() == 1 &&
                   (p.pipeline
                        ? gateway->held_connections() == 1 ||
                              gateway->buffered_write_bytes() > 2 * GatewayOptions::kMaxBufferedWriteBytes
                        : gateway->buffered_write_bytes() > 0);
        },
        "bytes waiting for the client");
    // Let the kernel take what it will of them (the client never reads, so it soon takes nothing).
    for (int i = 0; i < 20; ++i)
        QCoreApplication::processEvents();
    ASSERT_GT(gateway->buffered_write_bytes(), 0);
    ASSERT_EQ(gateway->held_connections(), p.pipeline ? 1 : 0);

    // The idle, header and linger timers (all shorter) fire and close, or hold; the connection is still open,
    // its bytes waiting ...
    gateway_time->advance_ms(options.write_timeout_ms - 1);
    for (int i = 0; i < 20; ++i)
        QCoreApplication::processEvents();
    EXPECT_EQ(gateway->open_connections(), 1);
    // ... until the write timeout: aborted, nothing left buffered.
    gateway_time->advance_ms(1);
    EXPECT_EQ(gateway->open_connections(), 0);
    EXPECT_EQ(gateway->buffered_write_bytes(), 0);
}

INSTANTIATE_TEST_SUITE_P(CloseWaits, GatewayWriteTimeoutTest,
                         ::testing::Values(UnreadCase{"IdleClose"},
                                           UnreadCase{"LingerAfterConnectionClose", true},
                                           UnreadCase{"HeldWhilePipelining", false, true}),
                         [](const auto& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace stormproof
