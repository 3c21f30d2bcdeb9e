// The cost of the resilience engine's decisions, without I/O. Writes bench/results/core.json: decision_ns.
//   build/default/bench/core_bench
#include <benchmark/benchmark.h>

#include <optional>

#include "BenchResults.h"
#include "resilience/ErrorClassifier.h"
#include "resilience/RequestExecution.h"
#include "resilience/SeededRandom.h"
#include "resilience/ServerHintParser.h"
#include "resilience/SimulatedTime.h"

using namespace stormproof;

namespace {

AttemptOutcome overloaded_outcome() {
    AttemptOutcome outcome;
    outcome.http_status = 503;
    outcome.provider_error =
        ProviderError::parse(R"({"error":{"message":"overloaded","type":"server_error"}})");
    outcome.duration_ms = 40;
    return outcome;
}

// One decision, as the engine makes it after every failed attempt: classify the outcome, record it in the
// target's breaker, check the retry budget and the deadline, draw a jittered backoff -- and then start the
// next attempt after the wait (breaker permit, budget withdrawal, timeouts clamped to the deadline). No
// timing pauses: Google Benchmark's PauseTiming costs more than what is measured. A new request is built
// every 10 decisions (5 attempts on each of 2 targets); that setup is amortised into the figure, so it is an
// upper bound.
void BM_Decision(benchmark::State& state) {
    SimulatedTime time;
    SeededRandom random(42);
    ResiliencePolicy policy;
    policy.budget.min_retries_per_s =
        1e6;  // keep the budget permissive so every iteration takes the same path
    policy.breaker.minimum_calls = 1 << 30;  // and the breaker closed
    ResilienceState shared(policy);
    const std::vector<ExecutionTarget> targets = {{"primary", 1}, {"backup", 1}};
    const AttemptOutcome outcome = overloaded_outcome();
    std::optional<RequestExecution> execution;
    execution.emplace(policy, targets, shared, time, random, RequestIdentity::generate(random));
    Step step = execution->begin();
    for (auto _ : state) {
        Step decided = execution->on_attempt_finished(step.start->attempt_id, outcome);
        step = decided.wait_ms ? execution->resume() : std::move(decided);
        if (!step.start) {
            execution.emplace(policy, targets, shared, time, random, RequestIdentity::generate(random));
            step = execution->begin();
        }
        benchmark::DoNotOptimize(step);
    }
}
BENCHMARK(BM_Decision);

// The same, including building the request's state machine (identity, deadline, budget deposit) each time.
void BM_RequestSetupAndDecision(benchmark::State& state) {
    SimulatedTime time;
    SeededRandom random(7);
    ResiliencePolicy policy;
    policy.budget.min_retries_per_s = 1e6;
    policy.breaker.minimum_calls = 1 << 30;
    ResilienceState shared(policy);
    const std::vector<ExecutionTarget> targets = {{"primary", 1}, {"backup", 1}};
    const AttemptOutcome outcome = overloaded_outcome();
    for (auto _ : state) {
        RequestExecution execution(policy, targets, shared, time, random, RequestIdentity::generate(random));
        Step step = execution.begin();
        Step decided = execution.on_attempt_finished(step.start->attempt_id, outcome);
        benchmark::DoNotOptimize(decided);
    }
}
BENCHMARK(BM_RequestSetupAndDecision);

void BM_ParseServerHints(benchmark::State& state) {
    const HttpHeaders headers{{"retry-after", "Wed, 21 Oct 2026 07:28:00 GMT"},
                              {"x-ratelimit-remaining-requests", "0"},
                              {"x-ratelimit-reset-requests", "6m0s"},
                              {"x-ratelimit-reset-tokens", "1h2m3.5s"}};
    for (auto _ : state) {
        benchmark::DoNotOptimize(ServerHintParser::parse(headers, 1792000000000, true));
    }
}
BENCHMARK(BM_ParseServerHints);

class Collector : public benchmark::ConsoleReporter {
public:
    nlohmann::json figures = nlohmann::json::object();
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const Run& run : runs) {
            const double ns =
                run.GetAdjustedRealTime();  // per iteration, in the run's time unit (ns by default)
            const std::string name = run.benchmark_name();
            if (name == "BM_Decision")
                figures["decision_ns"] = std::round(ns * 10) / 10;
            if (name == "BM_RequestSetupAndDecision")
                figures["request_setup_and_decision_ns"] = std::round(ns * 10) / 10;
            if (name == "BM_ParseServerHints")
                figures["server_hints_parse_ns"] = std::round(ns * 10) / 10;
        }
        ConsoleReporter::ReportRuns(runs);
    }
};

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    Collector collector;
    benchmark::RunSpecifiedBenchmarks(&collector);
    benchmark::Shutdown();
    if (!collector.figures.empty()) {
        stormproof::bench::merge_results("core", collector.figures, "build/default/bench/core_bench");
    }
    return 0;
}
