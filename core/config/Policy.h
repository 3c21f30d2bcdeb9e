#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "resilience/ResiliencePolicy.h"

namespace stormproof {

enum class ProviderKind { OpenAI, Anthropic, Simulator };
std::string_view to_string(ProviderKind kind);
std::optional<ProviderKind> provider_kind_from_string(std::string_view text);

// Where an API key comes from. The policy file never holds a key itself.
struct KeyRef {
    enum class Source { Env, Keychain };
    Source source = Source::Env;
    std::string name;  // the environment variable or the keychain label

    bool operator==(const KeyRef&) const = default;
};

// How a target's key is sent. Default: the provider's own (Authorization: Bearer for OpenAI-compatible
// servers, x-api-key for Anthropic); ApiKey: an "api-key: KEY" header (Azure OpenAI). Names are the policy
// file's targets[].auth_header values.
enum class AuthHeader { Default, ApiKey };
std::string_view to_string(AuthHeader header);
std::optional<AuthHeader> auth_header_from_string(std::string_view text);

struct TargetConfig {
    std::string name;
    ProviderKind provider = ProviderKind::Simulator;
    std::string base_url;  // empty: the provider's default (simulator: the embedded server)
    std::string model;
    std::vector<KeyRef> api_keys;
    // Plain http:// is only sent to loopback unless a target says otherwise: keys would cross the network in
    // clear.
    bool allow_insecure_http = false;
    std::string
        scenario;  // simulator targets: the scenario to run (empty: the model's sim-NAME or "healthy")
    AuthHeader auth_header = AuthHeader::Default;  // openai targets: api-key for Azure OpenAI

    static constexpr std::string_view kOpenAiDefaultBaseUrl = "https://api.openai.com/v1";
    static constexpr std::string_view kAnthropicDefaultBaseUrl = "https://api.anthropic.com";
};

// The whole policy file of docs/INTERFACES.md: the fallback chain and every resilience knob.
struct Policy {
    static constexpr int kVersion = 1;

    std::vector<TargetConfig> targets;
    ResiliencePolicy resilience;

    // The first-run policy: the built-in simulator, so the app chats with no key and no network.
    static Policy default_policy();
};

}  // namespace stormproof
