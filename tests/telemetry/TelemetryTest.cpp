#include <gtest/gtest.h>

#include <QTemporaryDir>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "llm/ChatTypes.h"
#include "resilience/Text.h"
#include "telemetry/EventBus.h"
#include "telemetry/JsonlEventLog.h"
#include "telemetry/Redactor.h"

namespace stormproof {
namespace {

TEST(Redactor, MasksRegisteredSecretsAndKeyShapes) {
    Redactor r;
    r.add_secret("canary-secret-value-42");
    r.add_secret("short");
    EXPECT_EQ(r.redact("key canary-secret-value-42 leaked"), "key [REDACTED] leaked");
    EXPECT_EQ(r.redact("short stays"), "short stays") << "too short to mask safely";
    EXPECT_EQ(r.redact("Incorrect API key provided: sk-proj-abcdef123456"),
              "Incorrect API key provided: [REDACTED]");
    EXPECT_EQ(r.redact("Authorization: Bearer abcdefgh12345678"), "Authorization: [REDACTED]");
    EXPECT_EQ(r.redact("x-api-key: sk-ant-api03-xyz1234567"), "[REDACTED]");
    EXPECT_EQ(r.redact("nothing secret here"), "nothing secret here");
}

// Issue 14: an error body holding "sk-" + 200,000 letters overflowed the stack (std::regex recursed once per
// character). The scanner is linear and iterative; the asan preset's stack is the smallest this runs under.
TEST(Redactor, HugeKeyShapedStringsAreMaskedInConstantStack) {
    const std::string letters(200000, 'a');
    const Redactor r;
    EXPECT_EQ(r.redact("{\"error\": \"bad key sk-" + letters + "\"}"), "{\"error\": \"bad key [REDACTED]\"}");
    EXPECT_EQ(Redactor::redact_shapes("Bearer " + letters), "[REDACTED]");
    EXPECT_EQ(Redactor::redact_shapes("x-api-key: " + letters), "[REDACTED]");
    // Long runs that are not secrets stay as they were.
    const std::string spaces(200000, ' ');
    EXPECT_EQ(Redactor::redact_shapes("Bearer" + spaces + "short"), "Bearer" + spaces + "short");
    const std::string dashes = [] {
        std::string s;
        for (int i = 0; i < 50000; ++i)
            s += "sk-!";
        return s;
    }();
    EXPECT_EQ(Redactor::redact_shapes(dashes), dashes);
}

// The scanner masks what the regex it replaced masked, and nothing else: compared with that regex (in this
// test only: the product has no std::regex) on random short texts made of the shapes' own pieces.
TEST(Redactor, ScannerMatchesTheRegexItReplaced) {
    const std::regex shapes(
        R"((sk-[A-Za-z0-9_\-]{8,})|((Bearer|bearer)\s+[A-Za-z0-9._\-~+/=]{8,})|(x-api-key:\s*\S{8,}))");
    const std::vector<std::string> pieces = {"sk-", "Bearer", "bearer", "x-api-key:", " ",  "\t",       "a",
                                             "Z9",  "_",      "-",      ".",          "~",  "+",        "/",
                                             "=",   "!",      ":",      "\xC3\xA9",   "sk", "abcdefgh", "\n"};
    std::mt19937 rng(14);
    std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
    std::uniform_int_distribution<int> count(0, 14);
    for (int round = 0; round < 20000; ++round) {
        std::string text;
        for (int n = count(rng); n > 0; --n)
            text += pieces[pick(rng)];
        ASSERT_EQ(Redactor::redact_shapes(text),
                  std::regex_replace(text, shapes, std::string(Redactor::kMask)))
            << nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
}

// Issue 14: a response header with invalid UTF-8 (x-request-id: req-\xff\xfe) made the event writer throw
// nlohmann's type_error.316; the same writer serves --events and the dashboard's event export.
TEST(JsonlEventLog, InvalidUtf8InAnyFieldIsWrittenAsReplacementCharacters) {
    TelemetryEvent e;
    e.event = EventKind::AttemptFinished;
    e.trace_id = "t1";
    e.request_id = "req-\xFF\xFE";
    e.detail = "500 caf\xE9";
    e.target = "t\x80";
    std::string line;
    ASSERT_NO_THROW(line = JsonlEventLog::line_for(e, Redactor()));
    ASSERT_EQ(line.back(), '\n');
    const auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["request_id"], "req-\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(j["detail"], "500 caf\xEF\xBF\xBD");
    EXPECT_EQ(j["target"], "t\xEF\xBF\xBD");
}

// The same header through the `chat --json` object (ChatResult::to_json and the one writer).
TEST(ChatResult, JsonWithAnInvalidUtf8RequestIdIsWrittenWithReplacementCharacters) {
    ChatResult r;
    r.ok = false;
    r.text = "partial \xF0\x9F";  // a reply cut inside a character
    r.error = ChatError{ErrorClass::ServerError, 500, "boom \xFF", ""};
    AttemptRecord a;
    a.index = 1;
    a.request_id = "req-\xFF\xFE";
    r.attempts.push_back(a);
    std::string text;
    ASSERT_NO_THROW(text = to_json_text(r.to_json(), 2));
    const auto j = nlohmann::json::parse(text);
    EXPECT_EQ(j["attempts"][0]["request_id"], "req-\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(j["text"], "partial \xEF\xBF\xBD");
    EXPECT_EQ(j["error"]["message"], "boom \xEF\xBF\xBD");
}

TEST(EventBus, DeliversToEverySubscriberAndAllowsUnsubscribingDuringDelivery) {
    EventBus bus;
    int a = 0;
    int b = 0;
    EventBus::SubscriptionId id_a = 0;
    id_a = bus.subscribe([&](const TelemetryEvent&) {
        ++a;
        bus.unsubscribe(id_a);
    });
    bus.subscribe([&](const TelemetryEvent&) { ++b; });
    bus.publish(TelemetryEvent{});
    bus.publish(TelemetryEvent{});
    EXPECT_EQ(a, 1);
    EXPECT_EQ(b, 2);
    EXPECT_EQ(bus.published(), 2U);
}

TEST(EventBus, ALaterSubscriberRemovedDuringDeliveryMissesItAndOneAddedDuringDeliveryWaitsForTheNext) {
    EventBus bus;
    std::vector<std::string> got;
    EventBus::SubscriptionId id_c = 0;
    std::optional<EventBus::Subscription> added;
    bus.subscribe([&](const TelemetryEvent& e) {
        got.push_back("a" + std::to_string(e.ts_ms));
        if (e.ts_ms == 1) {
            bus.unsubscribe(id_c);
            added.emplace(bus,
                          [&](const TelemetryEvent& e2) { got.push_back("d" + std::to_string(e2.ts_ms)); });
        }
    });
    bus.subscribe([&](const TelemetryEvent& e) { got.push_back("b" + std::to_string(e.ts_ms)); });
    id_c = bus.subscribe([&](const TelemetryEvent& e) { got.push_back("c" + std::to_string(e.ts_ms)); });
    TelemetryEvent e;
    e.ts_ms = 1;
    bus.publish(e);
    e.ts_ms = 2;
    bus.publish(e);
    EXPECT_EQ(got, (std::vector<std::string>{"a1", "b1", "a2", "b2", "d2"}));
}

TEST(JsonlEventLog, OneObjectPerLineWithTheContractFieldsAndNoSecrets) {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("events.jsonl")).toStdString();
    EventBus bus;
    Redactor redactor;
    redactor.add_secret("sk-canary-77777777");
    {
        JsonlEventLog log(bus, redactor);
        ASSERT_TRUE(log.open(path));
        TelemetryEvent e;
        e.ts_ms = 1767225600000;
        e.event = EventKind::RetryScheduled;
        e.trace_id = "t1";
        e.target = "primary";
        e.attempt = 1;
        e.status = 429;
        e.error_class = ErrorClass::RateLimited;
        e.delay_ms = 1200;
        e.delay_source = DelaySource::RetryAfterMs;
        e.detail = "429 rate_limit_exceeded: key sk-canary-77777777 over limit";
        bus.publish(e);
        e.event = EventKind::RequestFinished;
        bus.publish(e);
        EXPECT_EQ(log.written(), 2U);
    }
    std::ifstream in(path);
    std::stringstream all;
    all << in.rdbuf();
    EXPECT_EQ(all.str().find("sk-canary"), std::string::npos) << all.str();
    std::istringstream lines(all.str());
    std::string line;
    std::getline(lines, line);
    const auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["event"], "retry_scheduled");
    EXPECT_EQ(j["ts_ms"], 1767225600000);
    EXPECT_EQ(j["trace_id"], "t1");
    EXPECT_EQ(j["delay_ms"], 1200);
    EXPECT_EQ(j["delay_source"], "retry_after_ms");
    EXPECT_FALSE(j.contains("from_state")) << "unset fields are left out";
    std::getline(lines, line);
    EXPECT_EQ(nlohmann::json::parse(line)["event"], "request_finished");
}

TEST(JsonlEventLog, UnwritablePathIsAClearError) {
    EventBus bus;
    Redactor redactor;
    JsonlEventLog log(bus, redactor);
    const Status opened = log.open("/nonexistent-dir/events.jsonl");
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().where, "/nonexistent-dir/events.jsonl");
    const std::string error = opened.error().to_string();
    EXPECT_EQ(error.rfind("/nonexistent-dir/events.jsonl: cannot write events: ", 0), 0U) << error;
    EXPECT_EQ(bus.subscribers(), 0U);
}

}  // namespace
}  // namespace stormproof

namespace stormproof {
namespace {

TEST(WastedUsage, ReportedUsageWinsElseOutputAndPromptAreEstimatedOnlyOnceOutputExists) {
    EXPECT_EQ(estimated_tokens(0), 0);
    EXPECT_EQ(estimated_tokens(1), 1);
    EXPECT_EQ(estimated_tokens(8), 2);
    const Usage none = wasted_usage({}, 400, 0);
    EXPECT_EQ(none.input_tokens, 0) << "refused before generating: nothing billed";
    EXPECT_EQ(none.output_tokens, 0);
    const Usage cut = wasted_usage({}, 400, 40);
    EXPECT_EQ(cut.output_tokens, 10);
    EXPECT_EQ(cut.input_tokens, 100);
    const Usage reported = wasted_usage({12, 0}, 400, 40);  // Anthropic's message_start reports input
    EXPECT_EQ(reported.input_tokens, 12);
    EXPECT_EQ(reported.output_tokens, 10);
    const Usage started = wasted_usage({12, 0}, 400, 0);
    EXPECT_EQ(started.input_tokens, 12) << "the prompt was processed even with no output yet";
}

}  // namespace
}  // namespace stormproof

namespace stormproof {
namespace {

TEST(EventBusSubscription, DestroyingOrResettingItUnsubscribes) {
    EventBus bus;
    int heard = 0;
    {
        auto scoped = bus.subscription([&](const TelemetryEvent&) { ++heard; });
        bus.publish({});
        EXPECT_EQ(bus.subscribers(), 1U);
    }
    EXPECT_EQ(bus.subscribers(), 0U);
    EventBus::Subscription kept = bus.subscription([&](const TelemetryEvent&) { ++heard; });
    EventBus::Subscription moved = std::move(kept);
    bus.publish({});
    moved.reset();
    bus.publish({});
    EXPECT_EQ(heard, 2);
    EXPECT_EQ(bus.subscribers(), 0U);
}

}  // namespace
}  // namespace stormproof
