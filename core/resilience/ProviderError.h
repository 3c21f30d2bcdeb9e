#pragma once

#include <string>
#include <string_view>

namespace stormproof {

// The error object inside an API's error body:
//   OpenAI:    {"error": {"message": "...", "type": "insufficient_quota", "code": "insufficient_quota"}}
//   Anthropic: {"type": "error", "error": {"type": "overloaded_error", "message": "..."}}
struct ProviderError {
    std::string type;
    std::string code;
    std::string message;

    bool empty() const { return type.empty() && code.empty() && message.empty(); }

    // Never throws: a body that is not JSON, or JSON of another shape, yields an empty ProviderError.
    static ProviderError parse(std::string_view body);
};

}  // namespace stormproof
