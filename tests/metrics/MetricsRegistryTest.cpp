// MetricsRegistry: telemetry events in (published on a bus, stamped by the fake clock), Prometheus text out.
// Each case asserts whole exposition lines, exactly as a scraper reads them.
#include "metrics/MetricsRegistry.h"

#include <gtest/gtest.h>

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <functional>
#include <sstream>

#include "resilience/SimulatedTime.h"

namespace stormproof {
namespace {

// Builds the events of requests as ChatCall publishes them, stamped by the fake clock.
struct Feed {
    SimulatedTime& time;
    EventBus& bus;

    TelemetryEvent ev(EventKind kind, const std::string& trace, const std::string& target) const {
        TelemetryEvent e;
        e.ts_ms = time.system_ms();
        e.event = kind;
        e.trace_id = trace;
        e.target = target;
        e.model = target == "backup" ? "claude-test" : "gpt-test";
        return e;
    }
    void started(const std::string& trace, int attempt, const std::string& target, int on_target = 1,
                 bool hedge = false) const {
        auto e = ev(EventKind::AttemptStarted, trace, target);
        e.attempt = attempt;
        e.attempt_on_target = on_target;
        e.hedge = hedge;
        bus.publish(e);
    }
    void ok(const std::string& trace, int attempt, const std::string& target, std::int64_t duration_ms,
            std::int64_t ttft_ms, int input_tokens, int output_tokens) const {
        time.advance_ms(duration_ms);
        auto e = ev(EventKind::AttemptFinished, trace, target);
        e.attempt = attempt;
        e.ok = true;
        e.status = 200;
        e.duration_ms = duration_ms;
        e.ttft_ms = ttft_ms;
        e.input_tokens = input_tokens;
        e.output_tokens = output_tokens;
        bus.publish(e);
    }
    void failed(const std::string& trace, int attempt, const std::string& target, ErrorClass error_class,
                std::int64_t duration_ms) const {
        time.advance_ms(duration_ms);
        auto e = ev(EventKind::AttemptFinished, trace, target);
        e.attempt = attempt;
        e.ok = false;
        e.error_class = error_class;
        e.duration_ms = duration_ms;
        bus.publish(e);
    }
    void finished(const std::string& trace, const std::string& target, bool ok,
                  std::optional<ErrorClass> error_class = {}) const {
        auto e = ev(EventKind::RequestFinished, trace, target);
        e.ok = ok;
        e.error_class = error_class;
        bus.publish(e);
    }
    void plain(EventKind kind, const std::function<void(TelemetryEvent&)>& set = {}) const {
        auto e = ev(kind, "", "primary");
        if (set)
            set(e);
        bus.publish(e);
    }
};

Policy two_targets(bool breakers = true) {
    Policy p;
    TargetConfig primary;
    primary.name = "primary";
    primary.provider = ProviderKind::OpenAI;
    primary.model = "gpt-test";
    TargetConfig backup;
    backup.name = "backup";
    backup.provider = ProviderKind::Anthropic;
    backup.model = "claude-test";
    p.targets = {primary, backup};
    p.resilience.breaker.enabled = breakers;
    return p;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

bool has_line(const std::string& text, const std::string& line) {
    for (const std::string& l : lines_of(text))
        if (l == line)
            return true;
    return false;
}

// Labels of the GenAI histograms for the primary (OpenAI, gpt-test).
const std::string kGpt =
    R"(gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-test")";
const std::string kClaude =
    R"(gen_ai_operation_name="chat",gen_ai_provider_name="anthropic",gen_ai_request_model="claude-test")";

struct Case {
    const char* name;
    bool breakers = true;
    std::function<void(const Feed&)> events;
    std::vector<std::string> present;  // whole lines the exposition must have
    std::vector<std::string> absent;   // line prefixes it must not have
};

// gtest names a case by its name (not its bytes) in ctest's list and in failures.
void PrintTo(const Case& c, std::ostream* os) {
    *os << c.name;
}

const std::vector<Case>& cases() {
    static const std::vector<Case> all = {
        {"ASuccessOnTheFirstAttempt",
         true,
         [](const Feed& f) {
             f.started("t1", 1, "primary");
             f.ok("t1", 1, "primary", 300, 120, 12, 40);
             f.finished("t1", "primary", true);
         },
         {
             R"(stormproof_attempts_total{error_class="none",outcome="success",target="primary"} 1)",
             R"(stormproof_requests_total{outcome="success"} 1)",
             // 0.3 s: above 0.16, within 0.32 (the conventions' boundaries)
             "gen_ai_client_operation_duration_seconds_bucket{" + kGpt + R"(,le="0.16"} 0)",
             "gen_ai_client_operation_duration_seconds_bucket{" + kGpt + R"(,le="0.32"} 1)",
             "gen_ai_client_operation_duration_seconds_bucket{" + kGpt + R"(,le="+Inf"} 1)",
             "gen_ai_client_operation_duration_seconds_count{" + kGpt + "} 1",
             "gen_ai_client_operation_duration_seconds_sum{" + kGpt + "} 0.3",
             "gen_ai_client_operation_time_to_first_chunk_seconds_bucket{" + kGpt + R"(,le="0.08"} 0)",
             "gen_ai_client_operation_time_to_first_chunk_seconds_bucket{" + kGpt + R"(,le="0.16"} 1)",
             "gen_ai_client_operation_time_to_first_chunk_seconds_sum{" + kGpt + "} 0.12",
             // 12 input tokens: above 4, within 16; 40 output: above 16, within 64
             "gen_ai_client_token_usage_bucket{" + kGpt + R"(,gen_ai_token_type="input",le="4"} 0)",
             "gen_ai_client_token_usage_bucket{" + kGpt + R"(,gen_ai_token_type="input",le="16"} 1)",
             "gen_ai_client_token_usage_sum{" + kGpt + R"(,gen_ai_token_type="input"} 12)",
             "gen_ai_client_token_usage_bucket{" + kGpt + R"(,gen_ai_token_type="output",le="16"} 0)",
             "gen_ai_client_token_usage_bucket{" + kGpt + R"(,gen_ai_token_type="output",le="64"} 1)",
             "gen_ai_client_token_usage_sum{" + kGpt + R"(,gen_ai_token_type="output"} 40)",
             R"(stormproof_circuit_state{state="closed",target="primary"} 1)",
             R"(stormproof_circuit_state{state="open",target="primary"} 0)",
             R"(stormproof_circuit_state{state="closed",target="backup"} 1)",
         },
         {"stormproof_retries_total{", "stormproof_fallbacks_total{", "stormproof_shared_state_up",
          "gen_ai_client_operation_duration_seconds_count{error_type"}},
        {"A503ThenARetryThatSucceeds",
         true,
         [](const Feed& f) {
             f.started("t1", 1, "primary");
             f.failed("t1", 1, "primary", ErrorClass::ServerError, 20);
             f.started("t1", 2, "primary", 2);
             f.ok("t1", 2, "primary", 40, 10, 5, 5);
             f.finished("t1", "primary", true);
         },
         {
             R"(stormproof_attempts_total{error_class="server_error",outcome="failure",target="primary"} 1)",
             R"(stormproof_attempts_total{error_class="none",outcome="success",target="primary"} 1)",
             R"(stormproof_retries_total{target="primary"} 1)",
             R"(stormproof_requests_total{outcome="success"} 1)",
             // the failed call has its own series, with OpenTelemetry's error.type
             "gen_ai_client_operation_duration_seconds_count{error_type=\"server_error\"," + kGpt + "} 1",
             "gen_ai_client_operation_duration_seconds_bucket{error_type=\"server_error\"," + kGpt +
                 R"(,le="0.02"} 1)",
             "gen_ai_client_operation_duration_seconds_count{" + kGpt + "} 1",
             // no first chunk, no tokens from the failed attempt
             "gen_ai_client_operation_time_to_first_chunk_seconds_count{" + kGpt + "} 1",
             "gen_ai_client_token_usage_count{" + kGpt + R"(,gen_ai_token_type="output"} 1)",
         },
         {"stormproof_fallbacks_total{", "stormproof_requests_total{outcome=\"failure\"}"}},
        {"TheBreakerOpensAndTheRequestFallsBack",
         true,
         [](const Feed& f) {
             f.started("t1", 1, "primary");
             f.failed("t1", 1, "primary", ErrorClass::Timeout, 5000);
             f.plain(EventKind::BreakerTransition, [](TelemetryEvent& e) {
                 e.from_state = BreakerState::Closed;
                 e.to_state = BreakerState::Open;
                 e.transition_reason = TransitionReason::ConsecutiveFailures;
             });
             f.plain(EventKind::Fallback, [](TelemetryEvent& e) {
                 e.trace_id = "t1";
                 e.from_target = "primary";
                 e.target = "backup";
                 e.reason = DecisionReason::BreakerOpen;
             });
             f.started("t1", 2, "backup");
             f.ok("t1", 2, "backup", 900, 450, 30, 70);
             f.finished("t1", "backup", true);
         },
         {
             R"(stormproof_circuit_state{state="open",target="primary"} 1)",
             R"(stormproof_circuit_state{state="closed",target="primary"} 0)",
             R"(stormproof_circuit_state{state="half_open",target="primary"} 0)",
             R"(stormproof_circuit_state{state="closed",target="backup"} 1)",
             R"(stormproof_fallbacks_total{from_target="primary",reason="breaker_open",to_target="backup"} 1)",
             R"(stormproof_attempts_total{error_class="timeout",outcome="failure",target="primary"} 1)",
             R"(stormproof_attempts_total{error_class="none",outcome="success",target="backup"} 1)",
             // the backup's provider is Anthropic, from the policy
             "gen_ai_client_operation_duration_seconds_bucket{" + kClaude + R"(,le="0.64"} 0)",
             "gen_ai_client_operation_duration_seconds_bucket{" + kClaude + R"(,le="1.28"} 1)",
             "gen_ai_client_operation_duration_seconds_bucket{error_type=\"timeout\"," + kGpt +
                 R"(,le="5.12"} 1)",
         },
         {"stormproof_retries_total{"}},
        {"TheRetryBudgetRefuses",
         true,
         [](const Feed& f) {
             f.started("t1", 1, "primary");
             f.failed("t1", 1, "primary", ErrorClass::RateLimited, 30);
             f.plain(EventKind::BudgetDenied, [](TelemetryEvent& e) { e.trace_id = "t1"; });
             f.finished("t1", "primary", false, ErrorClass::RateLimited);
         },
         {
             R"(stormproof_retry_budget_rejections_total{target="primary"} 1)",
             R"(stormproof_requests_total{outcome="failure"} 1)",
             R"(stormproof_attempts_total{error_class="rate_limited",outcome="failure",target="primary"} 1)",
         },
         {"stormproof_retries_total{"}},
        {"AHedgesLoserIsCountedOnceAsCancelledAndAHedgeIsNoRetry",
         true,
         [](const Feed& f) {
             f.started("t1", 1, "primary");
             f.started("t1", 2, "primary", 2, true);
             f.ok("t1", 2, "primary", 100, 50, 5, 5);
             // the loser: hedge_cancelled, then its own attempt_finished as cancelled
             f.plain(EventKind::HedgeCancelled, [](TelemetryEvent& e) {
                 e.trace_id = "t1";
                 e.attempt = 1;
             });
             f.failed("t1", 1, "primary", ErrorClass::Cancelled, 100);
             f.finished("t1", "primary", true);
         },
         {
             R"(stormproof_attempts_total{error_class="cancelled",outcome="cancelled",target="primary"} 1)",
             R"(stormproof_attempts_total{error_class="none",outcome="success",target="primary"} 1)",
         },
         {"stormproof_retries_total{"}},
        {"AttemptsStillRunningWhenTheRequestEndsAreCancelled",
         true,
         [](const Feed& f) {
             f.started("t1", 1, "primary");
             f.started("t1", 2, "backup", 1, true);
             f.ok("t1", 2, "backup", 100, 50, 5, 5);
             f.finished("t1", "backup", true);
             // a request the person stopped
             f.started("t2", 1, "primary");
             f.finished("t2", "primary", false, ErrorClass::Cancelled);
         },
         {
             R"(stormproof_attempts_total{error_class="cancelled",outcome="cancelled",target="primary"} 2)",
             R"(stormproof_attempts_total{error_class="none",outcome="success",target="backup"} 1)",
             R"(stormproof_requests_total{outcome="success"} 1)",
             R"(stormproof_requests_total{outcome="cancelled"} 1)",
         },
         {}},
        {"BreakersTurnedOffReadDisabled",
         false,
         [](const Feed&) {},
         {
             R"(stormproof_circuit_state{state="disabled",target="primary"} 1)",
             R"(stormproof_circuit_state{state="closed",target="primary"} 0)",
         },
         {}},
        {"TheSharedStateLinkFollowsItsEvents",
         true,
         [](const Feed& f) {
             f.plain(EventKind::SharedStateChanged, [](TelemetryEvent& e) { e.ok = true; });
             f.plain(EventKind::SharedStateChanged, [](TelemetryEvent& e) {
                 e.ok = false;
                 e.detail = "redis: connection refused";
             });
         },
         {"# TYPE stormproof_shared_state_up gauge", "stormproof_shared_state_up 0"},
         {"stormproof_shared_state_up 1"}},
        {"TheSharedStateLinkUp",
         true,
         [](const Feed& f) {
             f.plain(EventKind::SharedStateChanged, [](TelemetryEvent& e) { e.ok = true; });
         },
         {"stormproof_shared_state_up 1"},
         {"stormproof_shared_state_up 0"}},
    };
    return all;
}

class MetricsCase : public ::testing::TestWithParam<Case> {};

TEST_P(MetricsCase, ExpositionLines) {
    const Case& c = GetParam();
    SimulatedTime time;
    EventBus bus;
    MetricsRegistry metrics(bus);
    metrics.set_policy(two_targets(c.breakers));
    c.events(Feed{time, bus});
    const std::string text = metrics.exposition();
    for (const std::string& line : c.present)
        EXPECT_TRUE(has_line(text, line)) << "missing: " << line << "\n--- exposition:\n" << text;
    for (const std::string& prefix : c.absent) {
        for (const std::string& l : lines_of(text))
            EXPECT_NE(l.rfind(prefix, 0), 0u) << "unexpected: " << l;
    }
}

INSTANTIATE_TEST_SUITE_P(Events, MetricsCase, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& case_info) {
                             return std::string(case_info.param.name);
                         });

TEST(MetricsRegistryTest, SharedStateIsAbsentUntilConfiguredThenZeroUntilUp) {
    EventBus bus;
    MetricsRegistry metrics(bus);
    EXPECT_EQ(metrics.exposition().find("stormproof_shared_state_up"), std::string::npos);
    metrics.set_shared_state_configured(true);
    EXPECT_TRUE(has_line(metrics.exposition(), "stormproof_shared_state_up 0"));
    metrics.set_shared_state_configured(false);
    EXPECT_EQ(metrics.exposition().find("stormproof_shared_state_up"), std::string::npos);
}

TEST(MetricsRegistryTest, ModelAndTargetLabelsAreCappedAndTheRestFoldIntoOther) {
    SimulatedTime time;
    EventBus bus;
    MetricsRegistry metrics(bus);
    const Feed f{time, bus};
    const std::size_t n = MetricsRegistry::kMaxModels + 10;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string trace = "t" + std::to_string(i);
        const std::string name = "caller-" + std::to_string(i);
        TelemetryEvent s = f.ev(EventKind::AttemptStarted, trace, name);
        s.attempt = 1;
        s.model = "model-" + std::to_string(i);
        bus.publish(s);
        TelemetryEvent e = f.ev(EventKind::AttemptFinished, trace, name);
        e.attempt = 1;
        e.model = s.model;
        e.ok = true;
        e.duration_ms = 100;
        bus.publish(e);
    }
    const std::string text = metrics.exposition();
    std::set<std::string> models, targets;
    for (const std::string& l : lines_of(text)) {
        if (l.rfind("gen_ai_client_operation_duration_seconds_count{", 0) == 0) {
            const auto at = l.find("gen_ai_request_model=\"") + 22;
            models.insert(l.substr(at, l.find('"', at) - at));
        }
        if (l.rfind("stormproof_attempts_total{", 0) == 0) {
            const auto at = l.find("target=\"") + 8;
            targets.insert(l.substr(at, l.find('"', at) - at));
        }
    }
    EXPECT_EQ(models.size(), MetricsRegistry::kMaxModels + 1);
    EXPECT_EQ(targets.size(), MetricsRegistry::kMaxTargets + 1);
    EXPECT_TRUE(models.count("_other"));
    EXPECT_TRUE(targets.count("_other"));
    // The ten past the cap are counted, under _other.
    EXPECT_TRUE(has_line(
        text, R"(stormproof_attempts_total{error_class="none",outcome="success",target="_other"} 10)"))
        << text;
}

TEST(MetricsRegistryTest, LabelValuesAreValidUtf8AndBounded) {
    SimulatedTime time;
    EventBus bus;
    MetricsRegistry metrics(bus);
    const Feed f{time, bus};
    TelemetryEvent s =
        f.ev(EventKind::AttemptStarted, "t1", std::string("bad\xff\"quote\"\nline") + std::string(500, 'x'));
    s.attempt = 1;
    bus.publish(s);
    TelemetryEvent e = s;
    e.event = EventKind::AttemptFinished;
    e.ok = true;
    bus.publish(e);
    const std::string text = metrics.exposition();
    // U+FFFD for the bad byte, cut at 128 bytes; the quotes and the newline escaped by the serializer.
    const std::string kept = "bad\xEF\xBF\xBD\"quote\"\nline";
    const std::string expected_target = "bad\xEF\xBF\xBD\\\"quote\\\"\\nline" +
                                        std::string(MetricsRegistry::kMaxLabelBytes - kept.size(), 'x');
    EXPECT_TRUE(
        has_line(text, "stormproof_attempts_total{error_class=\"none\",outcome=\"success\",target=\"" +
                           expected_target + "\"} 1"))
        << text;
}

TEST(MetricsRegistryTest, RequestsThatNeverEndDoNotHoldMemoryForEver) {
    SimulatedTime time;
    EventBus bus;
    MetricsRegistry metrics(bus);
    const Feed f{time, bus};
    // One more request than the bound starts an attempt and never ends (its caller went away): the oldest
    // is let go, its attempt counted as cancelled, so the count of attempts stays whole.
    for (std::size_t i = 0; i <= MetricsRegistry::kMaxOpenRequests; ++i)
        f.started("t" + std::to_string(i), 1, "primary");
    EXPECT_TRUE(has_line(
        metrics.exposition(),
        R"(stormproof_attempts_total{error_class="cancelled",outcome="cancelled",target="primary"} 1)"));
    // Its late attempt_finished is not counted twice.
    f.failed("t0", 1, "primary", ErrorClass::ServerError, 10);
    EXPECT_EQ(metrics.exposition().find(R"(outcome="failure")"), std::string::npos);
}

TEST(MetricsRegistryTest, TheSubscriptionEndsWithTheRegistry) {
    EventBus bus;
    {
        MetricsRegistry metrics(bus);
        EXPECT_EQ(bus.subscribers(), 1u);
    }
    EXPECT_EQ(bus.subscribers(), 0u);
}

// promtool (Debian's prometheus package), Prometheus's own checker, on a real exposition with every family
// populated. Not skipped when it is missing: scripts/setup installs it.
TEST(MetricsRegistryTest, PromtoolAcceptsTheExposition) {
    const QString promtool = QStandardPaths::findExecutable("promtool", {"/usr/bin"}).isEmpty()
                                 ? QStandardPaths::findExecutable("promtool")
                                 : QStandardPaths::findExecutable("promtool", {"/usr/bin"});
    ASSERT_FALSE(promtool.isEmpty()) << "promtool not found: run scripts/setup (Debian's prometheus package)";
    SimulatedTime time;
    EventBus bus;
    MetricsRegistry metrics(bus);
    metrics.set_policy(two_targets());
    metrics.set_shared_state_configured(true);
    for (const Case& c : cases())
        c.events(Feed{time, bus});
    const std::string text = metrics.exposition();
    for (const char* family :
         {"gen_ai_client_operation_duration_seconds", "gen_ai_client_token_usage",
          "gen_ai_client_operation_time_to_first_chunk_seconds", "stormproof_attempts_total",
          "stormproof_retries_total", "stormproof_fallbacks_total",
          "stormproof_retry_budget_rejections_total", "stormproof_circuit_state",
          "stormproof_shared_state_up", "stormproof_requests_total"}) {
        EXPECT_TRUE(has_line(text, std::string("# TYPE ") + family +
                                       (std::string(family).find("total") != std::string::npos ? " counter"
                                        : std::string(family).rfind("stormproof_", 0) == 0     ? " gauge"
                                                                                           : " histogram")))
            << family;
    }
    QProcess check;
    check.start(promtool, {"check", "metrics"});
    ASSERT_TRUE(check.waitForStarted()) << promtool.toStdString();
    check.write(text.data(), static_cast<qint64>(text.size()));
    check.closeWriteChannel();
    ASSERT_TRUE(check.waitForFinished(-1));  // a hang is ended by ctest's TIMEOUT
    const QByteArray said = check.readAllStandardOutput() + check.readAllStandardError();
    EXPECT_EQ(check.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(check.exitCode(), 0) << said.toStdString() << "\n--- exposition:\n" << text;
    EXPECT_TRUE(said.trimmed().isEmpty()) << "promtool's lint: " << said.toStdString();
}

}  // namespace
}  // namespace stormproof
