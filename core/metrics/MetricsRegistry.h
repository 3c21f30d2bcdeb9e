#pragma once
// The process's numbers in the format every monitoring stack scrapes (Prometheus text exposition 0.0.4),
// built from telemetry events alone, with prometheus-cpp's registry and TextSerializer. docs/METRICS.md names
// every metric, its labels and when it moves.
//
// Subscribes to the EventBus for as long as it lives (an EventBus::Subscription). Label values come from
// outside (model names, target names from a policy file): each label's distinct values are capped and the
// rest fold into "_other", so a caller cannot grow the exposition without bound.

#include <cstddef>
#include <list>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "config/Policy.h"
#include "telemetry/EventBus.h"

namespace prometheus {
class Registry;
class Counter;
class Gauge;
class Histogram;
template <typename T>
class Family;
}  // namespace prometheus

namespace stormproof {

class MetricsRegistry {
public:
    // Distinct values kept per label before the rest fold into kOtherLabel: a policy names a handful of
    // targets and models; 64 is far above any policy we ship and keeps a scrape under ~1 MB even with every
    // histogram child present (64 models x 3 providers x 17 lines).
    static constexpr std::size_t kMaxTargets = 64;
    static constexpr std::size_t kMaxModels = 64;
    // A label value longer than this is cut, at a character boundary (UTF-8 sanitised first): a model name is
    // under 100 bytes.
    static constexpr std::size_t kMaxLabelBytes = 128;
    // Requests whose attempts are followed between attempt_started and their end: a request that never
    // publishes request_finished (its caller went away and the call was deleted) must not hold memory for
    // ever. 10,000: forty times the gateway's default concurrency cap (256).
    static constexpr std::size_t kMaxOpenRequests = 10'000;
    static constexpr std::string_view kOtherLabel = "_other";

    // The OpenTelemetry GenAI semantic conventions' advisory bucket boundaries (gen-ai-metrics.md,
    // "Metric: gen_ai.client.operation.duration" and "gen_ai.client.token.usage"): seconds doubling from
    // 10 ms to 81.92 s, and tokens by powers of four from 1 to 4^13 = 67,108,864. time_to_first_chunk uses
    // the duration's boundaries (the conventions give it the same unit and no list of its own).
    static const std::vector<double>& duration_buckets_s();
    static const std::vector<double>& token_buckets();

    explicit MetricsRegistry(EventBus& bus);
    ~MetricsRegistry();
    MetricsRegistry(const MetricsRegistry&) = delete;
    MetricsRegistry& operator=(const MetricsRegistry&) = delete;

    // The targets' providers (gen_ai_provider_name) and their breakers' starting states (closed, or disabled
    // when the policy turns breakers off) for targets no transition has been seen for yet. Call it with the
    // policy in force, again when it changes.
    void set_policy(const Policy& policy);
    // Whether this process has a shared state (Redis) to be up or down. Without one,
    // stormproof_shared_state_up is absent (not 0: nothing is down). With one, it reads 0 until the first
    // shared_state_changed event says the link is up. A shared_state_changed event also marks it configured.
    void set_shared_state_configured(bool configured);

    // One event (the subscription calls it; tests may too).
    void record(const TelemetryEvent& event);

    // The whole exposition: Prometheus text format 0.0.4 (served by GatewayServer's GET /metrics and by
    // MetricsEndpoint, gateway/MetricsEndpoint.h, with its content type).
    std::string exposition() const;

private:
    struct OpenAttempt {
        std::string target;
    };
    struct OpenRequest {
        std::map<int, OpenAttempt> attempts;
        std::list<std::string>::iterator order;
    };
    std::string target_label(const std::string& name);
    std::string model_label(const std::string& name);
    std::string provider_label(const std::string& target) const;
    void count_attempt(const std::string& target, std::string_view outcome, std::string_view error_class);
    void close_request(const std::string& trace_id);
    void set_breaker(const std::string& target, BreakerState state);
    void on_attempt_finished(const TelemetryEvent& e);

    std::unique_ptr<prometheus::Registry> registry_;
    prometheus::Family<prometheus::Histogram>* operation_duration_ = nullptr;
    prometheus::Family<prometheus::Histogram>* token_usage_ = nullptr;
    prometheus::Family<prometheus::Histogram>* time_to_first_chunk_ = nullptr;
    prometheus::Family<prometheus::Counter>* attempts_ = nullptr;
    prometheus::Family<prometheus::Counter>* requests_ = nullptr;
    prometheus::Family<prometheus::Counter>* retries_ = nullptr;
    prometheus::Family<prometheus::Counter>* fallbacks_ = nullptr;
    prometheus::Family<prometheus::Counter>* budget_rejections_ = nullptr;
    prometheus::Family<prometheus::Gauge>* circuit_state_ = nullptr;
    prometheus::Family<prometheus::Gauge>* shared_state_up_ = nullptr;
    prometheus::Gauge* shared_state_gauge_ = nullptr;

    std::set<std::string> targets_seen_;
    std::set<std::string> models_seen_;
    std::map<std::string, ProviderKind> provider_of_;
    std::map<std::string, BreakerState> breaker_of_;
    std::map<std::string, OpenRequest> open_;
    std::list<std::string> open_order_;  // oldest first
    EventBus::Subscription subscription_;
};

}  // namespace stormproof
