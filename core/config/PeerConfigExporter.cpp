#include "PeerConfigExporter.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include "resilience/Text.h"

namespace stormproof {

namespace {

// What every export loses, whatever the policy: Stormproof's own mechanisms with no counterpart.
void common_gaps(const Policy& p, std::vector<std::string>& gaps) {
    if (p.resilience.budget.enabled)
        gaps.push_back("retry budget (retries as a share of traffic)");
    gaps.push_back("one deadline across retries and fallbacks (exported as a per-request timeout)");
    if (p.resilience.breaker.enabled)
        gaps.push_back("half-open probes and growing open times of the circuit breaker");
    if (p.resilience.retry.backoff.jitter != JitterKind::Full)
        gaps.push_back("the jitter kind");
    if (p.resilience.hedging.enabled)
        gaps.push_back("hedging");
    if (p.resilience.stream.after_first_token != AfterFirstToken::Fail)
        gaps.push_back("stream restart/continue after the first token");
    gaps.push_back("time to first token and idle timeouts inside a stream");
}

std::string key_expression(const KeyRef& k, const char* style, std::vector<std::string>& gaps) {
    if (k.source == KeyRef::Source::Env)
        return std::string(style) == "litellm" ? "os.environ/" + k.name : "${" + k.name + "}";
    gaps.push_back("keyring key \"" + k.name + "\" (export it as an environment variable)");
    return std::string(style) == "litellm" ? "os.environ/STORMPROOF_KEY_" + k.name : "${STORMPROOF_KEY}";
}

int retries_for(const Policy& p, ErrorClass c) {
    const auto& rules = p.resilience.retry.class_rules;
    const auto it = rules.find(c);
    if (it == rules.end() || !it->second.retry)
        return 0;
    const int attempts =
        it->second.max_attempts > 0 ? it->second.max_attempts : p.resilience.retry.max_attempts;
    return std::max(0, attempts - 1);
}

std::string yaml_string(const std::string& s) {
    return to_json_text(nlohmann::json(s));  // a JSON string is a valid YAML scalar
}

}  // namespace

PeerConfigExporter::Export PeerConfigExporter::litellm_yaml(const Policy& p) {
    Export out;
    std::string y = "# LiteLLM proxy config exported by Stormproof.\n";
    y += "model_list:\n";
    for (const TargetConfig& t : p.targets) {
        y += "  - model_name: " + yaml_string(t.name) + "\n    litellm_params:\n";
        std::string prefix = t.provider == ProviderKind::Anthropic ? "anthropic/" : "openai/";
        y += "      model: " + yaml_string(prefix + t.model) + "\n";
        if (!t.base_url.empty())
            y += "      api_base: " + yaml_string(t.base_url) + "\n";
        if (t.provider == ProviderKind::Simulator)
            out.not_expressible.push_back("the built-in simulator target \"" + t.name +
                                          "\" (point api_base at stormproof-sim)");
        if (!t.api_keys.empty())
            y += "      api_key: " +
                 yaml_string(key_expression(t.api_keys.front(), "litellm", out.not_expressible)) + "\n";
        if (t.api_keys.size() > 1)
            out.not_expressible.push_back("more than one key per target (\"" + t.name +
                                          "\": LiteLLM wants one deployment per key)");
        y += "      timeout: " + std::to_string(p.resilience.timeouts.attempt_ms / 1000) + "\n";
    }
    const auto& r = p.resilience;
    y += "router_settings:\n";
    y += "  num_retries: " + std::to_string(std::max(0, r.retry.max_attempts - 1)) + "\n";
    y += "  timeout: " + std::to_string(r.timeouts.deadline_ms / 1000) + "\n";
    y += "  retry_after: " + std::to_string(r.retry.backoff.base_delay_ms / 1000) + "\n";
    if (r.breaker.enabled) {
        y += "  allowed_fails: " + std::to_string(r.breaker.consecutive_failures) + "\n";
        y += "  cooldown_time: " + std::to_string(r.breaker.open_ms / 1000) + "\n";
    }
    y += "  retry_policy:\n";
    y += "    RateLimitErrorRetries: " + std::to_string(retries_for(p, ErrorClass::RateLimited)) + "\n";
    y += "    InternalServerErrorRetries: " + std::to_string(retries_for(p, ErrorClass::ServerError)) + "\n";
    y += "    TimeoutErrorRetries: " + std::to_string(retries_for(p, ErrorClass::Timeout)) + "\n";
    y += "    AuthenticationErrorRetries: " + std::to_string(retries_for(p, ErrorClass::Auth)) + "\n";
    y += "    BadRequestErrorRetries: " + std::to_string(retries_for(p, ErrorClass::BadRequest)) + "\n";
    y += "    ContentPolicyViolationErrorRetries: " +
         std::to_string(retries_for(p, ErrorClass::ContentPolicy)) + "\n";
    if (p.targets.size() > 1) {
        y += "  fallbacks:\n    - " + yaml_string(p.targets.front().name) + ": [";
        for (std::size_t i = 1; i < p.targets.size(); ++i)
            y += (i > 1 ? ", " : "") + yaml_string(p.targets[i].name);
        y += "]\n";
    }
    out.not_expressible.push_back(
        "the backoff curve and cap (LiteLLM waits retry_after, or its own exponential backoff)");
    common_gaps(p, out.not_expressible);
    out.text = y;
    return out;
}

PeerConfigExporter::Export PeerConfigExporter::portkey_json(const Policy& p) {
    Export out;
    const auto& r = p.resilience;
    nlohmann::ordered_json doc;
    doc["strategy"] = {{"mode", "fallback"}};
    doc["request_timeout"] = r.timeouts.deadline_ms;
    doc["targets"] = nlohmann::ordered_json::array();
    std::vector<int> codes = {429, 500, 502, 503, 504, 529};
    for (const TargetConfig& t : p.targets) {
        nlohmann::ordered_json target;
        target["provider"] = t.provider == ProviderKind::Anthropic ? "anthropic" : "openai";
        if (!t.api_keys.empty())
            target["api_key"] = key_expression(t.api_keys.front(), "portkey", out.not_expressible);
        if (!t.base_url.empty())
            target["custom_host"] = t.base_url;
        if (t.provider == ProviderKind::Simulator)
            out.not_expressible.push_back("the built-in simulator target \"" + t.name +
                                          "\" (use custom_host)");
        target["override_params"] = {{"model", t.model}};
        target["retry"] = {{"attempts", std::max(0, r.retry.max_attempts - 1)},
                           {"on_status_codes", codes},
                           {"use_retry_after_headers", r.retry.honor_retry_after}};
        doc["targets"].push_back(std::move(target));
    }
    out.not_expressible.push_back("per-class retry rules beyond a list of status codes");
    out.not_expressible.push_back("the backoff curve (Portkey uses its own exponential backoff)");
    if (r.breaker.enabled)
        out.not_expressible.push_back("the circuit breaker (the open-source gateway has none)");
    common_gaps(p, out.not_expressible);
    out.text = to_json_text(doc, 2) + "\n";
    return out;
}

}  // namespace stormproof
