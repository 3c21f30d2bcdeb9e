#include "PolicyWriter.h"

#include <QSaveFile>
#include <nlohmann/json.hpp>
#include "resilience/Text.h"

namespace stormproof {

using nlohmann::json;

json PolicyWriter::to_json(const Policy& policy) {
    const ResiliencePolicy& r = policy.resilience;
    json targets = json::array();
    for (const TargetConfig& t : policy.targets) {
        json target = {{"name", t.name}, {"provider", std::string(to_string(t.provider))}};
        if (!t.base_url.empty())
            target["base_url"] = t.base_url;
        if (!t.model.empty())
            target["model"] = t.model;
        if (!t.api_keys.empty()) {
            json keys = json::array();
            for (const KeyRef& k : t.api_keys) {
                keys.push_back({{k.source == KeyRef::Source::Env ? "env" : "keychain", k.name}});
            }
            target["api_keys"] = keys;
        }
        if (t.allow_insecure_http)
            target["allow_insecure_http"] = true;
        if (!t.scenario.empty())
            target["scenario"] = t.scenario;
        targets.push_back(target);
    }

    json classes = json::object();
    for (const auto& [error_class, rule] : r.retry.class_rules) {
        if (is_engine_class(error_class))
            continue;
        classes[std::string(to_string(error_class))] = {
            {"retry", rule.retry},
            {"max_attempts", rule.max_attempts},
            {"use_server_hint", rule.use_server_hint},
            {"rotate_key", rule.rotate_key},
            {"on_exhausted", std::string(to_string(rule.on_exhausted))}};
    }
    json failure_classes = json::array();
    for (ErrorClass c : r.breaker.failure_classes)
        failure_classes.push_back(std::string(to_string(c)));

    return json{
        {"version", Policy::kVersion},
        {"targets", targets},
        {"retry",
         {{"max_attempts", r.retry.max_attempts},
          {"base_delay_ms", r.retry.backoff.base_delay_ms},
          {"max_delay_ms", r.retry.backoff.max_delay_ms},
          {"min_delay_ms", r.retry.backoff.min_delay_ms},
          {"backoff", std::string(to_string(r.retry.backoff.kind))},
          {"jitter", std::string(to_string(r.retry.backoff.jitter))},
          {"honor_retry_after", r.retry.honor_retry_after},
          {"max_retry_after_ms", r.retry.max_retry_after_ms},
          {"on_retry_after_above_max", std::string(to_string(r.retry.on_retry_after_above_max))},
          {"send_idempotency_key", r.retry.send_idempotency_key},
          {"classes", classes}}},
        {"timeouts",
         {{"connect_ms", r.timeouts.connect_ms},
          {"first_token_ms", r.timeouts.first_token_ms},
          {"idle_ms", r.timeouts.idle_ms},
          {"attempt_ms", r.timeouts.attempt_ms},
          {"deadline_ms", r.timeouts.deadline_ms}}},
        {"circuit_breaker",
         {{"enabled", r.breaker.enabled},
          {"window", std::string(to_string(r.breaker.window))},
          {"window_ms", r.breaker.window_ms},
          {"window_calls", r.breaker.window_calls},
          {"minimum_calls", r.breaker.minimum_calls},
          {"consecutive_failures", r.breaker.consecutive_failures},
          {"failure_rate_threshold_pct", r.breaker.failure_rate_threshold_pct},
          {"slow_call_ms", r.breaker.slow_call_ms},
          {"slow_call_rate_threshold_pct", r.breaker.slow_call_rate_threshold_pct},
          {"open_ms", r.breaker.open_ms},
          {"open_multiplier", r.breaker.open_multiplier},
          {"max_open_ms", r.breaker.max_open_ms},
          {"half_open_probes", r.breaker.half_open_probes},
          {"failure_classes", failure_classes}}},
        {"budget",
         {{"enabled", r.budget.enabled},
          {"scope", std::string(to_string(r.budget.scope))},
          {"retry_ratio", r.budget.retry_ratio},
          {"min_retries_per_s", r.budget.min_retries_per_s},
          {"window_ms", r.budget.window_ms}}},
        {"hedging",
         {{"enabled", r.hedging.enabled},
          {"delay_ms", r.hedging.delay_ms},
          {"max_hedges", r.hedging.max_hedges}}},
        {"stream", {{"after_first_token", std::string(to_string(r.stream.after_first_token))}}},
    };
}

std::string PolicyWriter::to_text(const Policy& policy) {
    return to_json_text(to_json(policy), 2) + "\n";
}

std::string PolicyWriter::save(const Policy& policy, const std::string& path) {
    QSaveFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::WriteOnly)) {
        return "cannot write " + path + ": " + file.errorString().toStdString();
    }
    const std::string text = to_text(policy);
    if (file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size())) {
        const std::string error = file.errorString().toStdString();
        file.cancelWriting();
        return "cannot write " + path + ": " + error;
    }
    if (!file.commit()) {
        return "cannot replace " + path + ": " + file.errorString().toStdString();
    }
    return {};
}

}  // namespace stormproof
