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

// google.rpc.RetryInfo among error.details: its retryDelay, or "" (the first RetryInfo counts; the list is
// bounded by the body's size cap).
std::string retry_delay_of(const nlohmann::json& error) {
    const auto details = error.find("details");
    if (details == error.end() || !details->is_array())
        return {};
    constexpr std::string_view kRetryInfoType = "type.googleapis.com/google.rpc.RetryInfo";
    for (const auto& detail : *details) {
        if (!detail.is_object())
            continue;
        const auto type = detail.find("@type");
        if (type == detail.end() || !type->is_string() ||
            type->get_ref<const std::string&>() != kRetryInfoType)
            continue;
        return string_field(detail, "retryDelay");
    }
    return {};
}
}  // namespace

ProviderError ProviderError::parse(std::string_view body) {
    ProviderError result;
    if (body.empty() || body.size() > kMaxErrorBodyBytes)
        return result;
    std::string storage;
    const auto json = nlohmann::json::parse(text_view(body, storage), nullptr, /*allow_exceptions=*/false);
    // Google's APIs answer an OpenAI-compatible request with the error object inside a one-element array.
    const nlohmann::json* root = &json;
    if (json.is_array() && !json.empty())
        root = &json.front();
    if (!root->is_object())
        return result;
    const auto error = root->find("error");
    if (error != root->end() && error->is_object()) {
        result.type = string_field(*error, "type");
        result.code = string_field(*error, "code");
        result.message = string_field(*error, "message");
        result.status = string_field(*error, "status");
        result.retry_delay = retry_delay_of(*error);
    } else if (error != root->end() && error->is_string()) {
        // Some OpenAI-compatible servers (Ollama, older vLLM) send {"error": "message"}.
        result.message = error->get<std::string>();
    }
    if (result.message.empty())
        result.message = string_field(*root, "message");
    return result;
}

}  // namespace stormproof
