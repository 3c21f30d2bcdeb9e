#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "Policy.h"
#include "ProviderDialect.h"
#include "resilience/Result.h"

namespace stormproof {

// How a provider wants its key sent. Names are resources/provider-presets.json's auth_header values.
enum class PresetAuth {
    AuthorizationBearer,  // Authorization: Bearer KEY (OpenAI and the OpenAI-compatible APIs)
    XApiKey,              // x-api-key: KEY (Anthropic)
    ApiKey,               // api-key: KEY (Azure OpenAI)
    None,                 // no key: a local server on loopback
};
std::string_view to_string(PresetAuth auth);
std::optional<PresetAuth> preset_auth_from_string(std::string_view text);

// One provider as a person adds it: where it is, how it wants its key, how it fails, and where each of those
// facts comes from.
struct ProviderPreset {
    std::string id;    // "gemini"
    std::string name;  // "Google Gemini (OpenAI-compatible endpoint)"
    ProviderKind provider = ProviderKind::OpenAI;
    std::string base_url;
    PresetAuth auth = PresetAuth::AuthorizationBearer;
    std::string key_variable;  // the environment variable people keep the key in; empty for no key
    ProviderDialect dialect = ProviderDialect::OpenAi;
    std::string example_model;
    std::string notes;
    std::map<std::string, std::string> sources;  // fact (base_url, auth_header, ...) -> documentation URL

    // The base URL still has a part for the person to fill in ("{resource}").
    bool needs_editing() const { return base_url.find('{') != std::string::npos; }
};

class ProviderPresets {
public:
    // The presets file's text: every preset whole, or an error naming the first thing wrong and where
    // (presets[3].base_url). Hostile input: bounded size and count, no throw.
    static Result<std::vector<ProviderPreset>> parse(std::string_view text);
    // The presets compiled into the program (resources/provider-presets.json).
    static Result<std::vector<ProviderPreset>> builtin();

    static constexpr std::size_t kMaxFileBytes = 256 * 1024;  // the shipped file is ~10 KB
    static constexpr std::size_t kMaxPresets = 200;
    static constexpr std::size_t kMaxFieldBytes = 2048;
    // The facts every preset must give a source for.
    static constexpr std::string_view kSourcedFacts[] = {"base_url", "auth_header", "key_variable",
                                                         "dialect"};
};

}  // namespace stormproof
