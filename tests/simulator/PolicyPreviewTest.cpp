// The settings dialog's Monte Carlo: the real engine on simulated time against scenario fault mixes.
#include "simulator/PolicyPreview.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "simulator/ScenarioLoader.h"

namespace stormproof {
namespace {

Scenario builtin(const std::string& name) {
    auto r = ScenarioLoader::load(name);
    EXPECT_TRUE(r.ok()) << name;
    return *r.scenario;
}

Scenario from(const std::string& json) {
    auto r = ScenarioLoader::from_text(json);
    EXPECT_TRUE(r.ok()) << join_errors(r.errors);
    return *r.scenario;
}

TEST(PolicyPreviewTest, AHealthyScenarioNeedsOneAttemptAndNoWait) {
    const PreviewResult r = PolicyPreview::run({}, {"primary"}, {builtin("healthy")});
    EXPECT_EQ(r.requests, PreviewOptions::kDefaultRequests);
    EXPECT_EQ(r.succeeded, r.requests);
    EXPECT_DOUBLE_EQ(r.mean_attempts, 1.0);
    EXPECT_DOUBLE_EQ(r.cost_multiplier, 1.0);
    EXPECT_TRUE(r.wait_before_attempt.empty());
    EXPECT_GT(r.p50_latency_ms, 0);
}

TEST(PolicyPreviewTest, TheSameSeedGivesTheSameAnswerAndAnotherSeedADifferentSample) {
    ResiliencePolicy policy;
    const auto a = PolicyPreview::run(policy, {"primary"}, {builtin("flaky")}, {.seed = 7});
    const auto b = PolicyPreview::run(policy, {"primary"}, {builtin("flaky")}, {.seed = 7});
    const auto c = PolicyPreview::run(policy, {"primary"}, {builtin("flaky")}, {.seed = 8});
    EXPECT_EQ(a.succeeded, b.succeeded);
    EXPECT_EQ(a.p95_latency_ms, b.p95_latency_ms);
    EXPECT_DOUBLE_EQ(a.mean_attempts, b.mean_attempts);
    EXPECT_NE(a.mean_attempts, c.mean_attempts);
}

TEST(PolicyPreviewTest, MoreAttemptsRescueMoreOfAFlakyTarget) {
    ResiliencePolicy one;
    one.retry.max_attempts = 1;
    ResiliencePolicy five;         // the default, 5
    five.budget.enabled = false;   // the budget has its own test below
    five.breaker.enabled = false;  // at 4 requests a second, 40% failures line up 5 in a row now and then
    const auto r1 = PolicyPreview::run(one, {"primary"}, {builtin("flaky")});
    const auto r5 = PolicyPreview::run(five, {"primary"}, {builtin("flaky")});
    // 40% of attempts fail: one attempt succeeds ~60% of the time, five ~99%.
    EXPECT_NEAR(r1.success_probability(), 0.6, 0.08);
    EXPECT_GT(r5.success_probability(), 0.97);
    EXPECT_GT(r5.mean_attempts, 1.4);
    EXPECT_LT(r5.mean_attempts, 1.9);
    ASSERT_FALSE(r5.wait_before_attempt.empty());
    EXPECT_TRUE(r1.wait_before_attempt.empty());
    // 429 with retry-after-ms: 20 are obeyed to the millisecond: the lowest waits are 20 ms.
    EXPECT_LE(r5.wait_before_attempt[0].p10_ms, 20);
    // 503s back off with full jitter under the 1 s base: no wait before the second attempt exceeds it.
    EXPECT_LE(r5.wait_before_attempt[0].p90_ms, five.retry.backoff.base_delay_ms);
    EXPECT_DOUBLE_EQ(r5.cost_multiplier, 1.0) << "503 and 429 answers are not billed";
}

TEST(PolicyPreviewTest, TheRetryBudgetCapsRetriesUnderSustainedFailure) {
    // 40% of attempts fail at 4 requests a second: rescuing them takes ~2.7 retries a second. A budget of 20%
    // of requests (0.8/s) plus 1/s caps that, and the preview shows what it costs in successes; the default
    // budget (one retry per request) covers what this scenario needs and costs nothing.
    ResiliencePolicy tight;
    tight.budget.retry_ratio = 0.2;
    ResiliencePolicy by_default;
    ResiliencePolicy unbounded;
    unbounded.budget.enabled = false;
    const auto t = PolicyPreview::run(tight, {"primary"}, {builtin("flaky")});
    const auto d = PolicyPreview::run(by_default, {"primary"}, {builtin("flaky")});
    const auto u = PolicyPreview::run(unbounded, {"primary"}, {builtin("flaky")});
    EXPECT_LT(t.success_probability(), u.success_probability() - 0.08);
    EXPECT_LT(t.mean_attempts, u.mean_attempts);
    EXPECT_GT(t.final_errors.size(), 0u);
    EXPECT_DOUBLE_EQ(d.success_probability(), u.success_probability());
    EXPECT_DOUBLE_EQ(d.mean_attempts, u.mean_attempts);
}

TEST(PolicyPreviewTest, TheDeadlineCutsRetriesShortAndSaysSo) {
    ResiliencePolicy policy;
    policy.budget.enabled = false;
    policy.breaker.enabled = false;
    policy.timeouts.deadline_ms = 1500;
    policy.retry.backoff.base_delay_ms = 2000;
    policy.retry.backoff.max_delay_ms = 8000;
    policy.retry.backoff.jitter = JitterKind::None;
    const auto r = PolicyPreview::run(
        policy, {"primary"},
        {from(R"({"name": "down", "faults": [{"kind": "unavailable", "probability": 1}]})")});
    EXPECT_EQ(r.succeeded, 0);
    EXPECT_EQ(r.cut_by_deadline, r.requests) << "a 2 s wait cannot fit in a 1.5 s deadline";
    EXPECT_EQ(r.deadline_ms, 1500);
    EXPECT_LE(r.p95_latency_ms, 1500);
}

TEST(PolicyPreviewTest, AnOutageOpensTheBreakerAndTheFallbackServes) {
    ResiliencePolicy policy;
    const auto r = PolicyPreview::run(policy, {"primary", "backup"},
                                      {builtin("outage-and-recovery"), builtin("healthy")});
    EXPECT_GT(r.success_probability(), 0.99) << "the healthy fallback answers what the primary cannot";
    // At least the 20 s of outage at 4 requests a second go to the backup, and the first 15 healthy seconds
    // stay on the primary. (When the primary gets the traffic back depends on its probes in the degraded
    // phase: that is what the preview is for.)
    EXPECT_GT(r.served_by_fallback, 75);
    EXPECT_LT(r.served_by_fallback, r.requests - 55);
    // With the breaker open most outage requests skip the primary: far fewer than 5 attempts each.
    EXPECT_LT(r.mean_attempts, 2.0);
}

TEST(PolicyPreviewTest, ACutStreamIsBilledAndRestartPaysTwice) {
    ResiliencePolicy restart;
    restart.stream.after_first_token = AfterFirstToken::Restart;
    restart.budget.enabled = false;
    restart.breaker.enabled = false;
    const Scenario cuts =
        from(R"({"name": "cuts", "faults": [{"kind": "cut", "probability": 0.5, "after_tokens": 5}]})");
    const auto r = PolicyPreview::run(restart, {"primary"}, {cuts});
    EXPECT_GT(r.success_probability(), 0.95) << ::testing::PrintToString(r.final_errors);
    // Half the attempts are cut after being billed and restarted: ~2 billed attempts per answer.
    EXPECT_GT(r.cost_multiplier, 1.7);
    EXPECT_LT(r.cost_multiplier, 2.3);
    ResiliencePolicy fail;  // keep the partial text, do not pay again
    fail.stream.after_first_token = AfterFirstToken::Fail;
    const auto f = PolicyPreview::run(fail, {"primary"}, {cuts});
    EXPECT_NEAR(f.success_probability(), 0.5, 0.08);
    EXPECT_EQ(f.final_errors.size(), 1u);
}

// The preview answers in the scenario's provider dialect, as stormproof-sim does, and reads it back as the
// client does: Gemini's wait in its body, an error object inside a 200 stream.
TEST(PolicyPreviewTest, ItReadsTheWaitAProviderPutsInItsBodyAndAnErrorInsideAStream) {
    ResiliencePolicy policy;
    policy.budget.enabled = false;
    policy.breaker.enabled = false;
    const Scenario gemini = from(
        R"({"name": "g", "dialect": "gemini", "faults": [{"kind": "rate_limit", "probability": 0.3, "retry_after_s": 4}]})");
    const auto g = PolicyPreview::run(policy, {"primary"}, {gemini});
    ASSERT_FALSE(g.wait_before_attempt.empty());
    EXPECT_GE(g.wait_before_attempt.front().p10_ms, 3900) << "RetryInfo's 4 s, not the local backoff";
    EXPECT_GT(g.success_probability(), 0.97);

    ResiliencePolicy fail = policy;
    fail.stream.after_first_token = AfterFirstToken::Fail;
    const Scenario errors = from(
        R"({"name": "e", "dialect": "openrouter", "faults": [{"kind": "stream_error", "probability": 0.5, "after_tokens": 5}]})");
    const auto f = PolicyPreview::run(fail, {"primary"}, {errors});
    EXPECT_NEAR(f.success_probability(), 0.5, 0.08) << "an error inside the stream is a failure";
    EXPECT_EQ(f.final_errors.size(), 1u);
}

// What the settings pages chart: the first target's breaker over time, the budget's denials and the
// deadline's cuts per 5 s of simulated time.
TEST(PolicyPreviewTest, TheBreakerTimelineShowsTheOutageOpeningItAndTheRecoveryClosingIt) {
    ResiliencePolicy policy;
    const auto r = PolicyPreview::run(policy, {"primary", "backup"},
                                      {builtin("outage-and-recovery"), builtin("healthy")});
    ASSERT_GE(r.primary_breaker.size(), 3u);
    EXPECT_EQ(r.primary_breaker.front().at_ms, 0);
    EXPECT_EQ(r.primary_breaker.front().state, BreakerState::Closed);
    // The outage phase starts 15 s in (outage-and-recovery.json): the breaker opens after it, not before.
    const auto open = std::find_if(r.primary_breaker.begin(), r.primary_breaker.end(),
                                   [](const auto& p) { return p.state == BreakerState::Open; });
    ASSERT_NE(open, r.primary_breaker.end());
    EXPECT_GE(open->at_ms, 15000);
    EXPECT_LT(open->at_ms, 20000) << "five failures in a row at 4 requests a second";
    EXPECT_EQ(r.primary_breaker.back().state, BreakerState::Closed) << "the recovery closes it again";
    for (std::size_t i = 1; i < r.primary_breaker.size(); ++i)
        EXPECT_GE(r.primary_breaker[i].at_ms, r.primary_breaker[i - 1].at_ms);

    ResiliencePolicy off = policy;
    off.breaker.enabled = false;
    const auto o =
        PolicyPreview::run(off, {"primary", "backup"}, {builtin("outage-and-recovery"), builtin("healthy")});
    ASSERT_EQ(o.primary_breaker.size(), 1u);
    EXPECT_EQ(o.primary_breaker.front().state, BreakerState::Disabled);
}

TEST(PolicyPreviewTest, BudgetDenialsAndDeadlineCutsAreCountedOverTime) {
    ResiliencePolicy tight;
    tight.budget.retry_ratio = 0.2;
    ResiliencePolicy unbounded;
    unbounded.budget.enabled = false;
    const auto t = PolicyPreview::run(tight, {"primary"}, {builtin("flaky")});
    const auto u = PolicyPreview::run(unbounded, {"primary"}, {builtin("flaky")});
    const auto sum = [](const std::vector<int>& v) { return std::accumulate(v.begin(), v.end(), 0); };
    // 400 requests every 250 ms: 100 s, twenty 5 s buckets.
    EXPECT_GE(t.duration_ms, 99750);
    EXPECT_EQ(t.budget_denials.size(),
              static_cast<std::size_t>(t.duration_ms / PreviewResult::kTimelineBucketMs) + 1);
    EXPECT_GT(sum(t.budget_denials), 20) << "the tight budget refuses retries";
    EXPECT_EQ(sum(u.budget_denials), 0) << "no budget, no denial";
    // Denials are spread over the run (the failures are), not bunched in one bucket.
    EXPECT_GT(std::count_if(t.budget_denials.begin(), t.budget_denials.end(), [](int n) { return n > 0; }),
              10);

    ResiliencePolicy short_deadline;
    short_deadline.budget.enabled = false;
    short_deadline.breaker.enabled = false;
    short_deadline.timeouts.deadline_ms = 1500;
    short_deadline.retry.backoff = {BackoffKind::Constant, JitterKind::None, 2000, 8000, 0};
    const auto d = PolicyPreview::run(
        short_deadline, {"primary"},
        {from(R"({"name": "down", "faults": [{"kind": "unavailable", "probability": 1}]})")});
    EXPECT_EQ(sum(d.deadline_cuts), d.cut_by_deadline);
    EXPECT_EQ(sum(d.deadline_cuts), d.requests);
    EXPECT_EQ(sum(t.deadline_cuts), t.cut_by_deadline);
}

// Issue 16: the preview's fault draw had drifted from the simulator's and ignored per-model faults. It uses
// the one draw (FaultDraw) with the model each target asks for.
TEST(PolicyPreviewTest, AFaultLimitedToOneModelHitsOnlyTheTargetAskingForIt) {
    ResiliencePolicy one;
    one.retry.max_attempts = 1;
    one.breaker.enabled = false;
    const Scenario gpt4_down = from(
        R"({"name": "gpt4-down", "faults": [{"kind": "unavailable", "probability": 1, "models": ["gpt-4o"]}]})");
    const auto hit = PolicyPreview::run(one, {"primary"}, {gpt4_down}, {.models = {"gpt-4o"}});
    const auto spared = PolicyPreview::run(one, {"primary"}, {gpt4_down}, {.models = {"gpt-4o-mini"}});
    const auto by_default = PolicyPreview::run(one, {"primary"}, {gpt4_down});  // asks for sim-gpt4-down
    EXPECT_EQ(hit.succeeded, 0);
    ASSERT_FALSE(hit.faults_drawn.empty());
    EXPECT_EQ(hit.faults_drawn.front(), "unavailable");
    EXPECT_EQ(spared.succeeded, spared.requests);
    EXPECT_EQ(std::count(spared.faults_drawn.begin(), spared.faults_drawn.end(), "unavailable"), 0);
    EXPECT_EQ(by_default.succeeded, by_default.requests);
}

}  // namespace
}  // namespace stormproof
