#include "ProviderPresets.h"

#include <QFile>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "resilience/Text.h"

static void init_preset_resources() {
    Q_INIT_RESOURCE(provider_presets);
}

namespace stormproof {

using nlohmann::json;

std::string_view to_string(PresetAuth auth) {
    switch (auth) {
        case PresetAuth::AuthorizationBearer:
            return "authorization_bearer";
        case PresetAuth::XApiKey:
            return "x-api-key";
        case PresetAuth::ApiKey:
            return "api-key";
        case PresetAuth::None:
            return "none";
    }
    return "authorization_bearer";
}

std::optional<PresetAuth> preset_auth_from_string(std::string_view text) {
    for (auto auth :
         {PresetAuth::AuthorizationBearer, PresetAuth::XApiKey, PresetAuth::ApiKey, PresetAuth::None}) {
        if (to_string(auth) == text)
            return auth;
    }
    return std::nullopt;
}

namespace {

constexpr int kPresetsVersion = 1;

// A string field of at most kMaxFieldBytes; an error names it by path.
Result<std::string> text_field(const json& object, const std::string& path, const char* key, bool required) {
    const auto it = object.find(key);
    if (it == object.end()) {
        if (required)
            return make_error("is required", path + "." + key);
        return std::string();
    }
    if (!it->is_string())
        return make_error("must be a string", path + "." + key);
    const auto& value = it->get_ref<const std::string&>();
    if (value.size() > ProviderPresets::kMaxFieldBytes)
        return make_error("is longer than " + std::to_string(ProviderPresets::kMaxFieldBytes) + " bytes",
                          path + "." + key);
    return value;
}

bool is_env_name(const std::string& name) {
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
        return false;
    for (const char c : name) {
        if (!(std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
              c == '_'))
            return false;
    }
    return true;
}

bool is_web_url(const std::string& url) {
    return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
}

Result<ProviderPreset> read_preset(const json& p, const std::string& path) {
    if (!p.is_object())
        return make_error("must be an object", path);
    ProviderPreset preset;
    auto take = [&](const char* key, std::string& out, bool required) -> std::optional<Error> {
        auto value = text_field(p, path, key, required);
        if (!value)
            return value.error();
        out = std::move(value.value());
        return std::nullopt;
    };
    std::string provider, auth, dialect;
    using Field = std::tuple<const char*, std::string*, bool>;  // key, where it goes, required
    const Field fields[] = {{"id", &preset.id, true},       {"name", &preset.name, true},
                            {"provider", &provider, true},  {"base_url", &preset.base_url, true},
                            {"auth_header", &auth, true},   {"key_variable", &preset.key_variable, true},
                            {"dialect", &dialect, true},    {"example_model", &preset.example_model, false},
                            {"notes", &preset.notes, false}};
    for (const auto& [key, out, required] : fields) {
        if (auto error = take(key, *out, required))
            return *error;
    }
    if (preset.id.empty() || preset.name.empty())
        return make_error("id and name must not be empty", path);
    const auto kind = provider_kind_from_string(provider);
    if (!kind || *kind == ProviderKind::Simulator)
        return make_error("must be openai or anthropic, got \"" + provider + "\"", path + ".provider");
    preset.provider = *kind;
    const auto parsed_auth = preset_auth_from_string(auth);
    if (!parsed_auth)
        return make_error("must be authorization_bearer, x-api-key, api-key or none, got \"" + auth + "\"",
                          path + ".auth_header");
    preset.auth = *parsed_auth;
    const auto parsed_dialect = provider_dialect_from_string(dialect);
    if (!parsed_dialect)
        return make_error("must be one of " + provider_dialect_choices() + ", got \"" + dialect + "\"",
                          path + ".dialect");
    preset.dialect = *parsed_dialect;
    if (!is_web_url(preset.base_url))
        return make_error("must start with https:// or http://", path + ".base_url");
    if (preset.auth == PresetAuth::None ? !preset.key_variable.empty() : !is_env_name(preset.key_variable))
        return make_error(
            preset.auth == PresetAuth::None
                ? "must be empty when auth_header is none"
                : "must be an environment variable name (A-Z, 0-9, _), got \"" + preset.key_variable + "\"",
            path + ".key_variable");
    const auto sources = p.find("sources");
    if (sources == p.end() || !sources->is_object())
        return make_error("is required: the documentation URL of each fact", path + ".sources");
    for (const auto fact : ProviderPresets::kSourcedFacts) {
        auto url = text_field(*sources, path + ".sources", std::string(fact).c_str(), true);
        if (!url)
            return url.error();
        if (!is_web_url(url.value()))
            return make_error("must be a documentation URL", path + ".sources." + std::string(fact));
        preset.sources[std::string(fact)] = url.value();
    }
    return preset;
}

}  // namespace

Result<std::vector<ProviderPreset>> ProviderPresets::parse(std::string_view text) {
    if (text.size() > kMaxFileBytes)
        return make_error("is larger than " + std::to_string(kMaxFileBytes) + " bytes", "provider presets");
    std::string storage;
    const json document = json::parse(text_view(text, storage), nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded())
        return make_error("is not valid JSON", "provider presets");
    if (!document.is_object())
        return make_error("must be a JSON object with \"presets\"", "provider presets");
    if (const auto version = document.find("version"); version != document.end()) {
        if (!version->is_number_integer() || version->get<std::int64_t>() > kPresetsVersion ||
            version->get<std::int64_t>() < 1)
            return make_error("must be 1 (a newer file is refused rather than half-understood)", "version");
    }
    const auto presets = document.find("presets");
    if (presets == document.end() || !presets->is_array())
        return make_error("is required: an array of presets", "presets");
    if (presets->size() > kMaxPresets)
        return make_error("has more than " + std::to_string(kMaxPresets) + " presets", "presets");
    std::vector<ProviderPreset> out;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < presets->size(); ++i) {
        const std::string path = "presets[" + std::to_string(i) + "]";
        auto preset = read_preset((*presets)[i], path);
        if (!preset)
            return preset.error();
        if (!ids.insert(preset.value().id).second)
            return make_error("duplicates an earlier preset's id \"" + preset.value().id + "\"",
                              path + ".id");
        out.push_back(std::move(preset.value()));
    }
    return out;
}

Result<std::vector<ProviderPreset>> ProviderPresets::builtin() {
    init_preset_resources();
    QFile file(QStringLiteral(":/provider-presets.json"));
    if (!file.open(QIODevice::ReadOnly))
        return make_error("is missing from the program's resources", ":/provider-presets.json");
    const QByteArray bytes = file.read(static_cast<qint64>(kMaxFileBytes) + 1);
    return parse(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
}

}  // namespace stormproof
