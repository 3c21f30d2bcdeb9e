#include "resilience/RequestExecution.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <sstream>

#include "resilience/SeededRandom.h"
#include "resilience/ServerHintParser.h"
#include "resilience/SimulatedTime.h"

namespace stormproof {
namespace {

AttemptOutcome ok() {
    AttemptOutcome o;
    o.http_status = 200;
    o.received_first_token = true;
    o.ttft_ms = 50;
    o.duration_ms = 200;
    return o;
}

AttemptOutcome http(int status, const std::string& body = {}, HttpHeaders headers = {}) {
    AttemptOutcome o;
    o.http_status = status;
    o.provider_error = ProviderError::parse(body);
    o.hints = ServerHintParser::parse(headers, SimulatedTime::kDefaultSystemEpochMs, status == 429);
    o.duration_ms = 30;
    return o;
}

AttemptOutcome transport(TransportError error) {
    AttemptOutcome o;
    o.transport = error;
    o.duration_ms = 30;
    return o;
}

// One entry of a request's ordered log, as the driver sees it: a decision (kind, reason, class, the attempt
// it follows, where the next attempt goes, the wait and where the wait came from), an attempt started, a
// wait, a hedge timer armed, attempts cancelled, the end. A scenario states its whole log and the test
// compares it whole (Qt Creator's tst_tasking): a missing, extra or reordered entry fails, with a readable
// diff.
struct LogEntry {
    enum class Type { Decide, Start, Wait, HedgeAfter, Cancel, Finished };
    Type type = Type::Finished;
    // Decide
    DecisionKind kind = DecisionKind::Fail;
    DecisionReason reason = DecisionReason::NotRetryable;
    std::optional<ErrorClass> error_class;
    int after_attempt =
        0;  // Decide: the attempt the decision follows; Start, HedgeAfter, Cancel: the attempt
    int to_target = -1;
    std::int64_t delay_ms = 0;  // Decide: the decided delay; Wait, HedgeAfter: how long
    DelaySource delay_source = DelaySource::None;
    // Start
    int target = 0;
    int key = 0;
    int attempt_on_target = 0;
    bool hedge = false;
    bool last_resort = false;
    StreamResume resume = StreamResume::None;

    bool operator==(const LogEntry&) const = default;
};

// The table's words for each entry. decide(attempt, kind, reason, class, to_target, delay_ms, source).
LogEntry decide(int after_attempt, DecisionKind kind, DecisionReason reason,
                std::optional<ErrorClass> error_class, int to_target = -1, std::int64_t delay_ms = 0,
                DelaySource source = DelaySource::None) {
    LogEntry e;
    e.type = LogEntry::Type::Decide;
    e.after_attempt = after_attempt;
    e.kind = kind;
    e.reason = reason;
    e.error_class = error_class;
    e.to_target = to_target;
    e.delay_ms = delay_ms;
    e.delay_source = source;
    return e;
}
// start(attempt_id, target, key, attempt_on_target[, resume][, hedge])
LogEntry start(int attempt, int target, int key, int attempt_on_target,
               StreamResume resume = StreamResume::None, bool hedge = false) {
    LogEntry e;
    e.type = LogEntry::Type::Start;
    e.after_attempt = attempt;
    e.target = target;
    e.key = key;
    e.attempt_on_target = attempt_on_target;
    e.resume = resume;
    e.hedge = hedge;
    return e;
}
// An attempt started although its breaker is open: every target left was, and this one reopens soonest.
LogEntry last_resort_start(int attempt, int target, int key, int attempt_on_target) {
    LogEntry e = start(attempt, target, key, attempt_on_target);
    e.last_resort = true;
    return e;
}
LogEntry wait(std::int64_t ms) {
    LogEntry e;
    e.type = LogEntry::Type::Wait;
    e.delay_ms = ms;
    return e;
}
LogEntry hedge_after(std::int64_t ms, int attempt) {
    LogEntry e;
    e.type = LogEntry::Type::HedgeAfter;
    e.delay_ms = ms;
    e.after_attempt = attempt;
    return e;
}
LogEntry cancel_attempt(int attempt) {
    LogEntry e;
    e.type = LogEntry::Type::Cancel;
    e.after_attempt = attempt;
    return e;
}
LogEntry finished() {
    return LogEntry{};
}

std::string describe(const LogEntry& e) {
    std::ostringstream out;
    switch (e.type) {
        case LogEntry::Type::Decide:
            out << "decide after #" << e.after_attempt << ": " << to_string(e.kind) << " ("
                << to_string(e.reason) << ")";
            if (e.error_class)
                out << " class=" << to_string(*e.error_class);
            if (e.to_target >= 0)
                out << " to_target=" << e.to_target;
            if (e.delay_ms != 0 || e.delay_source != DelaySource::None)
                out << " delay=" << e.delay_ms << "ms source=" << to_string(e.delay_source);
            break;
        case LogEntry::Type::Start:
            out << "start #" << e.after_attempt << " target=" << e.target << " key=" << e.key
                << " attempt_on_target=" << e.attempt_on_target;
            if (e.resume == StreamResume::Restart)
                out << " resume=restart";
            if (e.resume == StreamResume::Continue)
                out << " resume=continue";
            if (e.hedge)
                out << " hedge";
            if (e.last_resort)
                out << " last_resort";
            break;
        case LogEntry::Type::Wait:
            out << "wait " << e.delay_ms << "ms";
            break;
        case LogEntry::Type::HedgeAfter:
            out << "hedge timer for #" << e.after_attempt << " in " << e.delay_ms << "ms";
            break;
        case LogEntry::Type::Cancel:
            out << "cancel #" << e.after_attempt;
            break;
        case LogEntry::Type::Finished:
            out << "finished";
            break;
    }
    return out.str();
}

// The whole log as numbered lines, the first difference marked: what a failing comparison prints.
std::string log_diff(const std::vector<LogEntry>& expected, const std::vector<LogEntry>& actual) {
    std::ostringstream out;
    out << "ordered log differs (expected | actual):\n";
    const std::size_t n = std::max(expected.size(), actual.size());
    bool marked = false;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string want = i < expected.size() ? describe(expected[i]) : "(nothing)";
        const std::string got = i < actual.size() ? describe(actual[i]) : "(nothing)";
        const bool same = i < expected.size() && i < actual.size() && expected[i] == actual[i];
        out << (same ? "    " : (marked ? " !  " : ">>> ")) << i << ": " << want;
        if (!same)
            out << "  |  " << got;
        out << "\n";
        marked |= !same;
    }
    return out.str();
}

// Appends what one step says to a log, in the order a driver acts on it: decisions, cancellations, the
// attempt to start, the hedge timer, the wait, the end.
void append_step(std::vector<LogEntry>& log, const Step& step) {
    for (const Decision& d : step.decisions)
        log.push_back(
            decide(d.attempt_id, d.kind, d.reason, d.error_class, d.to_target, d.delay_ms, d.delay_source));
    for (int id : step.cancel_attempts)
        log.push_back(cancel_attempt(id));
    if (step.start) {
        const AttemptSpec& a = *step.start;
        LogEntry entry =
            start(a.attempt_id, a.target_index, a.key_index, a.attempt_on_target, a.resume, a.hedge);
        entry.last_resort = a.last_resort;
        log.push_back(entry);
    }
    if (step.hedge_after_ms)
        log.push_back(hedge_after(*step.hedge_after_ms, step.hedge_for_attempt));
    if (step.wait_ms)
        log.push_back(wait(*step.wait_ms));
    if (step.finished)
        log.push_back(finished());
}

// For tests that drive the engine by hand: records every step they receive, in order, and hands it on.
struct Recorder {
    std::vector<LogEntry> log;
    Step operator()(Step step) {
        append_step(log, step);
        return step;
    }
};

#define EXPECT_LOG(expected, actual) EXPECT_TRUE((expected) == (actual)) << log_diff((expected), (actual))

class RequestExecutionTest : public ::testing::Test {
protected:
    SimulatedTime time;
    SeededRandom random{2026};
    ResiliencePolicy policy;
    std::vector<ExecutionTarget> targets{{"primary", 1}, {"backup", 1}};
    std::unique_ptr<ResilienceState> state;
    std::vector<BreakerTransition> transitions;

    void SetUp() override {
        policy.retry.backoff.jitter = JitterKind::None;  // exact delays unless a test asks for jitter
    }

    RequestExecution make() {
        if (!state) {
            state = std::make_unique<ResilienceState>(policy);
            state->set_transition_listener([this](const BreakerTransition& t) { transitions.push_back(t); });
        }
        return RequestExecution(policy, targets, *state, time, random, RequestIdentity::generate(random),
                                "conv-1");
    }

    // Runs a request to completion: each attempt gets the next scripted outcome (the last one repeats);
    // waits pass on the fake clock. Returns every decision made and every attempt started.
    struct Run {
        std::vector<Decision> decisions;
        std::vector<AttemptSpec> attempts;
        std::vector<LogEntry> log;  // the whole ordered log (append_step)
        std::int64_t elapsed_ms = 0;
        Decision last() const {
            EXPECT_FALSE(decisions.empty()) << "no decision at all";
            return decisions.empty() ? Decision{} : decisions.back();
        }
    };
    Run run(RequestExecution& e, std::vector<AttemptOutcome> script) {
        Run r;
        const std::int64_t start = time.steady_ms();
        std::size_t next = 0;
        Step step = e.begin();
        for (int guard = 0; guard < 200; ++guard) {
            r.decisions.insert(r.decisions.end(), step.decisions.begin(), step.decisions.end());
            append_step(r.log, step);
            if (step.finished)
                break;
            if (step.start) {
                r.attempts.push_back(*step.start);
                const AttemptOutcome& o = script[std::min(next++, script.size() - 1)];
                time.advance_ms(o.duration_ms);
                step = e.on_attempt_finished(step.start->attempt_id, o);
            } else if (step.wait_ms) {
                time.advance_ms(*step.wait_ms);
                step = e.resume();
            } else {
                ADD_FAILURE() << "a step that is neither finished, a start nor a wait";
                break;
            }
        }
        r.elapsed_ms = time.steady_ms() - start;
        EXPECT_TRUE(e.finished());
        return r;
    }
};

// --- scenarios as whole ordered logs ---

// One scenario: the policy and targets, the breakers' and estimators' state before the request, the outcome
// of each attempt in turn (the last repeats), and everything the request must do, in order.
struct EngineCase {
    const char* name;
    std::function<void(ResiliencePolicy&, std::vector<ExecutionTarget>&)> configure;
    std::function<void(ResilienceState&, SimulatedTime&)> prepare;  // after the state exists, before begin()
    std::vector<AttemptOutcome> script;
    std::vector<LogEntry> log;
    std::int64_t elapsed_ms;  // on the fake clock: attempts take their duration_ms, waits their wait
    std::optional<int> served_by;
    std::optional<ErrorClass> final_error;
};
void PrintTo(const EngineCase& c, std::ostream* os) {
    *os << c.name;
}

void (*const kDefaults)(ResiliencePolicy&, std::vector<ExecutionTarget>&) = nullptr;
void (*const kFreshState)(ResilienceState&, SimulatedTime&) = nullptr;
void only_target(ResiliencePolicy&, std::vector<ExecutionTarget>& targets) {
    targets = {{"only", 1}};
}

class EngineScenario : public RequestExecutionTest, public ::testing::WithParamInterface<EngineCase> {};

TEST_P(EngineScenario, LogsExactlyThis) {
    const EngineCase& c = GetParam();
    if (c.configure)
        c.configure(policy, targets);
    auto e = make();
    if (c.prepare)
        c.prepare(*state, time);
    const Run r = run(e, c.script);
    EXPECT_LOG(c.log, r.log);
    EXPECT_EQ(r.elapsed_ms, c.elapsed_ms);
    EXPECT_EQ(e.served_by(), c.served_by);
    EXPECT_EQ(e.final_error(), c.final_error);
}

using K = DecisionKind;
using R = DecisionReason;
using C = ErrorClass;
using S = DelaySource;
const HttpHeaders kRetryAfter300{{"retry-after", "300"}};
// TimeoutsAreBoundedSeparately's log holds exactly this many attempts: timeouts have their own, lower cap.
static_assert(RetryConfig::kDefaultTimeoutAttempts == 2);

INSTANTIATE_TEST_SUITE_P(
    Table, EngineScenario,
    ::testing::Values(EngineCase{"SuccessAtFirstTry",
                                 kDefaults,
                                 kFreshState,
                                 {ok()},
                                 {start(1, 0, 0, 1), decide(1, K::Success, R::Succeeded, std::nullopt),
                                  finished()},
                                 200,
                                 0,
                                 std::nullopt},
                      EngineCase{"ServerErrorsBackOffExponentiallyThenSucceed",
                                 kDefaults,
                                 kFreshState,
                                 {http(503), http(503), http(503), ok()},
                                 {start(1, 0, 0, 1),
                                  decide(1, K::Retry, R::RetryableError, C::ServerError, 0, 1000, S::Backoff),
                                  wait(1000), start(2, 0, 0, 2),
                                  decide(2, K::Retry, R::RetryableError, C::ServerError, 0, 2000, S::Backoff),
                                  wait(2000), start(3, 0, 0, 3),
                                  decide(3, K::Retry, R::RetryableError, C::ServerError, 0, 4000, S::Backoff),
                                  wait(4000), start(4, 0, 0, 4),
                                  decide(4, K::Success, R::Succeeded, std::nullopt), finished()},
                                 7290,
                                 0,
                                 std::nullopt},
                      EngineCase{
                          "RateLimitWaitsExactlyAsToldByRetryAfterMs",
                          kDefaults,
                          kFreshState,
                          {http(429, "", {{"retry-after-ms", "1234"}, {"retry-after", "9"}}), ok()},
                          {start(1, 0, 0, 1),
                           decide(1, K::Retry, R::RetryableError, C::RateLimited, 0, 1234, S::RetryAfterMs),
                           wait(1234), start(2, 0, 0, 2), decide(2, K::Success, R::Succeeded, std::nullopt),
                           finished()},
                          1464,
                          0,
                          std::nullopt},
                      EngineCase{
                          "RateLimitWaitsForTheResetWhenThereIsNoRetryAfter",
                          kDefaults,
                          kFreshState,
                          {http(429, "",
                                {{"x-ratelimit-remaining-requests", "0"},
                                 {"x-ratelimit-reset-requests", "2s"}}),
                           ok()},
                          {start(1, 0, 0, 1),
                           decide(1, K::Retry, R::RetryableError, C::RateLimited, 0, 2000, S::RateLimitReset),
                           wait(2000), start(2, 0, 0, 2), decide(2, K::Success, R::Succeeded, std::nullopt),
                           finished()},
                          2230,
                          0,
                          std::nullopt},
                      EngineCase{"ZeroRetryAfterFallsBackToBackoff",
                                 kDefaults,
                                 kFreshState,
                                 {http(429, "", {{"retry-after", "0"}}), ok()},
                                 {start(1, 0, 0, 1),
                                  decide(1, K::Retry, R::RetryableError, C::RateLimited, 0, 1000, S::Backoff),
                                  wait(1000), start(2, 0, 0, 2),
                                  decide(2, K::Success, R::Succeeded, std::nullopt), finished()},
                                 1230,
                                 0,
                                 std::nullopt},
                      EngineCase{
                          "RetryAfterAboveTheCapGoesToTheNextTargetAtOnce",
                          kDefaults,
                          kFreshState,
                          {http(429, "", kRetryAfter300), ok()},
                          {start(1, 0, 0, 1), decide(1, K::Fallback, R::HintAboveCap, C::RateLimited, 1),
                           start(2, 1, 0, 1), decide(2, K::Success, R::Succeeded, std::nullopt), finished()},
                          230,
                          1,
                          std::nullopt},
                      EngineCase{"RetryAfterAboveTheCapFailsFastWhenNoTargetIsLeft",
                                 only_target,
                                 kFreshState,
                                 {http(429, "", {{"retry-after", "3600"}})},
                                 {start(1, 0, 0, 1), decide(1, K::Fail, R::HintAboveCap, C::RateLimited),
                                  finished()},
                                 30,
                                 std::nullopt,
                                 C::RateLimited},
                      EngineCase{"RetryAfterAboveTheCapWithFailAction",
                                 [](ResiliencePolicy& p,
                                    auto&) { p.retry.on_retry_after_above_max = AboveMaxAction::Fail; },
                                 kFreshState,
                                 {http(429, "", kRetryAfter300)},
                                 {start(1, 0, 0, 1), decide(1, K::Fail, R::HintAboveCap, C::RateLimited),
                                  finished()},
                                 30,
                                 std::nullopt,
                                 C::RateLimited},
                      EngineCase{"RetryAfterAboveTheCapWithWaitMaxWaitsTheCap",
                                 [](ResiliencePolicy& p, auto&) {
                                     p.retry.on_retry_after_above_max = AboveMaxAction::WaitMax;
                                     p.retry.max_retry_after_ms = 5000;
                                 },
                                 kFreshState,
                                 {http(429, "", kRetryAfter300), ok()},
                                 {start(1, 0, 0, 1),
                                  decide(1, K::Retry, R::RetryableError, C::RateLimited, 0, 5000,
                                         S::RetryAfter),
                                  wait(5000), start(2, 0, 0, 2),
                                  decide(2, K::Success, R::Succeeded, std::nullopt), finished()},
                                 5230,
                                 0,
                                 std::nullopt},
                      EngineCase{"IgnoringRetryAfterUsesBackoff",
                                 [](ResiliencePolicy& p, auto&) { p.retry.honor_retry_after = false; },
                                 kFreshState,
                                 {http(429, "", {{"retry-after", "20"}}), ok()},
                                 {start(1, 0, 0, 1),
                                  decide(1, K::Retry, R::RetryableError, C::RateLimited, 0, 1000, S::Backoff),
                                  wait(1000), start(2, 0, 0, 2),
                                  decide(2, K::Success, R::Succeeded, std::nullopt), finished()},
                                 1230,
                                 0,
                                 std::nullopt},
                      EngineCase{
                          "BadRequestStopsAtOnceWithoutFallback",
                          kDefaults,
                          kFreshState,
                          {http(400, R"({"error":{"message":"bad temperature"}})")},
                          {start(1, 0, 0, 1), decide(1, K::Fail, R::NotRetryable, C::BadRequest), finished()},
                          30,
                          std::nullopt,
                          C::BadRequest},
                      EngineCase{
                          "QuotaExhaustedIsNeverRetriedAndFallsBack",
                          kDefaults,
                          kFreshState,
                          {http(429, R"({"error":{"code":"insufficient_quota","type":"insufficient_quota"}})",
                                {{"retry-after", "1"}}),
                           ok()},
                          {start(1, 0, 0, 1), decide(1, K::Fallback, R::NotRetryable, C::QuotaExhausted, 1),
                           start(2, 1, 0, 1), decide(2, K::Success, R::Succeeded, std::nullopt), finished()},
                          230,
                          1,
                          std::nullopt},
                      EngineCase{
                          "ContextLengthFallsBackToTheNextTarget",
                          kDefaults,
                          kFreshState,
                          {http(400, R"({"error":{"code":"context_length_exceeded"}})"), ok()},
                          {start(1, 0, 0, 1), decide(1, K::Fallback, R::NotRetryable, C::ContextLength, 1),
                           start(2, 1, 0, 1), decide(2, K::Success, R::Succeeded, std::nullopt), finished()},
                          230,
                          1,
                          std::nullopt},
                      EngineCase{
                          "AuthFailureRotatesKeysThenFallsBack",
                          [](ResiliencePolicy&, std::vector<ExecutionTarget>& chain) {
                              chain = {{"primary", 3}, {"backup", 1}};
                          },
                          kFreshState,
                          {http(401), http(401), http(401), ok()},
                          {start(1, 0, 0, 1), decide(1, K::NextKey, R::KeyRotation, C::Auth, 0),
                           start(2, 0, 1, 2), decide(2, K::NextKey, R::KeyRotation, C::Auth, 0),
                           start(3, 0, 2, 3), decide(3, K::Fallback, R::NotRetryable, C::Auth, 1),
                           start(4, 1, 0, 1), decide(4, K::Success, R::Succeeded, std::nullopt), finished()},
                          290,
                          1,
                          std::nullopt},
                      EngineCase{
                          "RateLimitRotatesToTheNextKeyBeforeWaiting",
                          [](ResiliencePolicy&, std::vector<ExecutionTarget>& chain) {
                              chain = {{"primary", 2}};
                          },
                          kFreshState,
                          {http(429, "", {{"retry-after", "2"}}), http(429, "", {{"retry-after", "2"}}),
                           ok()},
                          {start(1, 0, 0, 1), decide(1, K::NextKey, R::KeyRotation, C::RateLimited, 0),
                           start(2, 0, 1, 2),
                           decide(2, K::Retry, R::RetryableError, C::RateLimited, 0, 2000, S::RetryAfter),
                           wait(2000), start(3, 0, 1, 3), decide(3, K::Success, R::Succeeded, std::nullopt),
                           finished()},
                          2260,
                          0,
                          std::nullopt},
                      EngineCase{
                          "AttemptsExhaustedFallsBackThenFailsWithTheLastClass",
                          [](ResiliencePolicy& p, auto&) { p.retry.max_attempts = 2; },
                          kFreshState,
                          {http(500)},
                          {start(1, 0, 0, 1),
                           decide(1, K::Retry, R::RetryableError, C::ServerError, 0, 1000, S::Backoff),
                           wait(1000), start(2, 0, 0, 2),
                           decide(2, K::Fallback, R::AttemptsExhausted, C::ServerError, 1), start(3, 1, 0, 1),
                           decide(3, K::Retry, R::RetryableError, C::ServerError, 1, 1000, S::Backoff),
                           wait(1000), start(4, 1, 0, 2),
                           decide(4, K::Fail, R::AttemptsExhausted, C::ServerError), finished()},
                          2120,
                          std::nullopt,
                          C::ServerError},
                      EngineCase{"TimeoutsAreBoundedSeparately",
                                 only_target,
                                 kFreshState,
                                 {transport(TransportError::FirstTokenTimeout)},
                                 {start(1, 0, 0, 1),
                                  decide(1, K::Retry, R::RetryableError, C::Timeout, 0, 1000, S::Backoff),
                                  wait(1000), start(2, 0, 0, 2),
                                  decide(2, K::Fail, R::AttemptsExhausted, C::Timeout), finished()},
                                 1060,
                                 std::nullopt,
                                 C::Timeout},
                      EngineCase{"ShouldRetryFalseOverridesARetryableClass",
                                 only_target,
                                 kFreshState,
                                 {http(503, "", {{"x-should-retry", "false"}})},
                                 {start(1, 0, 0, 1),
                                  decide(1, K::Fail, R::ServerForbadeRetry, C::ServerError), finished()},
                                 30,
                                 std::nullopt,
                                 C::ServerError},
                      EngineCase{
                          "ShouldRetryTrueOverridesANonRetryableClass",
                          only_target,
                          kFreshState,
                          {http(400, "", {{"x-should-retry", "true"}}), ok()},
                          {start(1, 0, 0, 1),
                           decide(1, K::Retry, R::ServerRequestedRetry, C::BadRequest, 0, 1000, S::Backoff),
                           wait(1000), start(2, 0, 0, 2), decide(2, K::Success, R::Succeeded, std::nullopt),
                           finished()},
                          1230,
                          0,
                          std::nullopt},
                      EngineCase{
                          "OpenBreakerSkipsItsTargetWithoutAnAttempt",
                          kDefaults,
                          [](ResilienceState& s, SimulatedTime& clock) {
                              s.breaker("primary").force_open(clock.steady_ms());
                          },
                          {ok()},
                          {decide(0, K::Fallback, R::BreakerOpen, C::CircuitOpen, 1), start(1, 1, 0, 1),
                           decide(1, K::Success, R::Succeeded, std::nullopt), finished()},
                          200,
                          1,
                          std::nullopt},
                      EngineCase{"BreakersForcedOpenByHandAreAlwaysRespected",
                                 kDefaults,
                                 [](ResilienceState& s, SimulatedTime&) {
                                     s.breaker("primary").force_open(0);
                                     s.breaker("backup").force_open(0);
                                 },
                                 {ok()},
                                 {decide(0, K::Fallback, R::BreakerOpen, C::CircuitOpen, 1),
                                  decide(0, K::Fail, R::BreakerOpen, C::CircuitOpen), finished()},
                                 0,
                                 std::nullopt,
                                 C::CircuitOpen},
                      EngineCase{"BudgetDenialIsAnExplicitOutcome",
                                 [](ResiliencePolicy& p, std::vector<ExecutionTarget>& chain) {
                                     p.budget.retry_ratio = 0.0;
                                     p.budget.min_retries_per_s = 0.1;  // one retry per 10 s window
                                     chain = {{"only", 1}};
                                 },
                                 kFreshState,
                                 {http(503)},
                                 {start(1, 0, 0, 1),
                                  decide(1, K::Retry, R::RetryableError, C::ServerError, 0, 1000, S::Backoff),
                                  wait(1000), start(2, 0, 0, 2),
                                  decide(2, K::Fail, R::BudgetDenied, C::BudgetExhausted), finished()},
                                 1060,
                                 std::nullopt,
                                 C::BudgetExhausted},
                      EngineCase{
                          "TheBudgetOfTheTargetThatFailedNeverBlocksAHealthyFallback_Global",
                          [](ResiliencePolicy& p, auto&) {
                              p.budget.scope = BudgetScope::Global;
                              p.budget.retry_ratio = 0.0;
                              p.budget.min_retries_per_s = 0.0;
                          },
                          kFreshState,
                          {http(503), ok()},
                          {start(1, 0, 0, 1), decide(1, K::Fallback, R::BudgetDenied, C::ServerError, 1),
                           start(2, 1, 0, 1), decide(2, K::Success, R::Succeeded, std::nullopt), finished()},
                          230,
                          1,
                          std::nullopt},
                      EngineCase{
                          "TheBudgetOfTheTargetThatFailedNeverBlocksAHealthyFallback_Target",
                          [](ResiliencePolicy& p, auto&) {
                              p.budget.scope = BudgetScope::Target;
                              p.budget.retry_ratio = 0.0;
                              p.budget.min_retries_per_s = 0.0;
                          },
                          kFreshState,
                          {http(503), ok()},
                          {start(1, 0, 0, 1), decide(1, K::Fallback, R::BudgetDenied, C::ServerError, 1),
                           start(2, 1, 0, 1), decide(2, K::Success, R::Succeeded, std::nullopt), finished()},
                          230,
                          1,
                          std::nullopt},
                      EngineCase{
                          "AnUnresolvableHostIsNotRetried",
                          kDefaults,
                          kFreshState,
                          {transport(TransportError::HostNotFound), ok()},
                          {start(1, 0, 0, 1), decide(1, K::Fallback, R::AttemptsExhausted, C::Network, 1),
                           start(2, 1, 0, 1), decide(2, K::Success, R::Succeeded, std::nullopt), finished()},
                          230,
                          1,
                          std::nullopt},
                      EngineCase{
                          "ARefusedPortIsRetriedOnlyOnce",
                          kDefaults,
                          kFreshState,
                          {transport(TransportError::ConnectionRefused),
                           transport(TransportError::ConnectionRefused), ok()},
                          {start(1, 0, 0, 1),
                           decide(1, K::Retry, R::RetryableError, C::Network, 0, 1000, S::Backoff),
                           wait(1000), start(2, 0, 0, 2),
                           decide(2, K::Fallback, R::AttemptsExhausted, C::Network, 1), start(3, 1, 0, 1),
                           decide(3, K::Success, R::Succeeded, std::nullopt), finished()},
                          1260,
                          1,
                          std::nullopt},
                      EngineCase{
                          "AResetConnectionIsRetriedToTheCap",
                          kDefaults,
                          kFreshState,
                          {transport(TransportError::ConnectionReset),
                           transport(TransportError::ConnectionReset),
                           transport(TransportError::ConnectionReset),
                           transport(TransportError::ConnectionReset),
                           transport(TransportError::ConnectionReset), ok()},
                          {start(1, 0, 0, 1),
                           decide(1, K::Retry, R::RetryableError, C::Network, 0, 1000, S::Backoff),
                           wait(1000), start(2, 0, 0, 2),
                           decide(2, K::Retry, R::RetryableError, C::Network, 0, 2000, S::Backoff),
                           wait(2000), start(3, 0, 0, 3),
                           decide(3, K::Retry, R::RetryableError, C::Network, 0, 4000, S::Backoff),
                           wait(4000), start(4, 0, 0, 4),
                           decide(4, K::Retry, R::RetryableError, C::Network, 0, 8000, S::Backoff),
                           wait(8000), start(5, 0, 0, 5),
                           decide(5, K::Fallback, R::AttemptsExhausted, C::Network, 1), start(6, 1, 0, 1),
                           decide(6, K::Success, R::Succeeded, std::nullopt), finished()},
                          15350,
                          1,
                          std::nullopt},
                      EngineCase{"BudgetDisabledNeverDenies",
                                 [](ResiliencePolicy& p, std::vector<ExecutionTarget>& chain) {
                                     p.budget.enabled = false;
                                     p.budget.retry_ratio = 0.0;
                                     p.budget.min_retries_per_s = 0.0;
                                     chain = {{"only", 1}};
                                 },
                                 kFreshState,
                                 {http(503), http(503), ok()},
                                 {start(1, 0, 0, 1),
                                  decide(1, K::Retry, R::RetryableError, C::ServerError, 0, 1000, S::Backoff),
                                  wait(1000), start(2, 0, 0, 2),
                                  decide(2, K::Retry, R::RetryableError, C::ServerError, 0, 2000, S::Backoff),
                                  wait(2000), start(3, 0, 0, 3),
                                  decide(3, K::Success, R::Succeeded, std::nullopt), finished()},
                                 3260,
                                 0,
                                 std::nullopt},
                      EngineCase{"DeadlineStopsARetryWhoseWaitWouldOverrunIt",
                                 [](ResiliencePolicy& p, std::vector<ExecutionTarget>& chain) {
                                     p.timeouts.deadline_ms = 5000;
                                     chain = {{"only", 1}};
                                 },
                                 kFreshState,
                                 {http(503), http(503), http(503), ok()},
                                 {start(1, 0, 0, 1),
                                  decide(1, K::Retry, R::RetryableError, C::ServerError, 0, 1000, S::Backoff),
                                  wait(1000), start(2, 0, 0, 2),
                                  decide(2, K::Retry, R::RetryableError, C::ServerError, 0, 2000, S::Backoff),
                                  wait(2000), start(3, 0, 0, 3),
                                  decide(3, K::Fail, R::DeadlineTooClose, C::DeadlineExhausted), finished()},
                                 3090,
                                 std::nullopt,
                                 C::DeadlineExhausted},
                      EngineCase{
                          "DeadlineTooCloseForAWaitStillAllowsAnImmediateFallback",
                          [](ResiliencePolicy& p, auto&) { p.timeouts.deadline_ms = 5000; },
                          kFreshState,
                          {http(429, "", {{"retry-after", "10"}}), ok()},
                          {start(1, 0, 0, 1), decide(1, K::Fallback, R::DeadlineTooClose, C::RateLimited, 1),
                           start(2, 1, 0, 1), decide(2, K::Success, R::Succeeded, std::nullopt), finished()},
                          230,
                          1,
                          std::nullopt},
                      EngineCase{"DeadlineAccountsForTheExpectedTimeToFirstToken",
                                 [](ResiliencePolicy& p, std::vector<ExecutionTarget>& chain) {
                                     p.timeouts.deadline_ms = 3000;
                                     chain = {{"only", 1}};
                                 },
                                 [](ResilienceState& s, SimulatedTime&) {
                                     for (int i = 0; i < 5; ++i)
                                         s.ttft("only").add_sample_ms(2500);
                                 },
                                 {http(503), ok()},
                                 {start(1, 0, 0, 1),
                                  decide(1, K::Fail, R::DeadlineTooClose, C::DeadlineExhausted), finished()},
                                 30,
                                 std::nullopt,
                                 C::DeadlineExhausted}),
    [](const ::testing::TestParamInfo<EngineCase>& p) { return std::string(p.param.name); });

TEST_F(RequestExecutionTest, FullJitterDelaysStayUnderTheCeiling) {
    policy.retry.backoff.jitter = JitterKind::Full;
    auto e = make();
    const Run r = run(e, {http(500), http(500), http(500), ok()});
    ASSERT_EQ(r.decisions.size(), 4U);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_LE(r.decisions[i].delay_ms, 1000 << i);
        EXPECT_GE(r.decisions[i].delay_ms, 0);
    }
}

TEST_F(RequestExecutionTest, WhenEveryTargetIsOpenTheOneThatReopensSoonestIsTried) {
    policy.breaker.consecutive_failures = 2;
    policy.retry.max_attempts = 2;  // each target's attempts end as its breaker trips
    auto first = make();
    run(first, {http(503), http(503), http(503), http(503)});  // both targets trip
    ASSERT_EQ(state->breaker("primary").state(), BreakerState::Open);
    ASSERT_EQ(state->breaker("backup").state(), BreakerState::Open);
    time.advance_ms(100);
    auto e = make();
    const Run r = run(e, {ok()});
    // Not a fast failure: there is nowhere else to go. The primary opened first, so it reopens first.
    EXPECT_LOG(std::vector<LogEntry>({decide(0, K::Fallback, R::BreakerOpen, C::CircuitOpen, 1),
                                      decide(0, K::Retry, R::AllBreakersOpen, C::CircuitOpen, 0),
                                      last_resort_start(1, 0, 0, 1),
                                      decide(1, K::Success, R::Succeeded, std::nullopt), finished()}),
               r.log);
    EXPECT_EQ(state->breaker("primary").state(), BreakerState::Open)
        << "a last-resort success does not close it";
}

TEST_F(RequestExecutionTest, AFlakySingleTargetIsNeverStarvedByItsBreaker) {
    targets = {{"only", 1}};
    policy.breaker.consecutive_failures = 2;
    // Open for longer than the backoff, so the retry finds the breaker still open (at the default 1.8 s the 2
    // s backoff outlasts it and the retry is a half-open probe instead).
    policy.breaker.open_ms = 10000;
    auto e = make();
    const Run first = run(e, {http(503), http(503), ok()});
    ASSERT_EQ(state->breaker("only").state(), BreakerState::Open);
    // The breaker opened on the 2nd failure, mid-request: with no fallback, the retry still waits its backoff
    // and goes ahead as a last resort instead of failing the request on the spot.
    EXPECT_LOG(
        std::vector<LogEntry>(
            {start(1, 0, 0, 1), decide(1, K::Retry, R::RetryableError, C::ServerError, 0, 1000, S::Backoff),
             wait(1000), start(2, 0, 0, 2),
             decide(2, K::Retry, R::RetryableError, C::ServerError, 0, 2000, S::Backoff), wait(2000),
             decide(0, K::Retry, R::AllBreakersOpen, C::CircuitOpen, 0), last_resort_start(3, 0, 0, 3),
             decide(3, K::Success, R::Succeeded, std::nullopt), finished()}),
        first.log);
    auto next = make();
    const Run r = run(next, {ok()});
    EXPECT_LOG(std::vector<LogEntry>({decide(0, K::Retry, R::AllBreakersOpen, C::CircuitOpen, 0),
                                      last_resort_start(1, 0, 0, 1),
                                      decide(1, K::Success, R::Succeeded, std::nullopt), finished()}),
               r.log);
}

TEST_F(RequestExecutionTest, AFailureThatTripsTheBreakerFallsBackWithoutWaiting) {
    policy.breaker.consecutive_failures = 3;
    auto e = make();
    const Run r = run(e, {http(503), http(503), http(503), ok()});
    // Attempts 1-2 retry with backoff; the 3rd consecutive failure opens the breaker: no wait for a retry
    // that would be short-circuited anyway.
    EXPECT_LOG(
        std::vector<LogEntry>(
            {start(1, 0, 0, 1), decide(1, K::Retry, R::RetryableError, C::ServerError, 0, 1000, S::Backoff),
             wait(1000), start(2, 0, 0, 2),
             decide(2, K::Retry, R::RetryableError, C::ServerError, 0, 2000, S::Backoff), wait(2000),
             start(3, 0, 0, 3), decide(3, K::Fallback, R::BreakerOpen, C::ServerError, 1), start(4, 1, 0, 1),
             decide(4, K::Success, R::Succeeded, std::nullopt), finished()}),
        r.log);
    ASSERT_EQ(transitions.size(), 1U);
    EXPECT_EQ(transitions[0].to, BreakerState::Open);

    // The next request goes straight to the backup: not one attempt wasted on the dead primary.
    auto next = make();
    const Run r2 = run(next, {ok()});
    EXPECT_LOG(
        std::vector<LogEntry>({decide(0, K::Fallback, R::BreakerOpen, C::CircuitOpen, 1), start(1, 1, 0, 1),
                               decide(1, K::Success, R::Succeeded, std::nullopt), finished()}),
        r2.log);
}

TEST_F(RequestExecutionTest, BreakerProbesTheRecoveredPrimaryAfterItsOpenTime) {
    policy.breaker.consecutive_failures = 3;
    auto e = make();
    run(e, {http(503), http(503), http(503), ok()});
    time.advance_ms(policy.breaker.open_ms);
    auto probe1 = make();
    const Run r1 = run(probe1, {ok()});
    // Half-open: the primary gets a probe.
    EXPECT_LOG(std::vector<LogEntry>(
                   {start(1, 0, 0, 1), decide(1, K::Success, R::Succeeded, std::nullopt), finished()}),
               r1.log);
    auto probe2 = make();
    run(probe2, {ok()});
    EXPECT_EQ(state->breaker("primary").state(), BreakerState::Closed);
}

TEST_F(RequestExecutionTest, ASingleTargetHalfOpenWithItsProbesBusyIsStillTried) {
    targets = {{"only", 1}};
    policy.breaker.consecutive_failures = 2;
    policy.breaker.half_open_probes = 2;
    policy.retry.max_attempts = 2;
    auto tripping = make();
    run(tripping, {http(503)});
    ASSERT_EQ(state->breaker("only").state(), BreakerState::Open);
    time.advance_ms(policy.breaker.open_ms);
    // Two requests take both probe slots and stay in flight.
    auto probe1 = make();
    auto probe2 = make();
    const Step s1 = probe1.begin();
    const Step s2 = probe2.begin();
    ASSERT_TRUE(s1.start && s2.start);
    ASSERT_EQ(state->breaker("only").state(), BreakerState::HalfOpen);
    // A third request has nowhere else to go: it is tried as a last resort, not failed in 0 ms.
    auto third = make();
    Recorder third_log;
    const Step s3 = third_log(third.begin());
    ASSERT_TRUE(s3.start) << "a fast failure while the probes are out";
    EXPECT_LOG(std::vector<LogEntry>({decide(0, K::Retry, R::AllBreakersOpen, C::CircuitOpen, 0),
                                      last_resort_start(1, 0, 0, 1)}),
               third_log.log);
    // Its result does not decide the breaker: the probes do.
    third.on_attempt_finished(s3.start->attempt_id, ok());
    EXPECT_EQ(state->breaker("only").state(), BreakerState::HalfOpen);
    probe1.on_attempt_finished(s1.start->attempt_id, ok());
    probe2.on_attempt_finished(s2.start->attempt_id, ok());
    EXPECT_EQ(state->breaker("only").state(), BreakerState::Closed);
}

TEST_F(RequestExecutionTest, ARetryIsPaidForWhenDecidedSoEveryScheduledRetryIsSent) {
    // One retry in the window: two requests fail together; the first is granted the retry and waits for it,
    // the second is refused at once (no wait, no retry_scheduled that the budget later denies).
    policy.budget.retry_ratio = 0.0;
    policy.budget.min_retries_per_s = 0.1;  // 10 s window: exactly one retry
    targets = {{"only", 1}};
    auto first = make();
    auto second = make();
    Recorder first_log;
    Recorder second_log;
    const Step a = first_log(first.begin());
    const Step b = second_log(second.begin());
    ASSERT_TRUE(a.start && b.start);
    const Step a_failed = first_log(first.on_attempt_finished(a.start->attempt_id, http(503)));
    ASSERT_TRUE(a_failed.wait_ms);
    const Step b_failed = second_log(second.on_attempt_finished(b.start->attempt_id, http(503)));
    ASSERT_EQ(b_failed.decisions.size(), 1U);
    EXPECT_NE(b_failed.decisions[0].detail.find("server_error"), std::string::npos)
        << "the cause underneath is named: " << b_failed.decisions[0].detail;
    time.advance_ms(*a_failed.wait_ms);
    first_log(first.resume());  // the retry that was scheduled is sent
    EXPECT_LOG(
        std::vector<LogEntry>({start(1, 0, 0, 1),
                               decide(1, K::Retry, R::RetryableError, C::ServerError, 0, 1000, S::Backoff),
                               wait(1000), start(2, 0, 0, 2)}),
        first_log.log);
    EXPECT_LOG(std::vector<LogEntry>(
                   {start(1, 0, 0, 1), decide(1, K::Fail, R::BudgetDenied, C::BudgetExhausted), finished()}),
               second_log.log);
}

TEST_F(RequestExecutionTest, ABreakerTransitionNamesTheRequestThatCausedIt) {
    targets = {{"only", 1}};
    auto e = make();
    run(e, {http(503)});  // five failures in a row trip the breaker
    ASSERT_FALSE(transitions.empty());
    EXPECT_EQ(transitions.front().to, BreakerState::Open);
    EXPECT_EQ(transitions.front().trace_id, e.identity().trace_id);
    state->breaker("only").force_closed(time.steady_ms());
    EXPECT_TRUE(transitions.back().trace_id.empty()) << "a change made by hand belongs to no request";
}

TEST_F(RequestExecutionTest, PerAttemptTimeoutsAreClampedToTheDeadline) {
    policy.timeouts.deadline_ms = 4000;
    auto e = make();
    Step s = e.begin();
    ASSERT_TRUE(s.start);
    EXPECT_EQ(s.start->attempt_timeout_ms, 4000);
    EXPECT_EQ(s.start->first_token_timeout_ms, 4000);
    time.advance_ms(500);
    s = e.on_attempt_finished(s.start->attempt_id, http(503));
    ASSERT_TRUE(s.wait_ms);
    time.advance_ms(*s.wait_ms);
    s = e.resume();
    ASSERT_TRUE(s.start);
    EXPECT_EQ(s.start->attempt_timeout_ms, 4000 - 1500);
    EXPECT_EQ(s.start->connect_timeout_ms, 2500);
}

TEST_F(RequestExecutionTest, IdentityIsOnePerRequestAndWellFormed) {
    auto a = make();
    auto b = make();
    EXPECT_NE(a.identity().trace_id, b.identity().trace_id);
    EXPECT_NE(a.identity().idempotency_key, b.identity().idempotency_key);
    EXPECT_EQ(a.identity().trace_id.size(), 32U);
    EXPECT_EQ(a.identity().trace_id.find_first_not_of("0123456789abcdef"), std::string::npos);
    const std::string& key = a.identity().idempotency_key;
    ASSERT_EQ(key.size(), std::string("stormproof-").size() + 36);
    EXPECT_EQ(key[11 + 14], '4') << "UUID version 4";
    // The identity belongs to the request, not the attempt: it cannot change across retries and fallbacks.
    const RequestIdentity before = a.identity();
    run(a, {http(503), http(401), ok()});
    EXPECT_EQ(a.identity().trace_id, before.trace_id);
    EXPECT_EQ(a.identity().idempotency_key, before.idempotency_key);
}

TEST_F(RequestExecutionTest, CancelDuringAWaitEndsTheRequest) {
    auto e = make();
    Recorder rec;
    Step s = rec(e.begin());
    ASSERT_TRUE(s.start);
    s = rec(e.on_attempt_finished(s.start->attempt_id, http(503)));
    ASSERT_TRUE(s.wait_ms);
    rec(e.cancel());
    rec(e.resume());  // a wait that fires after cancel starts nothing
    rec(e.cancel());  // cancel is idempotent
    EXPECT_LOG(
        std::vector<LogEntry>({start(1, 0, 0, 1),
                               decide(1, K::Retry, R::RetryableError, C::ServerError, 0, 1000, S::Backoff),
                               wait(1000), decide(0, K::Cancelled, R::Cancelled, C::Cancelled), finished()}),
        rec.log);
}

TEST_F(RequestExecutionTest, CancelDuringAnAttemptCancelsItAndIgnoresItsLateResult) {
    auto e = make();
    Recorder rec;
    const Step s = rec(e.begin());
    ASSERT_TRUE(s.start);
    rec(e.cancel());
    rec(e.on_attempt_finished(s.start->attempt_id, ok()));  // the late result adds nothing
    EXPECT_LOG(std::vector<LogEntry>({start(1, 0, 0, 1), decide(0, K::Cancelled, R::Cancelled, C::Cancelled),
                                      cancel_attempt(1), finished()}),
               rec.log);
    EXPECT_FALSE(e.served_by().has_value());
}

// --- streams ---

// A committed stream cut: on_first_token, then the attempt fails. Each case states the whole log from the
// first start on, driving the request to its end (a wait is waited, a start gets `then`).
struct StreamCase {
    const char* name;
    std::optional<AfterFirstToken> mode;  // none: the default
    TransportError cut;
    std::vector<LogEntry> log;
};
void PrintTo(const StreamCase& c, std::ostream* os) {
    *os << c.name;
}

class StreamCutTest : public RequestExecutionTest, public ::testing::WithParamInterface<StreamCase> {};

TEST_P(StreamCutTest, LogsExactlyThis) {
    const StreamCase& c = GetParam();
    if (c.mode)
        policy.stream.after_first_token = *c.mode;
    auto e = make();
    Recorder rec;
    Step s = rec(e.begin());
    ASSERT_TRUE(s.start);
    rec(e.on_first_token(s.start->attempt_id));
    s = rec(e.on_attempt_finished(s.start->attempt_id, transport(c.cut)));
    for (int guard = 0; guard < 10 && !s.finished; ++guard) {
        if (s.wait_ms) {
            time.advance_ms(*s.wait_ms);
            s = rec(e.resume());
        } else if (s.start) {
            s = rec(e.on_attempt_finished(s.start->attempt_id, ok()));
        } else {
            ADD_FAILURE() << "a step that is neither finished, a start nor a wait";
            break;
        }
    }
    EXPECT_LOG(c.log, rec.log);
}

INSTANTIATE_TEST_SUITE_P(
    Table, StreamCutTest,
    ::testing::Values(
        // Restarted by default: the retry starts over from scratch.
        StreamCase{"RestartedByDefault",
                   std::nullopt,
                   TransportError::ConnectionReset,
                   {start(1, 0, 0, 1), decide(1, K::Retry, R::StreamRestart, C::Network, 0, 1000, S::Backoff),
                    wait(1000), start(2, 0, 0, 2, StreamResume::Restart),
                    decide(2, K::Success, R::Succeeded, std::nullopt), finished()}},
        StreamCase{
            "FailsWhenSetToFail",
            AfterFirstToken::Fail,
            TransportError::ConnectionReset,
            {start(1, 0, 0, 1), decide(1, K::Fail, R::StreamCutAfterFirstToken, C::Network), finished()}},
        StreamCase{"RestartRetriesFromScratch",
                   AfterFirstToken::Restart,
                   TransportError::TruncatedStream,
                   {start(1, 0, 0, 1),
                    decide(1, K::Retry, R::StreamRestart, C::MalformedResponse, 0, 1000, S::Backoff),
                    wait(1000), start(2, 0, 0, 2, StreamResume::Restart),
                    decide(2, K::Success, R::Succeeded, std::nullopt), finished()}},
        // Continue moves to the next target, which is sent the partial text.
        StreamCase{"ContinueMovesToTheNextTargetWithThePartialText",
                   AfterFirstToken::Continue,
                   TransportError::IdleTimeout,
                   {start(1, 0, 0, 1), decide(1, K::Fallback, R::StreamContinue, C::Timeout, 1),
                    start(2, 1, 0, 1, StreamResume::Continue),
                    decide(2, K::Success, R::Succeeded, std::nullopt), finished()}}),
    [](const ::testing::TestParamInfo<StreamCase>& p) { return std::string(p.param.name); });

// --- hedging ---

TEST_F(RequestExecutionTest, HedgeWinsTheRaceAndThePrimaryIsCancelled) {
    policy.hedging.enabled = true;
    policy.hedging.delay_ms = 2000;
    auto e = make();
    Recorder rec;
    Step s = rec(e.begin());
    ASSERT_TRUE(s.start && s.hedge_after_ms);
    const int primary = s.start->attempt_id;
    time.advance_ms(*s.hedge_after_ms);
    s = rec(e.on_hedge_timer(s.hedge_for_attempt));
    ASSERT_TRUE(s.start);
    const int hedge = s.start->attempt_id;
    rec(e.on_first_token(hedge));               // the hedge answers first: the primary is cancelled
    rec(e.on_attempt_finished(primary, ok()));  // the loser's late result is ignored
    rec(e.on_attempt_finished(hedge, ok()));
    EXPECT_LOG(
        std::vector<LogEntry>({start(1, 0, 0, 1), hedge_after(2000, 1),
                               decide(1, K::Hedge, R::HedgeDelayElapsed, std::nullopt, 1, 2000, S::None),
                               start(2, 1, 0, 1, StreamResume::None, true), cancel_attempt(1),
                               decide(2, K::Success, R::Succeeded, std::nullopt), finished()}),
        rec.log);
    EXPECT_EQ(e.served_by(), 1);
    EXPECT_EQ(e.hedges_started(), 1);
}

TEST_F(RequestExecutionTest, PrimaryWinsTheRaceAndTheHedgeIsCancelled) {
    policy.hedging.enabled = true;
    auto e = make();
    Recorder rec;
    Step s = rec(e.begin());
    ASSERT_TRUE(s.start);
    const int primary = s.start->attempt_id;
    s = rec(e.on_hedge_timer(s.hedge_for_attempt));
    ASSERT_TRUE(s.start);
    rec(e.on_first_token(primary));
    rec(e.on_attempt_finished(primary, ok()));
    EXPECT_LOG(
        std::vector<LogEntry>({start(1, 0, 0, 1), hedge_after(2000, 1),
                               decide(1, K::Hedge, R::HedgeDelayElapsed, std::nullopt, 1, 2000, S::None),
                               start(2, 1, 0, 1, StreamResume::None, true), cancel_attempt(2),
                               decide(1, K::Success, R::Succeeded, std::nullopt), finished()}),
        rec.log);
    EXPECT_EQ(e.served_by(), 0);
}

TEST_F(RequestExecutionTest, HedgeTimerIsStaleOnceTheAttemptHasTokensOrEnded) {
    policy.hedging.enabled = true;
    auto e = make();
    Recorder rec;
    Step s = rec(e.begin());
    ASSERT_TRUE(s.start);
    const int primary = s.start->attempt_id;
    rec(e.on_first_token(primary));
    rec(e.on_hedge_timer(primary));  // stale: no hedge starts
    EXPECT_LOG(std::vector<LogEntry>({start(1, 0, 0, 1), hedge_after(2000, 1)}), rec.log);
}

TEST_F(RequestExecutionTest, ALosingAttemptFailingLeavesTheOtherRunning) {
    policy.hedging.enabled = true;
    auto e = make();
    Recorder rec;
    Step s = rec(e.begin());
    ASSERT_TRUE(s.start);
    const int primary = s.start->attempt_id;
    s = rec(e.on_hedge_timer(primary));
    ASSERT_TRUE(s.start);
    const int hedge = s.start->attempt_id;
    s = rec(e.on_attempt_finished(primary, http(503)));
    EXPECT_FALSE(s.finished);
    rec(e.on_attempt_finished(hedge, ok()));
    EXPECT_LOG(
        std::vector<LogEntry>({start(1, 0, 0, 1), hedge_after(2000, 1),
                               decide(1, K::Hedge, R::HedgeDelayElapsed, std::nullopt, 1, 2000, S::None),
                               start(2, 1, 0, 1, StreamResume::None, true),
                               decide(1, K::Fallback, R::OtherAttemptInFlight, C::ServerError, 1),
                               decide(2, K::Success, R::Succeeded, std::nullopt), finished()}),
        rec.log);
}

TEST_F(RequestExecutionTest, HedgesSpendRetryBudget) {
    policy.hedging.enabled = true;
    policy.budget.retry_ratio = 0.0;
    policy.budget.min_retries_per_s = 0.0;
    auto e = make();
    Recorder rec;
    Step s = rec(e.begin());
    ASSERT_TRUE(s.start);
    rec(e.on_hedge_timer(s.hedge_for_attempt));  // refused: no hedge starts
    EXPECT_LOG(std::vector<LogEntry>({start(1, 0, 0, 1), hedge_after(2000, 1),
                                      decide(1, K::Hedge, R::BudgetDenied, C::BudgetExhausted)}),
               rec.log);
}

// --- invariants under random event orders ---

TEST_F(RequestExecutionTest, RandomEventOrdersAlwaysEndExactlyOnce) {
    policy.hedging.enabled = true;
    policy.budget.enabled = false;
    targets = {{"a", 2}, {"b", 1}, {"c", 1}};
    SeededRandom chaos(777);
    const std::vector<AttemptOutcome> outcomes = {ok(),
                                                  http(503),
                                                  http(429, "", {{"retry-after", "1"}}),
                                                  http(400),
                                                  http(401),
                                                  transport(TransportError::ConnectionReset),
                                                  http(429, "", {{"retry-after", "999"}})};
    for (int trial = 0; trial < 300; ++trial) {
        state.reset();
        auto e = make();
        std::vector<int> running;
        std::optional<int> hedge_for;
        bool waiting = false;
        int terminal_steps = 0;
        std::set<int> ids;
        auto absorb = [&](const Step& s) {
            if (s.finished)
                ++terminal_steps;
            if (s.start) {
                EXPECT_TRUE(ids.insert(s.start->attempt_id).second) << "attempt ids are unique";
                running.push_back(s.start->attempt_id);
            }
            for (int c : s.cancel_attempts)
                running.erase(std::remove(running.begin(), running.end(), c), running.end());
            if (s.hedge_after_ms)
                hedge_for = s.hedge_for_attempt;
            waiting = s.wait_ms.has_value();
            for (const Decision& d : s.decisions) {
                EXPECT_GE(d.delay_ms, 0);
                EXPECT_LE(d.delay_ms, std::max(policy.retry.backoff.max_delay_ms, policy.hedging.delay_ms));
            }
        };
        absorb(e.begin());
        for (int i = 0; i < 200 && !e.finished(); ++i) {
            const auto roll = chaos.uniform_int(0, 9);
            if (roll == 0) {
                absorb(e.cancel());
            } else if (roll == 1 && hedge_for) {
                absorb(e.on_hedge_timer(*hedge_for));
            } else if (roll == 2 && !running.empty()) {
                absorb(e.on_first_token(running[static_cast<std::size_t>(
                    chaos.uniform_int(0, static_cast<std::int64_t>(running.size()) - 1))]));
            } else if (!running.empty()) {
                const std::size_t pick = static_cast<std::size_t>(
                    chaos.uniform_int(0, static_cast<std::int64_t>(running.size()) - 1));
                const int id = running[pick];
                running.erase(running.begin() + static_cast<std::ptrdiff_t>(pick));
                time.advance_ms(chaos.uniform_int(1, 500));
                absorb(e.on_attempt_finished(id, outcomes[static_cast<std::size_t>(chaos.uniform_int(
                                                     0, static_cast<std::int64_t>(outcomes.size()) - 1))]));
            } else if (waiting) {
                time.advance_ms(1000);
                absorb(e.resume());
            }
        }
        ASSERT_TRUE(e.finished()) << "trial " << trial << " did not end";
        EXPECT_EQ(terminal_steps, 1) << "trial " << trial;
        EXPECT_LE(e.attempts_started(), 3 * policy.retry.max_attempts + policy.hedging.max_hedges);
        // Nothing after the end: every call is inert.
        EXPECT_TRUE(e.cancel().decisions.empty());
        EXPECT_TRUE(e.resume().decisions.empty());
    }
}

// Targets that cannot take a request (a gateway request using what their protocol lacks) are skipped with
// the reason "untranslatable": a fallback past them, or a failure when nothing usable is left -- with the
// class of the failure that came before, never a server error turned into a bad request.
struct UnusableCase {
    const char* name;
    std::vector<bool> unusable;  // per target
    int first_status;            // what every attempt that is sent gets (200: success)
    // Expected:
    std::vector<int> attempted_targets;
    bool ok;
    std::optional<ErrorClass> final_class;
    DecisionReason final_reason;
    int untranslatable_decisions;
};

class UnusableTargetTest : public RequestExecutionTest, public ::testing::WithParamInterface<UnusableCase> {};

TEST_P(UnusableTargetTest, SkipsWithTheReason) {
    const UnusableCase& c = GetParam();
    policy.retry.max_attempts = 2;
    targets.clear();
    const char* names[] = {"a", "b", "c"};
    for (std::size_t i = 0; i < c.unusable.size(); ++i)
        targets.push_back({names[i], 1, c.unusable[i] ? std::string("tools cannot be translated") : ""});
    auto e = make();
    std::vector<int> attempted;
    int untranslatable = 0;
    std::optional<Decision> last;
    Step s = e.begin();
    for (int guard = 0; guard < 20; ++guard) {
        for (const Decision& d : s.decisions) {
            untranslatable += d.reason == DecisionReason::Untranslatable ? 1 : 0;
            last = d;
        }
        if (s.finished)
            break;
        if (s.start) {
            attempted.push_back(s.start->target_index);
            s = e.on_attempt_finished(s.start->attempt_id,
                                      c.first_status == 200 ? ok() : http(c.first_status));
            continue;
        }
        ASSERT_TRUE(s.wait_ms);
        time.advance_ms(*s.wait_ms);
        s = e.resume();
    }
    ASSERT_TRUE(e.finished());
    EXPECT_EQ(attempted, c.attempted_targets);
    EXPECT_EQ(e.served_by().has_value(), c.ok);
    EXPECT_EQ(e.final_error(), c.final_class);
    ASSERT_TRUE(last);
    EXPECT_EQ(last->reason, c.final_reason);
    EXPECT_EQ(untranslatable, c.untranslatable_decisions);
}

INSTANTIATE_TEST_SUITE_P(
    Table, UnusableTargetTest,
    ::testing::Values(
        UnusableCase{
            "FirstSkipped", {true, false}, 200, {1}, true, std::nullopt, DecisionReason::Succeeded, 1},
        UnusableCase{"AllUnusable",
                     {true, true},
                     200,
                     {},
                     false,
                     ErrorClass::BadRequest,
                     DecisionReason::Untranslatable,
                     2},
        UnusableCase{"FailureKeepsItsClass",
                     {false, true},
                     503,
                     {0, 0},
                     false,
                     ErrorClass::ServerError,
                     DecisionReason::Untranslatable,
                     1},
        UnusableCase{"MiddleSkipped",
                     {false, true, false},
                     503,
                     {0, 0, 2, 2},
                     false,
                     ErrorClass::ServerError,
                     DecisionReason::AttemptsExhausted,
                     1},
        UnusableCase{"UsableOnlyFirst",
                     {false, true, true},
                     200,
                     {0},
                     true,
                     std::nullopt,
                     DecisionReason::Succeeded,
                     0}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(DecisionReasonText, UntranslatableHasItsName) {
    EXPECT_EQ(to_string(DecisionReason::Untranslatable), "untranslatable");
}

TEST_F(RequestExecutionTest, CallerDeadlineShortensButNeverLengthens) {
    policy.timeouts.deadline_ms = 10000;
    auto shorter = make();
    shorter.apply_caller_limits({2500, 0, std::nullopt});
    EXPECT_EQ(shorter.deadline().remaining_ms(time.steady_ms()), 2500);
    auto longer = make();
    longer.apply_caller_limits({60000, 0, std::nullopt});
    EXPECT_EQ(longer.deadline().remaining_ms(time.steady_ms()), 10000);
}

TEST_F(RequestExecutionTest, CallerRetriesSpendRetryBudget) {
    // The same first request with and without the caller's retry count: one unit of budget apart.
    const auto available_after_begin = [this](int prior_retries) {
        state.reset();
        auto e = make();
        e.apply_caller_limits({std::nullopt, prior_retries, std::nullopt});
        e.begin();
        EXPECT_EQ(e.caller_retry_charged(), prior_retries > 0);
        return state->budget(state->budget_key("primary", "conv-1")).available(time.steady_ms());
    };
    const double fresh = available_after_begin(0);
    const double retried = available_after_begin(2);
    EXPECT_DOUBLE_EQ(retried, fresh - 1.0);
}

TEST_F(RequestExecutionTest, CallerCanMakeACutStreamFinal) {
    policy.stream.after_first_token = AfterFirstToken::Restart;
    auto e = make();
    e.apply_caller_limits({std::nullopt, 0, AfterFirstToken::Fail});
    Step s = e.begin();
    e.on_first_token(s.start->attempt_id);
    s = e.on_attempt_finished(s.start->attempt_id, transport(TransportError::ConnectionReset));
    ASSERT_TRUE(s.finished);
    EXPECT_EQ(s.decisions.back().reason, DecisionReason::StreamCutAfterFirstToken);
}

}  // namespace
}  // namespace stormproof
