#include "ProviderError.h"

#include <nlohmann/json.hpp>

#include "Text.h"

namespace stormproof {

namespace {
// Error bodies are small; a multi-megabyte "error" is not worth parsing (and could be a hostile server).
constexpr std::size_t kMaxErrorBodyBytes = 1 << 20;

std::string string_field(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end())
        return {};
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_number_integer())
        return std::to_string(it->get<long long>());
    return {};
}
}  // namespace

ProviderError ProviderError::parse(std::string_view body) {
    ProviderError result;
    if (body.empty() || body.size() > kMaxErrorBodyBytes)
        return result;
    std::string storage;
    const auto json = nlohmann::json::parse(text_view(body, storage), nullptr, /*allow_exceptions=*/false);
    if (!json.is_object())
        return result;
    const auto error = json.find("error");
    if (error != json.end() && error->is_object()) {
        result.type = string_field(*error, "type");
        result.code = string_field(*error, "code");
        result.message = string_field(*error, "message");
    } else if (error != json.end() && error->is_string()) {
        // Some OpenAI-compatible servers (Ollama, older vLLM) send {"error": "message"}.
        result.message = error->get<std::string>();
    }
    if (result.message.empty())
        result.message = string_field(json, "message");
    return result;
}

}  // namespace stormproof
