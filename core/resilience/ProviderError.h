#pragma once

#include <string>
#include <string_view>

namespace stormproof {

// The error object inside an API's error body:
//   OpenAI:    {"error": {"message": "...", "type": "insufficient_quota", "code": "insufficient_quota"}}
//   Anthropic: {"type": "error", "error": {"type": "overloaded_error", "message": "..."}}
//   Google (Gemini's OpenAI-compatible endpoint): a JSON array of one such object,
//     [{"error": {"code": 429, "message": "...", "status": "RESOURCE_EXHAUSTED",
//                 "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "1s"}]}}]
//   OpenRouter: {"error": {"code": 402, "message": "...", "metadata": {...}}}, the same object inside a 200
//     stream's chunk when the provider fails mid-stream (with finish_reason "error").
struct ProviderError {
    std::string type;
    std::string code;
    std::string message;
    // google.rpc.Status.status: RESOURCE_EXHAUSTED, UNAVAILABLE, ... (Google's APIs only).
    std::string status;
    // google.rpc.RetryInfo.retryDelay as sent (a protobuf Duration in JSON: "1s", "0.5s", "30.123s"); the
    // wait the body asks for. ServerHintParser::apply_body_hint reads it.
    std::string retry_delay;

    bool empty() const {
        return type.empty() && code.empty() && message.empty() && status.empty() && retry_delay.empty();
    }

    // Never throws: a body that is not JSON, or JSON of another shape, yields an empty ProviderError.
    static ProviderError parse(std::string_view body);
};

}  // namespace stormproof
