// The resilient client over real loopback sockets, against in-process simulators. No internet, no real key.
#include "llm/ResilientClient.h"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QEventLoop>
#include <QPointer>
#include <QTemporaryDir>
#include <QTimer>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "llm/LoadRunner.h"
#include "platform/QtTimeSystem.h"
#include "resilience/SeededRandom.h"
#include "resilience/SimulatedTime.h"
#include "simulator/ScenarioLoader.h"
#include "simulator/SimulatorServer.h"
#include "support/AppHarness.h"
#include "support/RawHttpServer.h"
#include "telemetry/JsonlEventLog.h"

namespace stormproof {
namespace {

using nlohmann::json;

// The app harness (tests/support/AppHarness.h) with a second simulator and a two-target policy: the primary
// (OpenAI wire, two keys) on the harness's simulator, the backup (Anthropic wire) on its own. kClientTime:
// the client's clock and scheduler, real, or simulated so that its waits and timeouts fire when the test
// says.
template <test::AppHarnessOptions::Time kClientTime>
class ClientFixture : public ::testing::Test {
protected:
    test::AppHarness app{{kClientTime, /*random_seed=*/99, /*simulator_seed=*/1}};
    QtTimeSystem& time = app.real_time();
    SeededRandom& random = app.random();
    EventBus& bus = app.bus();
    MemorySecretStore& secrets = app.secrets();
    SimulatorServer* primary = &app.simulator();
    std::unique_ptr<SimulatorServer> backup = test::start_simulator(app.real_time(), app.real_time(), 2);
    std::unique_ptr<ResilientClient>& client = app.client_owner();
    const std::vector<TelemetryEvent>& events = app.events();
    Policy policy;

    ~ClientFixture() override { client.reset(); }  // before the backup simulator its calls may be using

    void SetUp() override {
        secrets.set({KeyRef::Source::Env, "KEY_A"}, "sk-canary-primary-aaaaaaaa");
        secrets.set({KeyRef::Source::Env, "KEY_B"}, "sk-canary-primary-bbbbbbbb");
        secrets.set({KeyRef::Source::Env, "KEY_C"}, "sk-ant-canary-backup-cccccc");

        TargetConfig p{"primary",
                       ProviderKind::OpenAI,
                       primary->base_url().toStdString() + "/v1",
                       "gpt-test",
                       {{KeyRef::Source::Env, "KEY_A"}, {KeyRef::Source::Env, "KEY_B"}},
                       false,
                       ""};
        TargetConfig b{"backup",
                       ProviderKind::Anthropic,
                       backup->base_url().toStdString(),
                       "claude-test",
                       {{KeyRef::Source::Env, "KEY_C"}},
                       false,
                       ""};
        policy.targets = {p, b};
        // Small, exact waits: these tests watch real sockets, so time is real but short.
        auto& r = policy.resilience;
        r.retry.max_attempts = 3;
        r.retry.backoff = {BackoffKind::Exponential, JitterKind::None, 20, 100, 0};
        r.timeouts = {2000, 2000, 2000, 5000, 8000};
        apply();
    }

    static void scenario(SimulatorServer& s, const std::string& json_text) {
        test::set_scenario(s, json_text);
    }
    static void faults(SimulatorServer& s, const std::string& faults_json) {
        test::set_faults(s, faults_json);
    }
    void apply() { client->set_policy(policy); }

    using Outcome = test::CallOutcome;

    ChatRequest request(bool stream = true, const std::string& prompt = "Tell me about retries.") {
        return test::user_request(prompt, stream);
    }

    // Runs one request to its end, waiting by events (on real time).
    Outcome run(ChatRequest req) { return app.run(std::move(req)); }

    json sim_log(const SimulatorServer& s) const { return s.log().to_json()["requests"]; }

    // On the fake clock: processes events and fires what is due now (never moving time) until done().
    template <typename Done>
    void settle(Done done) {
        while (!done()) {
            if constexpr (kClientTime == test::AppHarnessOptions::Time::Simulated)
                app.simulated_time().advance_ms(0);
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        }
    }
};

using ResilientClientTest = ClientFixture<test::AppHarnessOptions::Time::Real>;
// The client on a fake clock over real sockets: waits and timeouts end exactly when the test advances time.
using ResilientClientOnFakeTime = ClientFixture<test::AppHarnessOptions::Time::Simulated>;

// An OpenAI chat-completion stream written by hand, one HTTP chunk per server-sent event, for tests that must
// decide exactly how a stream ends (a well-behaved server cannot be made to end one way every time).
QByteArray http_chunk(const QByteArray& data) {
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}
QByteArray openai_delta_event(const std::string& text, const char* finish_reason = nullptr) {
    const json event = {{"id", "c1"},
                        {"object", "chat.completion.chunk"},
                        {"created", 1},
                        {"model", "gpt-test"},
                        {"choices",
                         {{{"index", 0},
                           {"delta", text.empty() ? json::object() : json{{"content", text}}},
                           {"finish_reason", finish_reason ? json(finish_reason) : json()}}}}};
    return "data: " + QByteArray::fromStdString(event.dump()) + "\n\n";
}
QByteArray openai_stream_head() {
    return "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
}
// The events of `pieces`, each in its own chunk; `done`: the finish event, [DONE] and the last chunk.
QByteArray openai_stream(const std::vector<std::string>& pieces, bool done) {
    QByteArray out = openai_stream_head();
    for (const std::string& piece : pieces)
        out += http_chunk(openai_delta_event(piece));
    if (done)
        out += http_chunk(openai_delta_event("", "stop")) + http_chunk("data: [DONE]\n\n") + "0\r\n\r\n";
    return out;
}

struct ClassCase {
    const char* fault;
    ErrorClass error_class;
    bool stream;
};

class ErrorClassesOverTheWire : public ResilientClientTest,
                                public ::testing::WithParamInterface<ClassCase> {};

TEST_P(ErrorClassesOverTheWire, ClassifiesARealExchange) {
    policy.targets.resize(1);
    policy.resilience.retry.max_attempts = 1;
    policy.resilience.timeouts.first_token_ms = 400;  // for "hang"
    apply();
    faults(*primary, std::string(R"({"kind": ")") + GetParam().fault + R"(", "after_tokens": 0})");
    const Outcome o = run(request(GetParam().stream));
    ASSERT_FALSE(o.result.ok);
    ASSERT_FALSE(o.result.attempts.empty());
    EXPECT_EQ(o.result.attempts.front().error_class, GetParam().error_class)
        << o.result.attempts.front().detail;
    EXPECT_EQ(o.finished_signals, 1);
}

INSTANTIATE_TEST_SUITE_P(Table, ErrorClassesOverTheWire,
                         ::testing::Values(ClassCase{"rate_limit", ErrorClass::RateLimited, false},
                                           ClassCase{"insufficient_quota", ErrorClass::QuotaExhausted, false},
                                           ClassCase{"server_error", ErrorClass::ServerError, true},
                                           ClassCase{"bad_gateway", ErrorClass::ServerError, false},
                                           ClassCase{"unavailable", ErrorClass::ServerError, true},
                                           ClassCase{"gateway_timeout", ErrorClass::ServerError, false},
                                           ClassCase{"overloaded", ErrorClass::Overloaded, true},
                                           ClassCase{"bad_request", ErrorClass::BadRequest, false},
                                           ClassCase{"unauthorized", ErrorClass::Auth, false},
                                           ClassCase{"forbidden", ErrorClass::Auth, true},
                                           ClassCase{"not_found", ErrorClass::NotFound, false},
                                           ClassCase{"too_large", ErrorClass::BadRequest, false},
                                           ClassCase{"context_length", ErrorClass::ContextLength, true},
                                           ClassCase{"reset", ErrorClass::Network, true},
                                           ClassCase{"hang", ErrorClass::Timeout, true},
                                           ClassCase{"malformed_json", ErrorClass::MalformedResponse, false},
                                           ClassCase{"malformed_json", ErrorClass::MalformedResponse, true},
                                           ClassCase{"no_terminator", ErrorClass::MalformedResponse, true},
                                           ClassCase{"empty_200", ErrorClass::MalformedResponse, false},
                                           ClassCase{"cut", ErrorClass::Network, false}),
                         [](const ::testing::TestParamInfo<ClassCase>& p) {
                             return std::string(p.param.fault) + (p.param.stream ? "_stream" : "_json");
                         });

TEST_F(ResilientClientTest, ConnectionRefusedIsNetwork) {
    policy.targets.resize(1);
    policy.targets[0].base_url = "http://127.0.0.1:1/v1";  // nothing listens on port 1
    policy.resilience.retry.max_attempts = 1;
    apply();
    const Outcome o = run(request());
    EXPECT_EQ(o.result.attempts.front().error_class, ErrorClass::Network);
    EXPECT_EQ(o.result.error->error_class, ErrorClass::Network);
}

// A server that answers the first request on each connection and closes a kept-alive connection without
// answering the second one (what a server restarting, or a proxy's idle timeout racing the next request,
// does). Qt's HTTP layer would resend such a POST by itself; every request that reaches a server must instead
// be an attempt the engine decided and counted, so the client's count and the server's agree.
TEST_F(ResilientClientTest, AKeptAliveConnectionClosedWithoutAnAnswerIsAnAttemptTheEngineCounts) {
    const QByteArray body =
        R"({"id":"c1","object":"chat.completion","model":"gpt-test","choices":[{"index":0,"message":)"
        R"({"role":"assistant","content":"hello"},"finish_reason":"stop"}],)"
        R"("usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}})";
    test::RawHttpServer server([&](const test::RawRequest& r) {
        return r.index_on_connection == 0 ? test::RawReply::json(200, body) : test::RawReply::drop();
    });
    policy.targets.resize(1);
    policy.targets[0].base_url = server.base_url().toStdString() + "/v1";
    apply();
    std::size_t client_attempts = 0;
    std::set<std::string> keys_seen_by_client;
    for (int i = 0; i < 2; ++i) {
        const Outcome o = run(request(false));
        ASSERT_TRUE(o.result.ok) << o.result.to_json().dump();
        client_attempts += o.result.attempts.size();
        keys_seen_by_client.insert(o.result.idempotency_key);
    }
    // Request 1: one attempt. Request 2: its first attempt reaches the server on the kept-alive connection,
    // which closes; the engine, not Qt, decides the second attempt, on a new connection.
    ASSERT_EQ(server.requests().size(), 3);
    EXPECT_EQ(client_attempts, 3U) << "an attempt reached the server that the engine never counted";
    std::map<std::string, int> per_key;
    for (const auto& r : server.requests())
        ++per_key[r.header("Idempotency-Key").toStdString()];
    EXPECT_EQ(per_key.size(), 2U);
    for (const auto& key : keys_seen_by_client)
        EXPECT_GE(per_key[key], 1) << key;
}

TEST_F(ResilientClientTest, HealthyStreamDeliversEverything) {
    const Outcome o = run(request());
    ASSERT_TRUE(o.result.ok) << o.result.to_json().dump();
    EXPECT_EQ(o.streamed, o.result.text);
    EXPECT_GT(o.result.usage.output_tokens, 5);
    EXPECT_EQ(o.result.served_by->target, "primary");
    EXPECT_FALSE(o.result.fallback_used);
    EXPECT_TRUE(o.result.ttft_ms.has_value());
    EXPECT_EQ(o.result.finish_reason, "stop");
}

TEST_F(ResilientClientTest, RetryAfterMsIsObeyed) {
    faults(*primary, R"({"kind": "rate_limit", "retry_after_ms": 150, "max_count": 1})");
    const Outcome o = run(request());
    ASSERT_TRUE(o.result.ok);
    ASSERT_EQ(o.result.attempts.size(), 2U);
    EXPECT_EQ(o.result.attempts[0].decision, DecisionKind::NextKey) << "a second key is tried first, at once";
    policy.targets[0].api_keys.resize(1);
    apply();
    faults(*primary, R"({"kind": "rate_limit", "retry_after_ms": 150, "max_count": 1})");
    const Outcome waited = run(request());
    ASSERT_TRUE(waited.result.ok);
    EXPECT_EQ(waited.result.attempts[0].decision, DecisionKind::Retry);
    EXPECT_EQ(waited.result.attempts[0].delay_ms, 150);
    EXPECT_EQ(waited.result.attempts[0].delay_source, DelaySource::RetryAfterMs);
    EXPECT_GE(waited.result.attempts[1].started_ms - waited.result.attempts[0].started_ms, 150);
}

TEST_F(ResilientClientTest, RetryAfterSecondsAndResetHeadersAreObeyed) {
    policy.targets[0].api_keys.resize(1);
    apply();
    faults(*primary, R"({"kind": "rate_limit", "retry_after_s": 0.2, "max_count": 1})");
    Outcome o = run(request());
    EXPECT_EQ(o.result.attempts[0].delay_ms, 200);
    EXPECT_EQ(o.result.attempts[0].delay_source, DelaySource::RetryAfter);
    faults(*primary, R"({"kind": "rate_limit", "delay_ms": 250, "max_count": 1})");
    o = run(request());
    ASSERT_TRUE(o.result.ok);
    EXPECT_EQ(o.result.attempts[0].delay_ms, 250);
    EXPECT_EQ(o.result.attempts[0].delay_source, DelaySource::RateLimitReset);
}

TEST_F(ResilientClientTest, ShouldRetryHeaderBothWays) {
    policy.targets.resize(1);
    apply();
    faults(*primary, R"({"kind": "unavailable", "should_retry": false, "max_count": 1})");
    Outcome o = run(request());
    EXPECT_FALSE(o.result.ok);
    EXPECT_EQ(o.result.attempts.size(), 1U) << "the server said not to retry";
    faults(*primary, R"({"kind": "bad_request", "should_retry": true, "max_count": 1})");
    o = run(request());
    EXPECT_TRUE(o.result.ok);
    EXPECT_EQ(o.result.attempts.size(), 2U) << "the server said to retry a 400";
}

TEST_F(ResilientClientTest, IdempotencyKeyIsIdenticalAcrossRetriesKeyRotationAndFallback) {
    faults(*primary, R"({"kind": "unauthorized", "max_count": 1},
                        {"kind": "unavailable", "max_count": 1},
                        {"kind": "overloaded", "probability": 1.0})");
    const Outcome o = run(request());
    ASSERT_TRUE(o.result.ok) << o.result.to_json().dump(1);
    ASSERT_EQ(o.result.attempts.size(), 4U);
    EXPECT_EQ(o.result.attempts[0].decision, DecisionKind::NextKey);
    EXPECT_EQ(o.result.attempts[1].decision, DecisionKind::Retry);
    EXPECT_EQ(o.result.attempts[2].decision, DecisionKind::Fallback);
    EXPECT_TRUE(o.result.fallback_used);
    std::set<std::string> keys;
    std::set<std::string> traces;
    for (const auto& r : sim_log(*primary)) {
        keys.insert(r["idempotency-key"]);
        traces.insert(r["trace_id"]);
    }
    for (const auto& r : sim_log(*backup)) {
        keys.insert(r["idempotency-key"]);
        traces.insert(r["trace_id"]);
    }
    EXPECT_EQ(keys, std::set<std::string>{o.result.idempotency_key});
    EXPECT_EQ(traces, std::set<std::string>{o.result.trace_id});
    EXPECT_EQ(sim_log(*primary).size(), 3U);
    EXPECT_EQ(sim_log(*backup).size(), 1U);
}

// A stream cut after its first tokens, in fail mode: the partial text is kept and nothing is retried. How it
// was cut decides the class, and each way is made exactly: the connection closed inside a chunk (Qt reports
// the error: network), or the chunked body ended cleanly without the protocol's end marker (judged by the
// decoder: malformed_response). The simulator's own `cut` fault can end either way, as Qt 6.4 sees it.
struct CutCase {
    const char* name;
    QByteArray ending;  // what follows the four complete token events
    bool close_connection;
    ErrorClass error_class;
};

class MidStreamCutWithFail : public ResilientClientTest, public ::testing::WithParamInterface<CutCase> {};

TEST_P(MidStreamCutWithFail, KeepsThePartialTextWithItsExactClass) {
    const std::vector<std::string> sent = {"One ", "two ", "three ", "four "};
    test::RawHttpServer server([&](const test::RawRequest&) {
        return test::RawReply{openai_stream(sent, false) + GetParam().ending, GetParam().close_connection};
    });
    policy.targets.resize(1);
    policy.targets[0].base_url = server.base_url().toStdString() + "/v1";
    policy.resilience.stream.after_first_token = AfterFirstToken::Fail;
    apply();
    const Outcome o = run(request());
    EXPECT_FALSE(o.result.ok);
    EXPECT_TRUE(o.result.partial);
    EXPECT_EQ(o.result.text, "One two three four ") << "exactly what arrived before the cut";
    EXPECT_EQ(o.result.text, o.streamed);
    EXPECT_EQ(o.result.attempts.size(), 1U) << "no retry after the first token in fail mode";
    EXPECT_EQ(server.requests().size(), 1);
    ASSERT_TRUE(o.result.error);
    EXPECT_EQ(o.result.error->error_class, GetParam().error_class) << to_string(o.result.error->error_class);
}

INSTANTIATE_TEST_SUITE_P(
    Table, MidStreamCutWithFail,
    ::testing::Values(
        // A chunk announced (0x40 bytes) and cut after a few, then the connection closes.
        CutCase{"ClosedInsideAChunk", "40\r\ndata: {\"id\"", true, ErrorClass::Network},
        // The last chunk and nothing more: no finish event, no [DONE].
        CutCase{"EndedWithoutTheEndMarker", "0\r\n\r\n", false, ErrorClass::MalformedResponse}),
    [](const ::testing::TestParamInfo<CutCase>& p) { return std::string(p.param.name); });

TEST_F(ResilientClientTest, MidStreamCutWithRestartDiscardsAndRetries) {
    const std::string reference = run(request()).result.text;
    policy.resilience.stream.after_first_token = AfterFirstToken::Restart;
    apply();
    faults(*primary, R"({"kind": "cut", "after_tokens": 4, "max_count": 1})");
    const Outcome o = run(request());
    ASSERT_TRUE(o.result.ok) << o.result.to_json().dump(1);
    EXPECT_EQ(o.resets, 1);
    EXPECT_EQ(o.result.text, reference) << "the restarted reply is whole, not a splice";
    EXPECT_EQ(o.streamed, reference);
    // The cut attempt had produced tokens before it died: the dashboard counts them as wasted.
    int wasted_events = 0;
    for (const auto& e : events) {
        if (e.event == EventKind::AttemptFinished && !e.ok.value_or(true)) {
            ++wasted_events;
            EXPECT_GE(e.output_tokens.value_or(0), 1) << "about four tokens had streamed";
            EXPECT_GE(e.input_tokens.value_or(0), 1) << "and the prompt was processed";
        }
    }
    EXPECT_EQ(wasted_events, 1);
}

TEST_F(ResilientClientTest, MidStreamCutWithContinueCarriesOnOnTheNextTarget) {
    // The whole reply the primary would give, to know what its first four tokens are.
    const std::string whole = run(request()).result.text;
    // The backup records what it is asked and continues with a known text.
    const std::string continuation = " and the rest of it.";
    test::RawHttpServer backup_server([&](const test::RawRequest&) {
        return test::RawReply{openai_stream({continuation}, true), false};
    });
    policy.targets[1].provider = ProviderKind::OpenAI;
    policy.targets[1].base_url = backup_server.base_url().toStdString() + "/v1";
    policy.resilience.stream.after_first_token = AfterFirstToken::Continue;
    apply();
    faults(*primary, R"({"kind": "cut", "after_tokens": 4})");
    const Outcome o = run(request());
    ASSERT_TRUE(o.result.ok) << o.result.to_json().dump(1);
    EXPECT_EQ(o.result.served_by->target, "backup");
    ASSERT_EQ(o.result.attempts.size(), 2U);
    ASSERT_EQ(sim_log(*primary).size(), 2U);
    EXPECT_EQ(sim_log(*primary)[1]["sent_tokens"], 4) << "the primary was cut after four tokens";
    // What was shown when the primary was cut: the start of its whole reply, and only that.
    ASSERT_EQ(o.streamed_at_attempt_end.size(), 2U);
    const std::string partial = o.streamed_at_attempt_end[0];
    ASSERT_FALSE(partial.empty());
    ASSERT_LT(partial.size(), whole.size());
    EXPECT_EQ(whole.substr(0, partial.size()), partial);
    // The backup was asked to continue exactly there: the partial text as the assistant's turn.
    ASSERT_EQ(backup_server.requests().size(), 1);
    const json sent = json::parse(backup_server.requests()[0].body.toStdString());
    const json& messages = sent["messages"];
    ASSERT_GE(messages.size(), 3U) << sent.dump();
    EXPECT_EQ(messages[messages.size() - 2]["role"], "assistant");
    EXPECT_EQ(messages[messages.size() - 2]["content"], partial);
    // The reply is the partial text and the continuation, with nothing shown taken back.
    EXPECT_EQ(o.result.text, partial + continuation);
    EXPECT_EQ(o.resets, 0);
    EXPECT_EQ(o.streamed, o.result.text) << "nothing shown was taken back";
}

TEST_F(ResilientClientTest, TruncatedStreamIsAnErrorNeverASuccess) {
    policy.targets.resize(1);
    policy.resilience.retry.max_attempts = 1;
    apply();
    faults(*primary, R"({"kind": "no_terminator"})");
    const Outcome o = run(request());
    EXPECT_FALSE(o.result.ok);
    EXPECT_EQ(o.result.error->error_class, ErrorClass::MalformedResponse);
    EXPECT_TRUE(o.result.partial);
}

// On the fake clock the backoff wait lasts until the test moves time: the cancel must end the request by
// itself, at once, and leave nothing armed to fire later.
TEST_F(ResilientClientOnFakeTime, CancelDuringABackoffWaitReturnsAtOnce) {
    policy.targets.resize(1);
    policy.resilience.retry.backoff.base_delay_ms = 5000;
    policy.resilience.retry.backoff.max_delay_ms = 5000;
    apply();
    faults(*primary, R"({"kind": "unavailable"})");
    std::unique_ptr<ChatCall> call(client->chat(request()));
    int finished = 0;
    ChatResult result;
    bool waiting = false;
    QObject::connect(call.get(), &ChatCall::finished, [&](const ChatResult& r) {
        ++finished;
        result = r;
    });
    QObject::connect(call.get(), &ChatCall::waiting, [&](const WaitInfo& w) {
        waiting = true;
        EXPECT_EQ(w.delay_ms, 5000);
        EXPECT_EQ(w.delay_source, DelaySource::Backoff);
        EXPECT_EQ(w.status, 503);
    });
    call->start();
    settle([&] { return waiting; });
    ASSERT_EQ(primary->log().size(), 1U);
    call->cancel();
    EXPECT_EQ(finished, 1) << "finished is emitted by cancel() itself";
    EXPECT_EQ(app.simulated_time().pending(), 0U) << "the backoff timer went with the cancel";
    EXPECT_EQ(result.error->error_class, ErrorClass::Cancelled);
    call->cancel();
    app.simulated_time().advance_ms(5000);  // when the retry would have been sent
    QCoreApplication::processEvents();
    EXPECT_EQ(finished, 1);
    EXPECT_EQ(primary->log().size(), 1U) << "no retry after the cancel";
}

// Both servers hang. On the fake clock the request ends exactly at its 500 ms deadline, never at the 30 s
// first-token timeout, and the backup gets no attempt: there is no time left for one.
TEST_F(ResilientClientOnFakeTime, TheDeadlineHoldsOverAHangingServer) {
    policy.resilience.timeouts.deadline_ms = 500;
    policy.resilience.timeouts.first_token_ms = 30000;
    apply();
    faults(*primary, R"({"kind": "hang"})");
    faults(*backup, R"({"kind": "hang"})");
    std::unique_ptr<ChatCall> call(client->chat(request()));
    int finished = 0;
    ChatResult result;
    QObject::connect(call.get(), &ChatCall::finished, [&](const ChatResult& r) {
        ++finished;
        result = r;
    });
    call->start();
    settle([&] { return primary->log().size() == 1; });
    app.simulated_time().advance_ms(499);
    QCoreApplication::processEvents();
    EXPECT_EQ(finished, 0) << "the deadline is 500 ms";
    app.simulated_time().advance_ms(1);
    settle([&] { return finished > 0; });
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.total_ms, 500) << "deadline 500 ms";
    ASSERT_TRUE(result.error);
    EXPECT_EQ(result.error->error_class, ErrorClass::DeadlineExhausted)
        << to_string(result.error->error_class);
    EXPECT_EQ(result.attempts.size(), 1U);
    EXPECT_EQ(backup->log().size(), 0U) << "no time was left for the backup";
    EXPECT_EQ(finished, 1);
}

TEST_F(ResilientClientTest, FallsBackToTheSecondTarget) {
    faults(*primary, R"({"kind": "unavailable"})");
    const Outcome o = run(request());
    ASSERT_TRUE(o.result.ok);
    EXPECT_TRUE(o.result.fallback_used);
    EXPECT_EQ(o.result.served_by->target, "backup");
    EXPECT_EQ(o.result.served_by->provider, "anthropic");
    EXPECT_EQ(o.result.attempts.size(), 4U) << "3 on the primary, 1 on the backup";
}

TEST_F(ResilientClientTest, AnOpenBreakerSkipsItsTargetWithoutTouchingTheNetwork) {
    client->force_breaker("primary", BreakerOverride::ForceOpen);
    const Outcome o = run(request());
    ASSERT_TRUE(o.result.ok);
    EXPECT_EQ(sim_log(*primary).size(), 0U);
    EXPECT_EQ(o.result.served_by->target, "backup");
    bool short_circuit_event = false;
    for (const auto& e : events)
        short_circuit_event |= e.event == EventKind::Fallback && e.reason == DecisionReason::BreakerOpen;
    EXPECT_TRUE(short_circuit_event);
}

TEST_F(ResilientClientTest, ThirtyTwoConcurrentRequestsReallyRunConcurrently) {
    // Each reply takes 300 ms on the server; were they queued six at a time, they could never all be open at
    // once.
    scenario(*primary, R"({"name": "slowish", "reply": {"first_token_ms": 300, "tokens_per_s": 0}})");
    LoadRunner runner(*client, ClientContext{time, time, random, bus, secrets}, 32, 32, false);
    QEventLoop loop;
    QObject::connect(&runner, &LoadRunner::finished, &loop, &QEventLoop::quit);
    runner.start();
    QTimer::singleShot(15000, &loop, &QEventLoop::quit);
    loop.exec();
    EXPECT_EQ(runner.summary().succeeded, 32);
    EXPECT_EQ(primary->peak_open_responses(), 32U);
    EXPECT_GE(client->connection_managers(), 6);
    EXPECT_EQ(runner.summary().peak_in_flight, 32);
}

TEST_F(ResilientClientTest, AnOpenLoopRateSpacesTheStartsAndKeepsEveryReply) {
    // 10 requests at 50/s: request n may not start before n * 20 ms, however fast the server answers (timers
    // never fire early, so the lower bounds cannot flake). Concurrency is not the limit here.
    LoadRunner runner(*client, ClientContext{time, time, random, bus, secrets}, 10, 8, false);
    runner.set_rate(50);
    runner.keep_replies(true);
    QEventLoop loop;
    QObject::connect(&runner, &LoadRunner::finished, &loop, &QEventLoop::quit);
    // Request n is due n * 20 ms after start(): the bound is measured from before start(), not from request
    // 0's own start, which a slow first launch (the asan build on a loaded machine: 7 ms) pushes later.
    const std::int64_t before_start_ms = time.system_ms();
    runner.start();
    QTimer::singleShot(15000, &loop, &QEventLoop::quit);
    loop.exec();
    ASSERT_EQ(runner.replies().size(), 10U);
    EXPECT_EQ(runner.summary().succeeded, 10);
    EXPECT_EQ(runner.summary().rate_per_s, 50);
    EXPECT_GT(runner.summary().peak_rss_mb, 1.0);
    std::map<int, const LoadReply*> by_index;
    for (const LoadReply& r : runner.replies())
        by_index[r.index] = &r;
    ASSERT_EQ(by_index.size(), 10U);
    EXPECT_EQ(by_index.begin()->first, 0);
    EXPECT_EQ(by_index.rbegin()->first, 9);
    for (const auto& [index, reply] : by_index) {
        EXPECT_GE(reply->started_unix_ms - before_start_ms, index * 20 - 1)
            << "request " << index << " started early";
        EXPECT_TRUE(reply->result.ok);
        EXPECT_FALSE(reply->result.text.empty());
    }
    // The last start is 180 ms after the first: the whole run cannot be shorter.
    EXPECT_GE(runner.summary().wall_ms, 179);
    // Each request carried its own prompt, so a harness can tell which reply belongs to which request.
    EXPECT_NE(LoadRunner::prompt_for(1), LoadRunner::prompt_for(2));
}

TEST_F(ResilientClientTest, CancellingAPacedLoadStopsTheArrivals) {
    // The runner paces arrivals on its own scheduler: simulated here, so exactly the arrivals due before the
    // cancel are sent (the requests themselves go to the real simulator and are cancelled in flight).
    SimulatedTime pacing;
    LoadRunner runner(*client, ClientContext{pacing, pacing, random, bus, secrets}, 100, 4, false);
    runner.set_rate(10);  // one every 100 ms: 10 s for all of them
    int finished = 0;
    QObject::connect(&runner, &LoadRunner::finished, [&finished] { ++finished; });
    runner.start();
    pacing.advance_ms(250);  // due at 0, 100 and 200 ms
    EXPECT_EQ(finished, 0);
    runner.cancel();
    EXPECT_EQ(finished, 1) << "the three in flight were cancelled at once, and the run ended";
    pacing.advance_ms(20'000);
    EXPECT_EQ(finished, 1) << "exactly one finished";
    EXPECT_EQ(runner.summary().requests, 3) << "no arrival after the cancel";
    EXPECT_EQ(runner.summary().cancelled, 3);
    EXPECT_EQ(runner.summary().succeeded + runner.summary().cancelled, runner.summary().requests);
}

TEST_F(ResilientClientTest, ARunnerDeletedByItsFinishedListenerWhileCancellingIsNotTouchedAgain) {
    // The GUI's load panel lets go of its runner when it finishes; a cancel ends it from inside cancel().
    // Under the asan preset, cancel() reading the runner after that emit is a heap-use-after-free.
    SimulatedTime pacing;
    QPointer<LoadRunner> runner =
        new LoadRunner(*client, ClientContext{pacing, pacing, random, bus, secrets}, 8, 4, false);
    int finished = 0;
    QObject::connect(runner, &LoadRunner::finished, [&] {
        ++finished;
        delete runner.data();
    });
    runner->start();  // four in flight at once (no rate)
    runner->cancel();
    EXPECT_EQ(finished, 1);
    EXPECT_TRUE(runner.isNull());
}

TEST_F(ResilientClientTest, QuittingWithRequestsInFlightIsSafe) {
    // The GUI quits with background requests running: the owners of the calls (chat sessions, the load
    // runner) go first and delete calls that hold live attempts, then the client. Under the asan preset a
    // use-after-free here (an attempt calling back into a deleted call, a reply outliving its manager) is an
    // error.
    faults(*primary, R"({"kind": "hang", "probability": 1.0})");
    std::vector<std::unique_ptr<ChatCall>> calls;
    for (int i = 0; i < 8; ++i) {
        calls.emplace_back(client->chat(request(i % 2 == 0)));
        calls.back()->start();
    }
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (primary->log().size() >= 8)
            loop.quit();
    });
    poll.start(5);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    ASSERT_EQ(primary->log().size(), 8U) << "every request reached the server and is hanging there";
    const std::size_t events_before = events.size();
    calls.clear();  // each cancels itself quietly: its attempt is aborted, its breaker permit handed back
    client.reset();
    QCoreApplication::processEvents();  // deferred deletions run without touching freed memory
    for (std::size_t i = events_before; i < events.size(); ++i)
        EXPECT_NE(events[i].event, EventKind::RequestFinished) << "a deleted call finishes nothing";
}

TEST_F(ResilientClientTest, RateLimitHeadroomReachesTheEvents) {
    scenario(*primary, R"({"name": "rl", "reply": {"first_token_ms": 0, "tokens_per_s": 0},
                         "rate_limit": {"requests_per_minute": 5, "tokens_per_minute": 100000}})");
    const Outcome o = run(request(false));
    ASSERT_TRUE(o.result.ok);
    bool seen = false;
    for (const auto& e : events) {
        if (e.event != EventKind::AttemptFinished)
            continue;
        seen = true;
        EXPECT_EQ(e.ratelimit_limit_requests, 5);
        EXPECT_EQ(e.ratelimit_remaining_requests, 4);
        EXPECT_EQ(e.ratelimit_limit_tokens, 100000);
        EXPECT_TRUE(e.ratelimit_remaining_tokens.has_value());
    }
    EXPECT_TRUE(seen);
}

TEST_F(ResilientClientTest, ALocalServerNeedsNoKeyButAConfiguredKeyIsStillRequired) {
    // No api_keys in the policy and no OPENAI_API_KEY: a loopback server gets a placeholder key.
    policy.targets.resize(1);
    policy.targets[0].api_keys.clear();
    apply();
    qunsetenv("OPENAI_API_KEY");
    const Outcome o = run(request());
    EXPECT_TRUE(o.result.ok) << o.result.to_json().dump();
    // A key the policy names must be there: no placeholder stands in for it.
    policy.targets[0].api_keys = {{KeyRef::Source::Env, "KEY_THAT_IS_NOT_SET"}};
    apply();
    const Outcome missing = run(request());
    EXPECT_FALSE(missing.result.ok);
    EXPECT_EQ(missing.result.error->error_class, ErrorClass::Auth);
}

TEST_F(ResilientClientTest, MissingKeyFailsAsAuthWithoutTouchingTheNetwork) {
    secrets.remove({KeyRef::Source::Env, "KEY_A"});
    secrets.remove({KeyRef::Source::Env, "KEY_B"});
    policy.targets.resize(1);
    apply();
    const Outcome o = run(request());
    EXPECT_FALSE(o.result.ok);
    EXPECT_EQ(o.result.error->error_class, ErrorClass::Auth);
    EXPECT_NE(o.result.error->message.find("KEY_A is not set"), std::string::npos) << o.result.error->message;
    EXPECT_EQ(sim_log(*primary).size(), 0U);
}

TEST_F(ResilientClientTest, EventsFollowTheContractAndNeverCarryAKey) {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("events.jsonl")).toStdString();
    JsonlEventLog log(bus, client->redactor());
    ASSERT_TRUE(log.open(path));
    faults(*primary, R"({"kind": "unauthorized", "max_count": 1}, {"kind": "unavailable"})");
    const Outcome o = run(request());
    ASSERT_TRUE(o.result.ok);
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    for (const char* canary : {"sk-canary-primary", "sk-ant-canary-backup", "Bearer"}) {
        EXPECT_EQ(text.str().find(canary), std::string::npos) << canary;
    }
    std::vector<std::string> names;
    std::string line;
    std::istringstream lines(text.str());
    while (std::getline(lines, line)) {
        const json e = json::parse(line);
        EXPECT_EQ(e["trace_id"], o.result.trace_id);
        EXPECT_TRUE(e.contains("ts_ms"));
        names.push_back(e["event"]);
    }
    ASSERT_FALSE(names.empty());
    EXPECT_EQ(names.front(), "request_started");
    EXPECT_EQ(names.back(), "request_finished");
    for (const char* expected :
         {"attempt_started", "attempt_finished", "next_key", "retry_scheduled", "fallback"}) {
        EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
    }
}

// KJob's rule, tried in every order: however start, cancel and the end interleave, finished comes exactly
// once.
// On the fake clock, so that nothing the call left armed can fire unseen: after each ordering every pending
// timer is run and the events processed, and finished must still have come exactly once. The waits are for
// events (the request reaching the server, the call finishing), never for a length of time.
TEST_F(ResilientClientOnFakeTime, EveryOrderingOfStartCancelAndFinishEmitsFinishedOnce) {
    enum class Order {
        CancelBeforeStart,
        CancelRightAfterStart,
        CancelWhileRunning,
        CancelAfterFinish,
        StartTwice
    };
    for (Order order : {Order::CancelBeforeStart, Order::CancelRightAfterStart, Order::CancelWhileRunning,
                        Order::CancelAfterFinish, Order::StartTwice}) {
        // While running: the server holds the request, so the cancel surely comes first.
        if (order == Order::CancelWhileRunning)
            faults(*primary, R"({"kind": "hang"})");
        else
            scenario(*primary, R"({"name": "slow", "reply": {"first_token_ms": 150, "tokens_per_s": 0}})");
        const std::size_t reached_before = primary->log().size();
        std::unique_ptr<ChatCall> call(client->chat(request()));
        int finished = 0;
        QObject::connect(call.get(), &ChatCall::finished, [&](const ChatResult&) { ++finished; });
        switch (order) {
            case Order::CancelBeforeStart:
                call->cancel();
                call->start();
                break;
            case Order::CancelRightAfterStart:
                call->start();
                EXPECT_EQ(finished, 0) << "start() never emits before returning";
                call->cancel();
                break;
            case Order::CancelWhileRunning:
                call->start();
                settle([&] { return primary->log().size() > reached_before; });
                EXPECT_EQ(finished, 0) << "the server holds the request";
                call->cancel();
                break;
            case Order::CancelAfterFinish:
                call->start();
                settle([&] { return finished > 0; });
                call->cancel();
                break;
            case Order::StartTwice:
                call->start();
                call->start();
                settle([&] { return finished > 0; });
                break;
        }
        // Anything still queued or armed gets its chance to emit a second finished.
        QCoreApplication::processEvents();
        app.simulated_time().run_until_idle();
        QCoreApplication::processEvents();
        EXPECT_EQ(finished, 1) << "ordering " << static_cast<int>(order);
        EXPECT_TRUE(call->is_finished());
    }
}

}  // namespace
}  // namespace stormproof
