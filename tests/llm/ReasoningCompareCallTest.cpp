// Issue 21 items 4 and 5 through the client: reasoning deltas reach the caller apart from the answer's (and
// the result keeps them apart); a compare runs each column on its own target, alone, with one owner per call.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "llm/CompareRun.h"
#include "llm/Comparison.h"
#include "simulator/ScenarioLoader.h"
#include "support/AppHarness.h"
#include "support/RawHttpServer.h"

namespace stormproof {
namespace {

QByteArray chunk(const QByteArray& bytes) {
    return QByteArray::number(bytes.size(), 16) + "\r\n" + bytes + "\r\n";
}
QByteArray sse(const std::string& json_text, const std::string& event = {}) {
    QByteArray out;
    if (!event.empty())
        out += "event: " + QByteArray::fromStdString(event) + "\n";
    return out + "data: " + QByteArray::fromStdString(json_text) + "\n\n";
}
constexpr const char* kStreamHead =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";

// What a caller of chat() saw, by signal.
struct Seen {
    std::string deltas, reasoning_deltas;
    ChatResult result;
    bool finished = false;
};

Seen run(test::AppHarness& app, ChatRequest request) {
    Seen seen;
    std::unique_ptr<ChatCall> call = app.client().chat(std::move(request));
    QObject::connect(call.get(), &ChatCall::delta,
                     [&seen](const QString& t) { seen.deltas += t.toStdString(); });
    QObject::connect(call.get(), &ChatCall::reasoning_delta,
                     [&seen](const QString& t) { seen.reasoning_deltas += t.toStdString(); });
    QObject::connect(call.get(), &ChatCall::finished, [&seen](const ChatResult& r) {
        seen.result = r;
        seen.finished = true;
    });
    call->start();
    test::wait_until([&seen] { return seen.finished; }, "the call to finish");
    return seen;
}

Policy one_target(ProviderKind provider, const std::string& base_url) {
    Policy policy = Policy::default_policy();
    policy.targets = {{"thinker", provider, base_url, "reasoner", {{KeyRef::Source::Env, "KEY"}}, false, ""}};
    return policy;
}

TEST(ReasoningThroughTheClient, OpenAiCompatibleReasoningContentIsNeverPartOfTheAnswer) {
    test::AppHarness app;
    app.secrets().set({KeyRef::Source::Env, "KEY"}, "sk-test-reasoning");
    test::RawHttpServer server([](const test::RawRequest&) {
        QByteArray out = kStreamHead;
        out += chunk(
            sse(R"({"choices":[{"delta":{"role":"assistant","content":null,"reasoning_content":"Two "}}]})"));
        out += chunk(sse(R"({"choices":[{"delta":{"content":null,"reasoning_content":"and two."}}]})"));
        out += chunk(sse(R"({"choices":[{"delta":{"content":"Four"}}]})"));
        out += chunk(sse(R"({"choices":[{"delta":{"content":"."},"finish_reason":"stop"}]})"));
        out += chunk("data: [DONE]\n\n") + "0\r\n\r\n";
        return test::RawReply{out, false};
    });
    app.client().set_policy(one_target(ProviderKind::OpenAI, server.base_url().toStdString() + "/v1"));
    const Seen seen = run(app, test::user_request("2+2?"));
    ASSERT_TRUE(seen.result.ok) << seen.result.to_json().dump();
    EXPECT_EQ(seen.deltas, "Four.");
    EXPECT_EQ(seen.reasoning_deltas, "Two and two.");
    EXPECT_EQ(seen.result.text, "Four.");
    EXPECT_EQ(seen.result.reasoning, "Two and two.");
    EXPECT_TRUE(seen.result.ttft_ms.has_value()) << "reasoning is the first output";
    const nlohmann::json j = seen.result.to_json();
    EXPECT_EQ(j["text"], "Four.");
    EXPECT_EQ(j["reasoning"], "Two and two.");
}

TEST(ReasoningThroughTheClient, AnthropicThinkingBlocksAreReasoning) {
    test::AppHarness app;
    app.secrets().set({KeyRef::Source::Env, "KEY"}, "sk-ant-test-reasoning");
    test::RawHttpServer server([](const test::RawRequest&) {
        QByteArray out = kStreamHead;
        out +=
            chunk(sse(R"({"type":"message_start","message":{"usage":{"input_tokens":5}}})", "message_start"));
        out += chunk(sse(
            R"({"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}})",
            "content_block_start"));
        out += chunk(sse(
            R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Hmm, "}})",
            "content_block_delta"));
        out += chunk(sse(
            R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"yes."}})",
            "content_block_delta"));
        out += chunk(sse(
            R"({"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"Sig"}})",
            "content_block_delta"));
        out += chunk(sse(R"({"type":"content_block_stop","index":0})", "content_block_stop"));
        out += chunk(
            sse(R"({"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Yes."}})",
                "content_block_delta"));
        out += chunk(
            sse(R"({"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":9}})",
                "message_delta"));
        out += chunk(sse(R"({"type":"message_stop"})", "message_stop")) + "0\r\n\r\n";
        return test::RawReply{out, false};
    });
    app.client().set_policy(one_target(ProviderKind::Anthropic, server.base_url().toStdString()));
    const Seen seen = run(app, test::user_request("Is it?"));
    ASSERT_TRUE(seen.result.ok) << seen.result.to_json().dump();
    EXPECT_EQ(seen.deltas, "Yes.");
    EXPECT_EQ(seen.result.text, "Yes.");
    EXPECT_EQ(seen.reasoning_deltas, "Hmm, yes.");
    EXPECT_EQ(seen.result.reasoning, "Hmm, yes.");
    EXPECT_EQ(seen.result.usage.output_tokens, 9);
}

TEST(ReasoningThroughTheClient, AWholeBodyKeepsItsReasoningApart) {
    test::AppHarness app;
    app.secrets().set({KeyRef::Source::Env, "KEY"}, "sk-test-reasoning");
    test::RawHttpServer server([](const test::RawRequest&) {
        return test::RawReply::json(
            200, R"({"choices":[{"message":{"role":"assistant","reasoning":"Because.","content":"So."},)"
                 R"("finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":4}})");
    });
    app.client().set_policy(one_target(ProviderKind::OpenAI, server.base_url().toStdString() + "/v1"));
    const Seen seen = run(app, test::user_request("Why?", /*stream=*/false));
    ASSERT_TRUE(seen.result.ok);
    EXPECT_EQ(seen.deltas, "So.");
    EXPECT_EQ(seen.reasoning_deltas, "Because.");
    EXPECT_EQ(seen.result.reasoning, "Because.");
}

// Three simulator targets, each with its own scenario: one answers at once, one fails once with a 503 and is
// retried, one is down. Each column runs its target alone: the one that is down fails as itself (it does not
// fall back to the chain's next target), and the verdict's inputs are each column's own.
TEST(CompareThroughTheClient, EachColumnRunsItsOwnTargetAlone) {
    test::AppHarness app;
    const auto scenario = [&app](const std::string& name, const std::string& faults) {
        auto loaded = ScenarioLoader::from_text(R"({"name": ")" + name +
                                                R"(", "reply": {"first_token_ms": 0, "tokens_per_s": 400}, )"
                                                R"("faults": [)" +
                                                faults + "]}");
        ASSERT_TRUE(loaded.ok()) << join_errors(loaded.errors);
        ASSERT_TRUE(app.simulator().register_scenario(name, *loaded.scenario));
    };
    scenario("quick", "");
    scenario("once", R"({"kind": "unavailable", "max_count": 1})");
    scenario("down", R"({"kind": "unavailable"})");
    Policy policy = Policy::default_policy();
    policy.targets.clear();
    for (const char* name : {"down", "quick", "once"})
        policy.targets.push_back({name, ProviderKind::Simulator, "", "", {}, false, name});
    auto& r = policy.resilience;
    r.retry.max_attempts = 2;
    r.retry.backoff = {BackoffKind::Exponential, JitterKind::None, 20, 100, 0};
    app.client().set_policy(policy);

    std::vector<CompareColumn> columns;
    for (const char* name : {"down", "quick", "once"})
        columns.push_back({name, &app.client(), name});
    auto run = std::make_unique<CompareRun>(columns, test::user_request("Compare me"));
    std::vector<int> finished_columns;
    std::vector<std::string> streamed(3);
    int finished_signals = 0;
    QObject::connect(run.get(), &CompareRun::delta, [&](int c, const QString& t) {
        streamed[static_cast<std::size_t>(c)] += t.toStdString();
    });
    QObject::connect(run.get(), &CompareRun::column_finished,
                     [&](int c, const ChatResult&) { finished_columns.push_back(c); });
    QObject::connect(run.get(), &CompareRun::finished, [&] {
        ++finished_signals;
        EXPECT_EQ(finished_columns.size(), 3U) << "finished comes after every column";
    });
    run->start();
    EXPECT_TRUE(finished_columns.empty()) << "start() emits nothing before it returns";
    test::wait_until([&] { return run->is_finished(); }, "the compare to finish");
    EXPECT_EQ(finished_signals, 1);

    const ChatResult& down = *run->result(0);
    EXPECT_FALSE(down.ok);
    EXPECT_FALSE(down.fallback_used);
    ASSERT_EQ(down.attempts.size(), 2U);
    for (const AttemptRecord& a : down.attempts)
        EXPECT_EQ(a.target, "down") << "the column never leaves its target";
    const ChatResult& quick = *run->result(1);
    ASSERT_TRUE(quick.ok);
    EXPECT_EQ(quick.served_by->target, "quick");
    EXPECT_EQ(quick.attempts.size(), 1U);
    EXPECT_EQ(quick.text, streamed[1]);
    const ChatResult& once = *run->result(2);
    ASSERT_TRUE(once.ok);
    EXPECT_EQ(once.served_by->target, "once");
    ASSERT_EQ(once.attempts.size(), 2U);
    EXPECT_EQ(once.attempts[0].status, 503);
    EXPECT_NE(quick.trace_id, once.trace_id) << "each column is its own request";

    std::vector<CompareReply> replies;
    for (int c = 0; c < 3; ++c) {
        const ChatResult& res = *run->result(c);
        replies.push_back(
            {run->column(c).label, res.ok, false, res.attempts, res.ttft_ms, res.total_ms, res.usage, {}});
    }
    const CompareVerdict v = compare_verdict(replies);
    EXPECT_EQ(v.needed_retries, std::vector<int>{2});
    EXPECT_EQ(v.clean, std::vector<int>{1});
    EXPECT_EQ(v.failed, std::vector<int>{0});
}

TEST(CompareThroughTheClient, CancelEndsEveryColumnOnce) {
    test::AppHarness app;
    test::set_scenario(app.simulator(),
                       R"({"name": "slow", "reply": {"first_token_ms": 60000, "tokens_per_s": 1}})");
    Policy policy = Policy::default_policy();
    policy.targets = {{"a", ProviderKind::Simulator, "", "", {}, false, ""},
                      {"b", ProviderKind::Simulator, "", "", {}, false, ""}};
    app.client().set_policy(policy);
    CompareRun run({{"a", &app.client(), "a"}, {"b", &app.client(), "b"}}, test::user_request());
    int column_signals = 0, finished_signals = 0;
    QObject::connect(&run, &CompareRun::column_finished, [&](int, const ChatResult& r) {
        ++column_signals;
        ASSERT_TRUE(r.error);
        EXPECT_EQ(r.error->error_class, ErrorClass::Cancelled);
    });
    QObject::connect(&run, &CompareRun::finished, [&] { ++finished_signals; });
    run.start();
    test::wait_until(
        [&] {
            return std::count_if(app.events().begin(), app.events().end(), [](const TelemetryEvent& e) {
                       return e.event == EventKind::AttemptStarted;
                   }) == 2;
        },
        "both columns' attempts to start");
    run.cancel();
    EXPECT_EQ(column_signals, 2);
    EXPECT_EQ(finished_signals, 1);
    run.cancel();
    EXPECT_EQ(finished_signals, 1) << "cancel is idempotent";
}

}  // namespace
}  // namespace stormproof
