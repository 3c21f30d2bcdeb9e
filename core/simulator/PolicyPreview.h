#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "Scenario.h"
#include "resilience/ErrorClass.h"
#include "resilience/ResiliencePolicy.h"

namespace stormproof {

// How the preview drives a policy: a stream of requests, one every interval_ms, against scenarios, entirely
// on simulated time with no network.
struct PreviewOptions {
    // 400 requests at 4 a second: 100 s of simulated traffic, enough for a 20 s outage phase to open a
    // breaker and for the percentiles to settle (the p90 of 400 samples moves by a few percent between
    // seeds), and little enough to recompute while a person types (ui_bench: settings_preview_ms).
    static constexpr int kDefaultRequests = 400;
    static constexpr std::int64_t kDefaultIntervalMs = 250;
    // A network round trip for error answers and resets: a hosted API's edge answers in tens of ms.
    static constexpr std::int64_t kErrorRoundTripMs = 50;

    int requests = kDefaultRequests;
    std::int64_t interval_ms = kDefaultIntervalMs;
    std::uint64_t seed = 1;
    // The model each target asks for (models[i] for target i), which decides the faults limited to "models";
    // a target without one asks for sim-NAME of its scenario.
    std::vector<std::string> models;
};

struct PercentileBand {
    std::int64_t p10_ms = 0;
    std::int64_t p50_ms = 0;
    std::int64_t p90_ms = 0;
    int samples = 0;
};

struct PreviewResult {
    int requests = 0;
    int succeeded = 0;
    int served_by_fallback = 0;
    int cut_by_deadline = 0;  // requests the deadline ended (too close to wait again, or exhausted)
    double success_probability() const { return requests ? static_cast<double>(succeeded) / requests : 0.0; }
    double deadline_cut_probability() const {
        return requests ? static_cast<double>(cut_by_deadline) / requests : 0.0;
    }
    double mean_latency_ms = 0;  // start to the final answer or failure
    std::int64_t p50_latency_ms = 0;
    std::int64_t p95_latency_ms = 0;
    double mean_attempts = 0;
    // Attempts the provider billed (answered 200 or had started streaming) per delivered answer: 1.0 is a
    // policy that never pays twice.
    double cost_multiplier = 0;
    // The wait before attempt k + 2 (index 0: the first retry), across all requests that waited that often.
    std::vector<PercentileBand> wait_before_attempt;
    std::map<ErrorClass, int> final_errors;  // how many failed requests ended with each class
    // The fault each attempt drew ("none" for none), in order: the simulator with the same seed draws the
    // same sequence (one fault draw, FaultDraw.h, fed by a random stream of its own).
    std::vector<std::string> faults_drawn;
    std::int64_t deadline_ms = 0;

    // What the settings pages chart, over the run's simulated time in buckets of kTimelineBucketMs from the
    // first request (5 s: 20 buckets over the default 100 s of traffic, each holding 20 requests).
    static constexpr std::int64_t kTimelineBucketMs = 5000;
    std::int64_t duration_ms = 0;     // from the first request to the last answer
    std::vector<int> budget_denials;  // retries the retry budget refused, per bucket (Retry budget page)
    std::vector<int> deadline_cuts;   // requests the deadline ended, per bucket of their end (Timeouts page)
    // The first target's circuit breaker (Circuit breaker page): its state from the start, then each change.
    struct BreakerPoint {
        std::int64_t at_ms = 0;
        BreakerState state = BreakerState::Closed;
    };
    std::vector<BreakerPoint> primary_breaker;
};

// A Monte Carlo of a resilience policy against simulator scenarios: the real decision engine
// (RequestExecution) driven on SimulatedTime by attempts whose outcomes are drawn from each scenario's fault
// mix, with the very headers and error bodies the simulator would send (WireFormat), classified by the real
// ErrorClassifier. Deterministic per seed; no I/O. The settings dialog runs it as a person types.
class PolicyPreview {
public:
    // scenarios[i] plays target i of the chain (target_names[i]); both the same length, at least one.
    static PreviewResult run(const ResiliencePolicy& policy, const std::vector<std::string>& target_names,
                             const std::vector<Scenario>& scenarios, const PreviewOptions& options = {});
};

}  // namespace stormproof
