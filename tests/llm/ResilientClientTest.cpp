// The resilient client over real loopback sockets, against in-process simulators. No internet, no real key.
#include "llm/ResilientClient.h"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QElapsedTimer>
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
#include "resilience/QtTimeSystem.h"
#include "resilience/SeededRandom.h"
#include "simulator/ScenarioLoader.h"
#include "simulator/SimulatorServer.h"
#include "support/RawHttpServer.h"
#include "telemetry/JsonlEventLog.h"

namespace stormproof {
namespace {

using nlohmann::json;

class ResilientClientTest : public ::testing::Test {
protected:
    QtTimeSystem time;
    SeededRandom random{99};
    EventBus bus;
    MemorySecretStore secrets;
    std::unique_ptr<SimulatorServer> primary;
    std::unique_ptr<SimulatorServer> backup;
    std::unique_ptr<ResilientClient> client;
    std::vector<TelemetryEvent> events;
    Policy policy;

    void SetUp() override {
        primary = start_sim(1);
        backup = start_sim(2);
        secrets.set({KeyRef::Source::Env, "KEY_A"}, "sk-canary-primary-aaaaaaaa");
        secrets.set({KeyRef::Source::Env, "KEY_B"}, "sk-canary-primary-bbbbbbbb");
        secrets.set({KeyRef::Source::Env, "KEY_C"}, "sk-ant-canary-backup-cccccc");
        client = std::make_unique<ResilientClient>(time, time, random, bus, secrets);
        bus.subscribe([this](const TelemetryEvent& e) { events.push_back(e); });

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

    std::unique_ptr<SimulatorServer> start_sim(std::uint64_t seed) {
        auto s = std::make_unique<SimulatorServer>(time, time, seed);
        QString error;
        EXPECT_NE(s->start(QHostAddress::LocalHost, 0, &error), 0u) << error.toStdString();
        scenario(*s, R"({"name": "fast", "reply": {"first_token_ms": 0, "tokens_per_s": 0}})");
        return s;
    }
    static void scenario(SimulatorServer& s, const std::string& json_text) {
        auto r = ScenarioLoader::from_text(json_text);
        ASSERT_TRUE(r.ok()) << join_errors(r.errors);
        s.set_scenario(*r.scenario);
    }
    static void faults(SimulatorServer& s, const std::string& faults_json) {
        scenario(s, R"({"name": "t", "reply": {"first_token_ms": 0, "tokens_per_s": 400}, "faults": [)" +
                        faults_json + "]}");
    }
    void apply() { client->set_policy(policy); }

    struct Outcome {
        ChatResult result;
        int finished_signals = 0;
        int resets = 0;
        std::string streamed;
        qint64 elapsed_ms = 0;
    };

    ChatRequest request(bool stream = true, const std::string& prompt = "Tell me about retries.") {
        ChatRequest r;
        r.messages.push_back({"user", prompt});
        r.stream = stream;
        r.conversation = "test";
        return r;
    }

    // Runs one request to its end (bounded by a generous guard against hangs).
    Outcome run(ChatRequest req, std::function<void(ChatCall*)> on_start = {}) {
        Outcome out;
        ChatCall* call = client->chat(std::move(req)).release();
        QEventLoop loop;
        QObject::connect(call, &ChatCall::delta, [&](const QString& t) { out.streamed += t.toStdString(); });
        QObject::connect(call, &ChatCall::text_reset, [&] {
            ++out.resets;
            out.streamed.clear();
        });
        QObject::connect(call, &ChatCall::finished, [&](const ChatResult& r) {
            ++out.finished_signals;
            out.result = r;
            loop.quit();
        });
        QElapsedTimer clock;
        clock.start();
        call->start();
        if (on_start)
            on_start(call);
        QTimer guard;
        guard.setSingleShot(true);
        QObject::connect(&guard, &QTimer::timeout, &loop, &QEventLoop::quit);
        guard.start(15000);
        if (!call->is_finished())
            loop.exec();
        out.elapsed_ms = clock.elapsed();
        EXPECT_TRUE(call->is_finished()) << "the request hung";
        // Let queued deliveries run, to catch a second finished signal.
        QCoreApplication::processEvents();
        delete call;
        return out;
    }

    json sim_log(const SimulatorServer& s) const { return s.log().to_json()["requests"]; }
};

struct ClassCase {
    const char* fault;
    const char* error_class;
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

INSTANTIATE_TEST_SUITE_P(
    Table, ErrorClassesOverTheWire,
    ::testing::Values(
        ClassCase{"rate_limit", "rate_limited", false},
        ClassCase{"insufficient_quota", "quota_exhausted", false},
        ClassCase{"server_error", "server_error", true}, ClassCase{"bad_gateway", "server_error", false},
        ClassCase{"unavailable", "server_error", true}, ClassCase{"gateway_timeout", "server_error", false},
        ClassCase{"overloaded", "overloaded", true}, ClassCase{"bad_request", "bad_request", false},
        ClassCase{"unauthorized", "auth", false}, ClassCase{"forbidden", "auth", true},
        ClassCase{"not_found", "not_found", false}, ClassCase{"too_large", "bad_request", false},
        ClassCase{"context_length", "context_length", true}, ClassCase{"reset", "network", true},
        ClassCase{"hang", "timeout", true}, ClassCase{"malformed_json", "malformed_response", false},
        ClassCase{"malformed_json", "malformed_response", true},
        ClassCase{"no_terminator", "malformed_response", true},
        ClassCase{"empty_200", "malformed_response", false}, ClassCase{"cut", "network", false}),
    [](const ::testing::TestParamInfo<ClassCase>& p) {
        return std::string(p.param.fault) + (p.param.stream ? "_stream" : "_json");
    });

TEST_F(ResilientClientTest, ConnectionRefusedIsNetwork) {
    policy.targets.resize(1);
    policy.targets[0].base_url = "http://127.0.0.1:1/v1";  // nothing listens on port 1
    policy.resilience.retry.max_attempts = 1;
    apply();
    const Outcome o = run(request());
    EXPECT_EQ(o.result.attempts.front().error_class, "network");
    EXPECT_EQ(o.result.error->error_class, "network");
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
    EXPECT_EQ(o.result.attempts[0].decision, "next_key") << "a second key is tried first, at once";
    policy.targets[0].api_keys.resize(1);
    apply();
    faults(*primary, R"({"kind": "rate_limit", "retry_after_ms": 150, "max_count": 1})");
    const Outcome waited = run(request());
    ASSERT_TRUE(waited.result.ok);
    EXPECT_EQ(waited.result.attempts[0].decision, "retry");
    EXPECT_EQ(waited.result.attempts[0].delay_ms, 150);
    EXPECT_EQ(waited.result.attempts[0].delay_source, "retry_after_ms");
    EXPECT_GE(waited.result.attempts[1].started_ms - waited.result.attempts[0].started_ms, 150);
}

TEST_F(ResilientClientTest, RetryAfterSecondsAndResetHeadersAreObeyed) {
    policy.targets[0].api_keys.resize(1);
    apply();
    faults(*primary, R"({"kind": "rate_limit", "retry_after_s": 0.2, "max_count": 1})");
    Outcome o = run(request());
    EXPECT_EQ(o.result.attempts[0].delay_ms, 200);
    EXPECT_EQ(o.result.attempts[0].delay_source, "retry_after");
    faults(*primary, R"({"kind": "rate_limit", "delay_ms": 250, "max_count": 1})");
    o = run(request());
    ASSERT_TRUE(o.result.ok);
    EXPECT_EQ(o.result.attempts[0].delay_ms, 250);
    EXPECT_EQ(o.result.attempts[0].delay_source, "rate_limit_reset");
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
    EXPECT_EQ(o.result.attempts[0].decision, "next_key");
    EXPECT_EQ(o.result.attempts[1].decision, "retry");
    EXPECT_EQ(o.result.attempts[2].decision, "fallback");
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

TEST_F(ResilientClientTest, MidStreamCutWithFailKeepsThePartialText) {
    policy.resilience.stream.after_first_token = AfterFirstToken::Fail;
    apply();
    faults(*primary, R"({"kind": "cut", "after_tokens": 4, "max_count": 1})");
    const Outcome o = run(request());
    EXPECT_FALSE(o.result.ok);
    EXPECT_TRUE(o.result.partial);
    EXPECT_FALSE(o.result.text.empty());
    EXPECT_EQ(o.result.text, o.streamed);
    EXPECT_EQ(o.result.attempts.size(), 1U) << "no retry after the first token in fail mode";
    EXPECT_TRUE(o.result.error->error_class == ErrorClass::Network ||
                o.result.error->error_class == ErrorClass::MalformedResponse);
}

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
    policy.resilience.stream.after_first_token = AfterFirstToken::Continue;
    apply();
    faults(*primary, R"({"kind": "cut", "after_tokens": 4})");
    const Outcome o = run(request());
    ASSERT_TRUE(o.result.ok) << o.result.to_json().dump(1);
    EXPECT_EQ(o.result.served_by->target, "backup");
    ASSERT_EQ(o.result.attempts.size(), 2U);
    const std::string partial = sim_log(*primary)[0]["sent_tokens"] == 4 ? o.result.text.substr(0, 10) : "";
    EXPECT_FALSE(partial.empty());
    EXPECT_EQ(o.resets, 0);
    EXPECT_EQ(o.streamed, o.result.text) << "nothing shown was taken back";
    // The backup was asked to continue: the partial text went to it as the assistant's start.
    EXPECT_GT(o.result.text.size(), partial.size());
}

TEST_F(ResilientClientTest, TruncatedStreamIsAnErrorNeverASuccess) {
    policy.targets.resize(1);
    policy.resilience.retry.max_attempts = 1;
    apply();
    faults(*primary, R"({"kind": "no_terminator"})");
    const Outcome o = run(request());
    EXPECT_FALSE(o.result.ok);
    EXPECT_EQ(o.result.error->error_class, "malformed_response");
    EXPECT_TRUE(o.result.partial);
}

TEST_F(ResilientClientTest, CancelDuringABackoffWaitReturnsAtOnce) {
    policy.targets.resize(1);
    policy.resilience.retry.backoff.base_delay_ms = 5000;
    policy.resilience.retry.backoff.max_delay_ms = 5000;
    apply();
    faults(*primary, R"({"kind": "unavailable"})");
    ChatCall* call = client->chat(request()).release();
    int finished = 0;
    ChatResult result;
    bool waiting = false;
    QObject::connect(call, &ChatCall::finished, [&](const ChatResult& r) {
        ++finished;
        result = r;
    });
    QObject::connect(call, &ChatCall::waiting, [&](const WaitInfo& w) {
        waiting = true;
        EXPECT_EQ(w.delay_ms, 5000);
        EXPECT_EQ(w.delay_source, "backoff");
        EXPECT_EQ(w.status, 503);
    });
    call->start();
    QElapsedTimer guard;
    guard.start();
    while (!waiting && guard.elapsed() < 5000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
    ASSERT_TRUE(waiting);
    QElapsedTimer clock;
    clock.start();
    call->cancel();
    EXPECT_EQ(finished, 1) << "finished is emitted by cancel() itself";
    EXPECT_LT(clock.elapsed(), 100);
    EXPECT_EQ(result.error->error_class, "cancelled");
    call->cancel();
    QCoreApplication::processEvents();
    EXPECT_EQ(finished, 1);
    delete call;
}

TEST_F(ResilientClientTest, TheDeadlineHoldsOverAHangingServer) {
    policy.resilience.timeouts.deadline_ms = 500;
    policy.resilience.timeouts.first_token_ms = 30000;
    apply();
    faults(*primary, R"({"kind": "hang"})");
    faults(*backup, R"({"kind": "hang"})");
    const Outcome o = run(request());
    EXPECT_FALSE(o.result.ok);
    EXPECT_LT(o.elapsed_ms, 1500) << "deadline 500 ms";
    EXPECT_TRUE(o.result.error->error_class == ErrorClass::DeadlineExhausted ||
                o.result.error->error_class == ErrorClass::Timeout)
        << to_string(o.result.error->error_class);
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
    LoadRunner runner(*client, ClientContext{time, time, random, bus, secrets}, ClientContext{time, time, random, bus, secrets}, ClientContext{time, time, random, bus, secrets}, 32, 32, false);
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
    LoadRunner runner(*client, 10, 8, false);
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
    LoadRunner runner(*client, 100, 4, false);
    runner.set_rate(10);  // 10 s for all of them
    int finished = 0;
    QObject::connect(&runner, &LoadRunner::finished, [&finished] { ++finished; });
    runner.start();
    QEventLoop loop;
    QTimer::singleShot(250, &loop, &QEventLoop::quit);
    loop.exec();
    runner.cancel();
    QTimer::singleShot(300, &loop, &QEventLoop::quit);
    loop.exec();
    EXPECT_EQ(finished, 1);
    EXPECT_LE(runner.summary().requests, 5);  // 0, 100, 200 ms (and one late tick at most)
    EXPECT_EQ(runner.summary().succeeded + runner.summary().cancelled, runner.summary().requests);
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
    EXPECT_EQ(missing.result.error->error_class, "auth");
}

TEST_F(ResilientClientTest, MissingKeyFailsAsAuthWithoutTouchingTheNetwork) {
    secrets.remove({KeyRef::Source::Env, "KEY_A"});
    secrets.remove({KeyRef::Source::Env, "KEY_B"});
    policy.targets.resize(1);
    apply();
    const Outcome o = run(request());
    EXPECT_FALSE(o.result.ok);
    EXPECT_EQ(o.result.error->error_class, "auth");
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
TEST_F(ResilientClientTest, EveryOrderingOfStartCancelAndFinishEmitsFinishedOnce) {
    enum class Order {
        CancelBeforeStart,
        CancelRightAfterStart,
        CancelWhileRunning,
        CancelAfterFinish,
        StartTwice
    };
    for (Order order : {Order::CancelBeforeStart, Order::CancelRightAfterStart, Order::CancelWhileRunning,
                        Order::CancelAfterFinish, Order::StartTwice}) {
        scenario(*primary, R"({"name": "slow", "reply": {"first_token_ms": 150, "tokens_per_s": 0}})");
        ChatCall* call = client->chat(request()).release();
        int finished = 0;
        QObject::connect(call, &ChatCall::finished, [&](const ChatResult&) { ++finished; });
        auto spin = [](int ms) {
            QElapsedTimer t;
            t.start();
            while (t.elapsed() < ms)
                QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        };
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
                spin(50);
                call->cancel();
                break;
            case Order::CancelAfterFinish:
                call->start();
                spin(1500);
                call->cancel();
                break;
            case Order::StartTwice:
                call->start();
                call->start();
                spin(1500);
                break;
        }
        spin(300);
        EXPECT_EQ(finished, 1) << "ordering " << static_cast<int>(order);
        EXPECT_TRUE(call->is_finished());
        delete call;
    }
}

}  // namespace
}  // namespace stormproof
