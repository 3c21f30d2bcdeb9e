#include "PolicyLoader.h"

#include <QUrl>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "JsonReader.h"
#include "NetworkRules.h"

namespace stormproof {

namespace {

using nlohmann::json;
using Reader = JsonReader;

constexpr std::int64_t kHourMs = 3600000;
constexpr std::int64_t kDayMs = 24 * kHourMs;
constexpr int kMaxAttemptsLimit = 20;

bool is_ascii_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// A target's name: 1..64 of [A-Za-z0-9_.-].
bool is_target_name(std::string_view name) {
    if (name.empty() || name.size() > 64)
        return false;
    for (const char c : name) {
        if (!is_ascii_alnum(c) && c != '_' && c != '.' && c != '-')
            return false;
    }
    return true;
}

// An environment variable's name: [A-Za-z_][A-Za-z0-9_]{0,127}.
bool is_env_var_name(std::string_view name) {
    if (name.empty() || name.size() > 128 || (name.front() >= '0' && name.front() <= '9'))
        return false;
    for (const char c : name) {
        if (!is_ascii_alnum(c) && c != '_')
            return false;
    }
    return true;
}

const char* kErrorClassChoices =
    "rate_limited|quota_exhausted|overloaded|server_error|timeout|network|auth|bad_request|not_found|"
    "context_length|content_policy|malformed_response";

void read_retry(Reader& r, const json& j, RetryConfig& c) {
    const std::string p = "retry";
    if (!r.expect_object(j, p,
                         {"max_attempts", "base_delay_ms", "max_delay_ms", "min_delay_ms", "backoff",
                          "jitter", "honor_retry_after", "max_retry_after_ms", "on_retry_after_above_max",
                          "send_idempotency_key", "classes"})) {
        return;
    }
    r.integer(j, p, "max_attempts", c.max_attempts, 1, kMaxAttemptsLimit);
    r.integer(j, p, "base_delay_ms", c.backoff.base_delay_ms, 0, 10 * 60000);
    r.integer(j, p, "max_delay_ms", c.backoff.max_delay_ms, 0, kHourMs);
    r.integer(j, p, "min_delay_ms", c.backoff.min_delay_ms, 0, 10 * 60000);
    r.enumeration(j, p, "backoff", c.backoff.kind, backoff_kind_from_string, "constant|linear|exponential");
    r.enumeration(j, p, "jitter", c.backoff.jitter, jitter_kind_from_string, "none|full|equal|decorrelated");
    r.boolean(j, p, "honor_retry_after", c.honor_retry_after);
    r.integer(j, p, "max_retry_after_ms", c.max_retry_after_ms, 0, kDayMs);
    r.enumeration(j, p, "on_retry_after_above_max", c.on_retry_after_above_max, above_max_action_from_string,
                  "fallback|fail|wait_max");
    r.boolean(j, p, "send_idempotency_key", c.send_idempotency_key);
    if (c.backoff.max_delay_ms < c.backoff.base_delay_ms) {
        r.error("retry.max_delay_ms", "must be at least retry.base_delay_ms (" +
                                          std::to_string(c.backoff.base_delay_ms) + "), got " +
                                          std::to_string(c.backoff.max_delay_ms));
    }
    if (c.backoff.min_delay_ms > c.backoff.max_delay_ms) {
        r.error("retry.min_delay_ms", "must be at most retry.max_delay_ms (" +
                                          std::to_string(c.backoff.max_delay_ms) + "), got " +
                                          std::to_string(c.backoff.min_delay_ms));
    }
    const json* classes = r.find(j, "classes");
    if (!classes)
        return;
    if (!classes->is_object()) {
        r.error("retry.classes",
                "must be an object keyed by error class, got " + JsonReader::describe(*classes));
        return;
    }
    for (const auto& [name, rule_json] : classes->items()) {
        const std::string cp = "retry.classes." + name;
        const auto error_class = error_class_from_string(name);
        if (!error_class || is_engine_class(*error_class)) {
            r.error(cp, std::string("unknown error class (one of ") + kErrorClassChoices + ")");
            continue;
        }
        ClassRule& rule = c.class_rules[*error_class];
        if (!r.expect_object(rule_json, cp,
                             {"retry", "max_attempts", "use_server_hint", "rotate_key", "on_exhausted"})) {
            continue;
        }
        r.boolean(rule_json, cp, "retry", rule.retry);
        r.integer(rule_json, cp, "max_attempts", rule.max_attempts, 0, kMaxAttemptsLimit);
        r.boolean(rule_json, cp, "use_server_hint", rule.use_server_hint);
        r.boolean(rule_json, cp, "rotate_key", rule.rotate_key);
        r.enumeration(rule_json, cp, "on_exhausted", rule.on_exhausted, exhausted_action_from_string,
                      "fallback|stop");
    }
}

void read_timeouts(Reader& r, const json& j, TimeoutConfig& c) {
    const std::string p = "timeouts";
    if (!r.expect_object(j, p, {"connect_ms", "first_token_ms", "idle_ms", "attempt_ms", "deadline_ms"}))
        return;
    r.integer(j, p, "connect_ms", c.connect_ms, 1, 10 * 60000);
    r.integer(j, p, "first_token_ms", c.first_token_ms, 1, kHourMs);
    r.integer(j, p, "idle_ms", c.idle_ms, 1, kHourMs);
    r.integer(j, p, "attempt_ms", c.attempt_ms, 1, kHourMs);
    r.integer(j, p, "deadline_ms", c.deadline_ms, 1, kDayMs);
}

void read_breaker(Reader& r, const json& j, BreakerConfig& c) {
    const std::string p = "circuit_breaker";
    if (!r.expect_object(
            j, p,
            {"enabled", "window", "window_ms", "window_calls", "minimum_calls", "consecutive_failures",
             "failure_rate_threshold_pct", "slow_call_ms", "slow_call_rate_threshold_pct", "open_ms",
             "open_multiplier", "max_open_ms", "half_open_probes", "failure_classes"})) {
        return;
    }
    r.boolean(j, p, "enabled", c.enabled);
    r.enumeration(j, p, "window", c.window, breaker_window_from_string, "time|count");
    r.integer(j, p, "window_ms", c.window_ms, 1000, kHourMs);
    r.integer(j, p, "window_calls", c.window_calls, 1, 10000);
    r.integer(j, p, "minimum_calls", c.minimum_calls, 1, 10000);
    r.integer(j, p, "consecutive_failures", c.consecutive_failures, 0, 10000);
    r.number(j, p, "failure_rate_threshold_pct", c.failure_rate_threshold_pct, 1, 100);
    r.integer(j, p, "slow_call_ms", c.slow_call_ms, 1, kHourMs);
    r.number(j, p, "slow_call_rate_threshold_pct", c.slow_call_rate_threshold_pct, 1, 100);
    r.integer(j, p, "open_ms", c.open_ms, 100, kHourMs);
    r.number(j, p, "open_multiplier", c.open_multiplier, 1, 10);
    r.integer(j, p, "max_open_ms", c.max_open_ms, 100, kDayMs);
    r.integer(j, p, "half_open_probes", c.half_open_probes, 1, 100);
    if (c.max_open_ms < c.open_ms) {
        r.error("circuit_breaker.max_open_ms", "must be at least circuit_breaker.open_ms (" +
                                                   std::to_string(c.open_ms) + "), got " +
                                                   std::to_string(c.max_open_ms));
    }
    if (const json* classes = r.find(j, "failure_classes")) {
        if (!classes->is_array()) {
            r.error("circuit_breaker.failure_classes",
                    "must be an array of error classes, got " + JsonReader::describe(*classes));
            return;
        }
        std::set<ErrorClass> parsed;
        for (std::size_t i = 0; i < classes->size(); ++i) {
            const json& item = (*classes)[i];
            const auto ec =
                item.is_string() ? error_class_from_string(item.get<std::string>()) : std::nullopt;
            if (!ec || is_engine_class(*ec)) {
                r.error("circuit_breaker.failure_classes[" + std::to_string(i) + "]",
                        std::string("must be one of ") + kErrorClassChoices);
                continue;
            }
            parsed.insert(*ec);
        }
        c.failure_classes = parsed;
    }
}

void read_budget(Reader& r, const json& j, BudgetConfig& c) {
    const std::string p = "budget";
    if (!r.expect_object(j, p, {"enabled", "scope", "retry_ratio", "min_retries_per_s", "window_ms"}))
        return;
    r.boolean(j, p, "enabled", c.enabled);
    r.enumeration(j, p, "scope", c.scope, budget_scope_from_string, "global|target|conversation");
    r.number(j, p, "retry_ratio", c.retry_ratio, 0, 10);
    r.number(j, p, "min_retries_per_s", c.min_retries_per_s, 0, 1000);
    r.integer(j, p, "window_ms", c.window_ms, 1000, 10 * 60000);
}

void read_hedging(Reader& r, const json& j, HedgingConfig& c) {
    const std::string p = "hedging";
    if (!r.expect_object(j, p, {"enabled", "delay_ms", "max_hedges"}))
        return;
    r.boolean(j, p, "enabled", c.enabled);
    r.integer(j, p, "delay_ms", c.delay_ms, 0, 10 * 60000);
    r.integer(j, p, "max_hedges", c.max_hedges, 1, 5);
}

void read_stream(Reader& r, const json& j, StreamConfig& c) {
    const std::string p = "stream";
    if (!r.expect_object(j, p, {"after_first_token"}))
        return;
    r.enumeration(j, p, "after_first_token", c.after_first_token, after_first_token_from_string,
                  "fail|restart|continue");
}

void read_targets(Reader& r, const json& j, std::vector<TargetConfig>& out) {
    if (!j.is_array()) {
        r.error("targets", "must be an array of targets, got " + JsonReader::describe(j));
        return;
    }
    if (j.empty()) {
        r.error("targets", "must name at least one target (or be left out for the built-in simulator)");
        return;
    }
    std::set<std::string> names;
    out.clear();
    for (std::size_t i = 0; i < j.size(); ++i) {
        const std::string p = "targets[" + std::to_string(i) + "]";
        const json& t = j[i];
        TargetConfig target;
        if (!r.expect_object(
                t, p,
                {"name", "provider", "base_url", "model", "api_keys", "allow_insecure_http", "scenario"})) {
            continue;
        }
        if (!r.string(t, p, "name", target.name)) {
            if (!r.find(t, "name"))
                r.error(p + ".name", "is required");
        } else if (!is_target_name(target.name)) {
            r.error(p + ".name",
                    "must be 1..64 letters, digits, '_', '.' or '-', got \"" + target.name + "\"");
        } else if (!names.insert(target.name).second) {
            r.error(p + ".name", "duplicates an earlier target's name \"" + target.name + "\"");
        }
        if (!r.find(t, "provider")) {
            r.error(p + ".provider", "is required (openai|anthropic|simulator)");
        }
        r.enumeration(t, p, "provider", target.provider, provider_kind_from_string,
                      "openai|anthropic|simulator");
        r.string(t, p, "model", target.model);
        if (target.model.empty() && target.provider != ProviderKind::Simulator && r.find(t, "provider")) {
            r.error(p + ".model", "is required for provider " + std::string(to_string(target.provider)));
        }
        r.boolean(t, p, "allow_insecure_http", target.allow_insecure_http);
        r.string(t, p, "scenario", target.scenario);
        if (r.string(t, p, "base_url", target.base_url)) {
            const std::string problem =
                NetworkRules::base_url_problem(target.base_url, target.allow_insecure_http);
            if (!problem.empty())
                r.error(p + ".base_url", problem);
        }
        if (const json* keys = r.find(t, "api_keys")) {
            if (!keys->is_array()) {
                r.error(p + ".api_keys", "must be an array of {\"env\": VAR} or {\"keychain\": LABEL}");
            } else {
                for (std::size_t k = 0; k < keys->size(); ++k) {
                    const std::string kp = p + ".api_keys[" + std::to_string(k) + "]";
                    const json& key = (*keys)[k];
                    if (!key.is_object()) {
                        // Never echo the value: a literal key pasted here is exactly what must not reach a
                        // log.
                        r.error(
                            kp,
                            "must be {\"env\": VAR} or {\"keychain\": LABEL}; literal keys are not allowed "
                            "in the policy file");
                        continue;
                    }
                    if (!r.expect_object(key, kp, {"env", "keychain"}))
                        continue;
                    KeyRef ref;
                    const bool env = r.string(key, kp, "env", ref.name);
                    if (env) {
                        ref.source = KeyRef::Source::Env;
                        if (!is_env_var_name(ref.name)) {
                            r.error(kp + ".env",
                                    "must be an environment variable name (letters, digits, '_')");
                            continue;
                        }
                    }
                    std::string label;
                    const bool chain = r.string(key, kp, "keychain", label);
                    if (env == chain) {
                        r.error(kp, "must have exactly one of \"env\" or \"keychain\"");
                        continue;
                    }
                    if (chain) {
                        if (label.empty()) {
                            r.error(kp + ".keychain", "must not be empty");
                            continue;
                        }
                        ref = KeyRef{KeyRef::Source::Keychain, label};
                    }
                    target.api_keys.push_back(ref);
                }
            }
        }
        out.push_back(std::move(target));
    }
}

}  // namespace

PolicyLoadResult PolicyLoader::from_json(const json& document) {
    Reader r;
    Policy policy = Policy::default_policy();
    if (r.expect_object(
            document, "",
            {"version", "targets", "retry", "timeouts", "circuit_breaker", "budget", "hedging", "stream"})) {
        if (const json* v = r.find(document, "version")) {
            if (!v->is_number_integer() || v->get<std::int64_t>() != Policy::kVersion) {
                r.error("version", "must be 1 (the only version this Stormproof reads), got " +
                                       JsonReader::describe(*v));
            }
        }
        if (const json* v = r.find(document, "targets"))
            read_targets(r, *v, policy.targets);
        if (const json* v = r.find(document, "retry"))
            read_retry(r, *v, policy.resilience.retry);
        if (const json* v = r.find(document, "timeouts"))
            read_timeouts(r, *v, policy.resilience.timeouts);
        if (const json* v = r.find(document, "circuit_breaker"))
            read_breaker(r, *v, policy.resilience.breaker);
        if (const json* v = r.find(document, "budget"))
            read_budget(r, *v, policy.resilience.budget);
        if (const json* v = r.find(document, "hedging"))
            read_hedging(r, *v, policy.resilience.hedging);
        if (const json* v = r.find(document, "stream"))
            read_stream(r, *v, policy.resilience.stream);
    }
    PolicyLoadResult result;
    result.errors = std::move(r.errors);
    if (result.errors.empty())
        result.policy = std::move(policy);
    return result;
}

PolicyLoadResult PolicyLoader::from_text(std::string_view text) {
    PolicyLoadResult result;
    const auto document = JsonReader::parse(text, result.errors);
    return document ? from_json(*document) : result;
}

PolicyLoadResult PolicyLoader::from_file(const std::string& path) {
    std::string text;
    PolicyLoadResult result;
    if (!JsonReader::read_file(path, text, result.errors))
        return result;
    return from_text(text);
}

}  // namespace stormproof
