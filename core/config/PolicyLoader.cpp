#include "PolicyLoader.h"

#include <QUrl>
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "JsonReader.h"
#include "NetworkRules.h"
#include "PolicyFields.h"

namespace stormproof {

namespace {

using nlohmann::json;
using Reader = JsonReader;

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

// Reads the value of one field of the table (PolicyFields) at object[key]: its type, range or choices
// checked as the table says. True (with value set) when present and valid.
bool read_value(Reader& r, const json& object, const std::string& path, const PolicyField& field,
                json& value) {
    const std::string key(field.key());
    if (!r.find(object, key))
        return false;
    const std::size_t errors_before = r.errors.size();
    switch (field.type) {
        case FieldType::Integer: {
            std::int64_t v = 0;
            r.integer(object, path, key, v, static_cast<std::int64_t>(field.min),
                      static_cast<std::int64_t>(field.max));
            value = v;
            break;
        }
        case FieldType::Number: {
            double v = 0;
            r.number(object, path, key, v, field.min, field.max);
            value = v;
            break;
        }
        case FieldType::Boolean: {
            bool v = false;
            r.boolean(object, path, key, v);
            value = v;
            break;
        }
        case FieldType::Choice: {
            std::size_t index = 0;
            const auto parse = [&field](std::string_view text) -> std::optional<std::size_t> {
                const auto it = std::find(field.choices.begin(), field.choices.end(), text);
                if (it == field.choices.end())
                    return std::nullopt;
                return static_cast<std::size_t>(it - field.choices.begin());
            };
            r.enumeration(object, path, key, index, parse, field.choice_list());
            value = std::string(field.choices.at(index));
            break;
        }
        case FieldType::Text:
        case FieldType::Special:
            return false;  // read by code of their own
    }
    return r.errors.size() == errors_before;
}

// The table's scalar keys of one section ("retry", "timeouts", ...) into policy.
void read_fields(Reader& r, const json& j, std::string_view section, ResiliencePolicy& policy) {
    const std::string path(section);
    for (const PolicyField* f : PolicyFields::section(section)) {
        json value;
        if (f->set && read_value(r, j, path, *f, value))
            f->set(policy, value);
    }
}

void read_retry(Reader& r, const json& j, ResiliencePolicy& policy) {
    RetryConfig& c = policy.retry;
    if (!r.expect_object(j, "retry", PolicyFields::keys("retry")))
        return;
    read_fields(r, j, "retry", policy);
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
    const auto rule_fields = PolicyFields::section("retry.classes.*");
    for (const auto& [name, rule_json] : classes->items()) {
        const std::string cp = "retry.classes." + name;
        const auto error_class = error_class_from_string(name);
        if (!error_class || is_engine_class(*error_class)) {
            r.error(cp, std::string("unknown error class (one of ") + kErrorClassChoices + ")");
            continue;
        }
        ClassRule& rule = c.class_rules[*error_class];
        if (!r.expect_object(rule_json, cp, PolicyFields::keys("retry.classes.*")))
            continue;
        for (const PolicyField* f : rule_fields) {
            json value;
            if (f->set_rule && read_value(r, rule_json, cp, *f, value))
                f->set_rule(rule, value);
        }
    }
}

void read_timeouts(Reader& r, const json& j, ResiliencePolicy& policy) {
    if (r.expect_object(j, "timeouts", PolicyFields::keys("timeouts")))
        read_fields(r, j, "timeouts", policy);
}

void read_breaker(Reader& r, const json& j, ResiliencePolicy& policy) {
    BreakerConfig& c = policy.breaker;
    if (!r.expect_object(j, "circuit_breaker", PolicyFields::keys("circuit_breaker")))
        return;
    read_fields(r, j, "circuit_breaker", policy);
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

// budget, hedging, stream: the table's keys and nothing else.
void read_plain_section(Reader& r, const json& j, std::string_view section, ResiliencePolicy& policy) {
    if (r.expect_object(j, std::string(section), PolicyFields::keys(section)))
        read_fields(r, j, section, policy);
}

// shared_state: the table's numbers, and the URL and the prefix checked by their own rules.
void read_shared_state(Reader& r, const json& j, ResiliencePolicy& policy) {
    SharedStateConfig& c = policy.shared_state;
    if (!r.expect_object(j, "shared_state", PolicyFields::keys("shared_state")))
        return;
    read_fields(r, j, "shared_state", policy);
    std::string url;
    if (r.string(j, "shared_state", "redis_url", url)) {
        if (!url.empty()) {
            if (const auto endpoint = parse_redis_url(url); !endpoint)
                r.error("shared_state.redis_url", endpoint.error().message);
        }
        c.redis_url = url;
    }
    std::string prefix;
    if (r.string(j, "shared_state", "key_prefix", prefix)) {
        if (!valid_key_prefix(prefix))
            r.error("shared_state.key_prefix", "must be 1..64 printable characters without spaces");
        c.key_prefix = prefix;
    }
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
        if (!r.expect_object(t, p, PolicyFields::keys("targets[]")))
            continue;
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
            r.error(p + ".provider",
                    "is required (" + PolicyFields::find("targets[].provider")->choice_list() + ")");
        }
        r.enumeration(t, p, "provider", target.provider, provider_kind_from_string,
                      PolicyFields::find("targets[].provider")->choice_list());
        r.string(t, p, "model", target.model);
        if (target.model.empty() && target.provider != ProviderKind::Simulator && r.find(t, "provider")) {
            r.error(p + ".model", "is required for provider " + std::string(to_string(target.provider)));
        }
        r.boolean(t, p, "allow_insecure_http", target.allow_insecure_http);
        r.string(t, p, "scenario", target.scenario);
        r.enumeration(t, p, "auth_header", target.auth_header, auth_header_from_string,
                      PolicyFields::find("targets[].auth_header")->choice_list());
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
    if (r.expect_object(document, "",
                        {"version", "targets", "retry", "timeouts", "circuit_breaker", "budget", "hedging",
                         "stream", "shared_state"})) {
        if (const json* v = r.find(document, "version")) {
            if (!v->is_number_integer() || v->get<std::int64_t>() != Policy::kVersion) {
                r.error("version", "must be 1 (the only version this Stormproof reads), got " +
                                       JsonReader::describe(*v));
            }
        }
        if (const json* v = r.find(document, "targets"))
            read_targets(r, *v, policy.targets);
        ResiliencePolicy& resilience = policy.resilience;
        if (const json* v = r.find(document, "retry"))
            read_retry(r, *v, resilience);
        if (const json* v = r.find(document, "timeouts"))
            read_timeouts(r, *v, resilience);
        if (const json* v = r.find(document, "circuit_breaker"))
            read_breaker(r, *v, resilience);
        for (const std::string_view section : {"budget", "hedging", "stream"}) {
            if (const json* v = r.find(document, section))
                read_plain_section(r, *v, section, resilience);
        }
        if (const json* v = r.find(document, "shared_state"))
            read_shared_state(r, *v, resilience);
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
