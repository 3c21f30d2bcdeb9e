#include "MetricsRegistry.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include "resilience/Text.h"

namespace stormproof {

namespace {
// gen_ai.operation.name: every call Stormproof makes is a chat completion (OpenAI) or a message (Anthropic),
// both "chat" in the conventions' list of well-known operation names.
constexpr const char* kOperationChat = "chat";
constexpr BreakerState kAllBreakerStates[] = {BreakerState::Closed, BreakerState::Open,
                                              BreakerState::HalfOpen, BreakerState::ForcedOpen,
                                              BreakerState::Disabled};

double seconds(std::int64_t ms) {
    return static_cast<double>(ms) / 1000.0;
}

// A label value from outside: valid UTF-8 (the exposition is UTF-8), bounded in length.
std::string clean(std::string_view raw) {
    std::string text = text_from_bytes(raw);
    if (text.size() <= MetricsRegistry::kMaxLabelBytes)
        return text;
    // Cut at a character boundary: back up over continuation bytes (10xxxxxx).
    std::size_t cut = MetricsRegistry::kMaxLabelBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    text.resize(cut);
    return text;
}

// One value of a capped label: kept if already seen or while there is room, else folded into kOtherLabel.
std::string bounded(std::set<std::string>& seen, std::size_t cap, const std::string& raw) {
    std::string value = clean(raw);
    if (seen.count(value))
        return value;
    if (seen.size() < cap) {
        seen.insert(value);
        return value;
    }
    return std::string(MetricsRegistry::kOtherLabel);
}
}  // namespace

const std::vector<double>& MetricsRegistry::duration_buckets_s() {
    static const std::vector<double> buckets = {0.01, 0.02, 0.04, 0.08,  0.16,  0.32,  0.64,
                                                1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92};
    return buckets;
}

const std::vector<double>& MetricsRegistry::token_buckets() {
    static const std::vector<double> buckets = {1,     4,     16,     64,      256,     1024,     4096,
                                                16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864};
    return buckets;
}

MetricsRegistry::MetricsRegistry(EventBus& bus) : registry_(std::make_unique<prometheus::Registry>()) {
    using prometheus::BuildCounter;
    using prometheus::BuildGauge;
    using prometheus::BuildHistogram;
    operation_duration_ = &BuildHistogram()
                               .Name("gen_ai_client_operation_duration_seconds")
                               .Help(
                                   "Duration of one call to a provider (one attempt), in seconds "
                                   "(OpenTelemetry gen_ai.client.operation.duration).")
                               .Register(*registry_);
    token_usage_ = &BuildHistogram()
                        .Name("gen_ai_client_token_usage")
                        .Help(
                            "Tokens a provider reported for a delivered reply, by gen_ai_token_type "
                            "(OpenTelemetry gen_ai.client.token.usage).")
                        .Register(*registry_);
    time_to_first_chunk_ = &BuildHistogram()
                                .Name("gen_ai_client_operation_time_to_first_chunk_seconds")
                                .Help(
                                    "Time from sending an attempt to its first chunk of reply, in seconds "
                                    "(OpenTelemetry gen_ai.client.operation.time_to_first_chunk).")
                                .Register(*registry_);
    attempts_ = &BuildCounter()
                     .Name("stormproof_attempts_total")
                     .Help("Attempts sent to targets, counted when they end, by outcome and error class.")
                     .Register(*registry_);
    requests_ = &BuildCounter()
                     .Name("stormproof_requests_total")
                     .Help("Requests ended (each once, whatever number of attempts it took), by outcome.")
                     .Register(*registry_);
    retries_ = &BuildCounter()
                    .Name("stormproof_retries_total")
                    .Help(
                        "Attempts sent to a target that already had one in the same request (retries "
                        "and next-key rotations; not hedges, not a fallback's first attempt).")
                    .Register(*registry_);
    fallbacks_ = &BuildCounter()
                      .Name("stormproof_fallbacks_total")
                      .Help(
                          "Requests moved from one target to the next, by reason (breaker_open: a "
                          "short-circuit).")
                      .Register(*registry_);
    budget_rejections_ = &BuildCounter()
                              .Name("stormproof_retry_budget_rejections_total")
                              .Help("Retries and hedges the retry budget refused.")
                              .Register(*registry_);
    circuit_state_ = &BuildGauge()
                          .Name("stormproof_circuit_state")
                          .Help("1 for the state each target's circuit breaker is in, 0 for the others.")
                          .Register(*registry_);
    subscription_ = bus.subscription([this](const TelemetryEvent& e) { record(e); });
}

MetricsRegistry::~MetricsRegistry() = default;

std::string MetricsRegistry::target_label(const std::string& name) {
    return bounded(targets_seen_, kMaxTargets, name);
}

std::string MetricsRegistry::model_label(const std::string& name) {
    return bounded(models_seen_, kMaxModels, name);
}

std::string MetricsRegistry::provider_label(const std::string& target) const {
    const auto it = provider_of_.find(target);
    return it == provider_of_.end() ? std::string(kOtherLabel) : std::string(to_string(it->second));
}

void MetricsRegistry::set_policy(const Policy& policy) {
    for (const TargetConfig& t : policy.targets) {
        provider_of_[t.name] = t.provider;
        if (!breaker_of_.count(t.name))
            set_breaker(t.name,
                        policy.resilience.breaker.enabled ? BreakerState::Closed : BreakerState::Disabled);
    }
}

void MetricsRegistry::set_shared_state_configured(bool configured) {
    if (configured && !shared_state_up_) {
        shared_state_up_ = &prometheus::BuildGauge()
                                .Name("stormproof_shared_state_up")
                                .Help(
                                    "1 while the link to the shared state (Redis) is up, 0 while it is down "
                                    "or not yet up; absent when no shared state is configured.")
                                .Register(*registry_);
        shared_state_gauge_ = &shared_state_up_->Add({});
    } else if (!configured && shared_state_up_) {
        registry_->Remove(*shared_state_up_);
        shared_state_up_ = nullptr;
        shared_state_gauge_ = nullptr;
    }
}

void MetricsRegistry::set_breaker(const std::string& target, BreakerState state) {
    const std::string label = target_label(target);
    breaker_of_[target] = state;
    for (const BreakerState s : kAllBreakerStates) {
        circuit_state_->Add({{"target", label}, {"state", std::string(to_string(s))}})
            .Set(s == state ? 1.0 : 0.0);
    }
}

void MetricsRegistry::count_attempt(const std::string& target, std::string_view outcome,
                                    std::string_view error_class) {
    attempts_
        ->Add({{"target", target_label(target)},
               {"outcome", std::string(outcome)},
               {"error_class", std::string(error_class)}})
        .Increment();
}

void MetricsRegistry::close_request(const std::string& trace_id) {
    const auto it = open_.find(trace_id);
    if (it == open_.end())
        return;
    // Attempts still open when their request ends were stopped with it (a race's loser, the caller's
    // cancel): counted once, as cancelled, so the total equals the attempts sent.
    for (const auto& [id, attempt] : it->second.attempts)
        count_attempt(attempt.target, "cancelled", to_string(ErrorClass::Cancelled));
    open_order_.erase(it->second.order);
    open_.erase(it);
}

void MetricsRegistry::on_attempt_finished(const TelemetryEvent& e) {
    // Counted once per attempt seen starting: a hedge's loser publishes hedge_cancelled and may then
    // finish as cancelled too.
    bool counted_here = false;
    if (const auto r = open_.find(e.trace_id); r != open_.end() && e.attempt) {
        if (const auto a = r->second.attempts.find(*e.attempt); a != r->second.attempts.end()) {
            r->second.attempts.erase(a);
            counted_here = true;
        }
    }
    const bool cancelled = e.error_class == ErrorClass::Cancelled;
    const std::string error_class = e.error_class ? std::string(to_string(*e.error_class)) : "none";
    if (counted_here)
        count_attempt(e.target, cancelled ? "cancelled" : e.error_class ? "failure" : "success", error_class);

    const std::string provider = provider_label(e.target);
    const std::string model = model_label(e.model);
    prometheus::Labels labels = {{"gen_ai_operation_name", kOperationChat},
                                 {"gen_ai_provider_name", provider},
                                 {"gen_ai_request_model", model}};
    if (e.duration_ms) {
        prometheus::Labels with_error = labels;
        if (e.error_class)
            with_error["error_type"] = error_class;  // OpenTelemetry's error.type, set when the call failed
        operation_duration_->Add(with_error, duration_buckets_s()).Observe(seconds(*e.duration_ms));
    }
    if (e.error_class)
        return;  // tokens and first chunks of delivered replies only
    if (e.ttft_ms)
        time_to_first_chunk_->Add(labels, duration_buckets_s()).Observe(seconds(*e.ttft_ms));
    const auto tokens = [&](const char* type, const std::optional<int>& count) {
        if (!count || *count <= 0)
            return;  // not reported: no observation (a 0 would read as an empty reply)
        prometheus::Labels with_type = labels;
        with_type["gen_ai_token_type"] = type;
        token_usage_->Add(with_type, token_buckets()).Observe(static_cast<double>(*count));
    };
    tokens("input", e.input_tokens);
    tokens("output", e.output_tokens);
}

void MetricsRegistry::record(const TelemetryEvent& e) {
    switch (e.event) {
        case EventKind::AttemptStarted: {
            if (!e.hedge && e.attempt_on_target.value_or(1) > 1)
                retries_->Add({{"target", target_label(e.target)}}).Increment();
            if (!e.attempt)
                break;
            auto it = open_.find(e.trace_id);
            if (it == open_.end()) {
                if (open_.size() >= kMaxOpenRequests) {
                    const std::string oldest = open_order_.front();  // a copy: closing erases it
                    close_request(oldest);
                }
                open_order_.push_back(e.trace_id);
                it = open_.emplace(e.trace_id, OpenRequest{{}, std::prev(open_order_.end())}).first;
            }
            it->second.attempts[*e.attempt] = OpenAttempt{e.target};
            break;
        }
        case EventKind::AttemptFinished:
            on_attempt_finished(e);
            break;
        case EventKind::HedgeCancelled:
            if (const auto r = open_.find(e.trace_id); r != open_.end() && e.attempt) {
                if (r->second.attempts.erase(*e.attempt) > 0)
                    count_attempt(e.target, "cancelled", to_string(ErrorClass::Cancelled));
            }
            break;
        case EventKind::RequestFinished: {
            close_request(e.trace_id);
            const bool cancelled = !e.ok.value_or(false) && e.error_class == ErrorClass::Cancelled;
            const char* outcome = e.ok.value_or(false) ? "success" : cancelled ? "cancelled" : "failure";
            requests_->Add({{"outcome", outcome}}).Increment();
            break;
        }
        case EventKind::Fallback:
            fallbacks_
                ->Add({{"from_target", target_label(e.from_target)},
                       {"to_target", target_label(e.target)},
                       {"reason", e.reason ? std::string(to_string(*e.reason)) : "none"}})
                .Increment();
            break;
        case EventKind::BudgetDenied:
            budget_rejections_->Add({{"target", target_label(e.target)}}).Increment();
            break;
        case EventKind::BreakerTransition:
            if (e.to_state)
                set_breaker(e.target, *e.to_state);
            break;
        case EventKind::SharedStateChanged:
            set_shared_state_configured(true);
            shared_state_gauge_->Set(e.ok.value_or(false) ? 1.0 : 0.0);
            break;
        case EventKind::RequestStarted:
        case EventKind::RetryScheduled:
        case EventKind::NextKey:
        case EventKind::HedgeStarted:
        case EventKind::DeadlineExhausted:
            break;
    }
}

std::string MetricsRegistry::exposition() const {
    return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace stormproof
