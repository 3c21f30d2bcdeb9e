#include "OpenAiWire.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "ReplyGenerator.h"
#include "resilience/Text.h"

namespace stormproof {

using nlohmann::json;

namespace {
std::string sse(const json& data) {
    return "data: " + to_json_text(data) + "\n\n";
}

json chunk(const SimCompletion& c, json delta, json finish_reason) {
    return json{{"id", c.id},
                {"object", "chat.completion.chunk"},
                {"created", c.created_s},
                {"model", c.model},
                {"system_fingerprint", "fp_stormproof_sim"},
                {"choices", json::array({json{{"index", 0},
                                              {"delta", std::move(delta)},
                                              {"logprobs", nullptr},
                                              {"finish_reason", std::move(finish_reason)}}})}};
}

const char* finish_reason(const SimCompletion& c) {
    return c.cut_by_max_tokens ? "length" : "stop";
}

json usage(const SimCompletion& c) {
    const int completion = static_cast<int>(c.tokens.size());
    return json{{"prompt_tokens", c.prompt_tokens},
                {"completion_tokens", completion},
                {"total_tokens", c.prompt_tokens + completion}};
}
}  // namespace

std::string OpenAiWire::completion_body(const SimCompletion& c) const {
    return to_json_text(
        json{{"id", c.id},
             {"object", "chat.completion"},
             {"created", c.created_s},
             {"model", c.model},
             {"system_fingerprint", "fp_stormproof_sim"},
             {"choices", json::array({json{{"index", 0},
                                           {"message",
                                            {{"role", "assistant"},
                                             {"content", ReplyGenerator::join(c.tokens, c.tokens.size())},
                                             {"refusal", nullptr}}},
                                           {"logprobs", nullptr},
                                           {"finish_reason", finish_reason(c)}}})},
             {"usage", usage(c)}});
}

std::string OpenAiWire::stream_start(const SimCompletion& c) const {
    return sse(chunk(c, json{{"role", "assistant"}, {"content", ""}, {"refusal", nullptr}}, nullptr));
}

std::string OpenAiWire::stream_token(const SimCompletion& c, std::size_t index) const {
    return sse(chunk(c, json{{"content", c.tokens[index]}}, nullptr));
}

std::string OpenAiWire::stream_end(const SimCompletion& c, bool with_terminator) const {
    if (c.stream_error) {
        // A server failing mid-stream sends its error object as a data event, and the stream ends.
        return sse(
            json{{"error",
                  {{"message", "The server had an error while processing your request. Sorry about that!"},
                   {"type", "server_error"},
                   {"param", nullptr},
                   {"code", nullptr}}}});
    }
    std::string out = sse(chunk(c, json::object(), finish_reason(c)));
    if (c.include_usage) {
        json last = chunk(c, json::object(), nullptr);
        last["choices"] = json::array();
        last["usage"] = usage(c);
        out += sse(last);
    }
    if (with_terminator)
        out += "data: [DONE]\n\n";
    return out;
}

std::string OpenAiWire::stream_garbage() const {
    return "data: {\"id\": \"chatcmpl-broken\", \"choices\": [\n\n";
}

std::string OpenAiWire::error_body(int status, const std::string& type, const std::string& message) const {
    (void)status;
    return to_json_text(
        json{{"error", {{"message", message}, {"type", type}, {"param", nullptr}, {"code", nullptr}}}});
}

std::string OpenAiWire::error_body(FaultKind kind, const std::string& model) const {
    auto body = [](const std::string& message, const std::string& type, const json& code) {
        return to_json_text(
            json{{"error", {{"message", message}, {"type", type}, {"param", nullptr}, {"code", code}}}});
    };
    switch (kind) {
        case FaultKind::RateLimit:
            return body("Rate limit reached for " + model + " on requests per min (RPM): Limit " +
                            std::to_string(kFaultRateLimitRequests) + ", Used " +
                            std::to_string(kFaultRateLimitRequests) +
                            ", Requested 1. Please try again shortly.",
                        "requests", "rate_limit_exceeded");
        case FaultKind::InsufficientQuota:
            return body("You exceeded your current quota, please check your plan and billing details.",
                        "insufficient_quota", "insufficient_quota");
        case FaultKind::ServerError:
            return body("The server had an error while processing your request. Sorry about that!",
                        "server_error", nullptr);
        case FaultKind::BadGateway:
            return body("Bad gateway.", "server_error", nullptr);
        case FaultKind::Unavailable:
            return body("The server is overloaded or not ready yet.", "server_error", nullptr);
        case FaultKind::GatewayTimeout:
            return body("Gateway timeout.", "server_error", nullptr);
        case FaultKind::Overloaded:
            return body("Overloaded", "overloaded_error", nullptr);
        case FaultKind::BadRequest:
            return body("Invalid value for 'temperature': must be between 0 and 2.", "invalid_request_error",
                        nullptr);
        case FaultKind::Unauthorized:
            return body("Incorrect API key provided. You can find your API key at your provider's dashboard.",
                        "invalid_request_error", "invalid_api_key");
        case FaultKind::Forbidden:
            return body("You are not allowed to sample from this model.", "invalid_request_error",
                        "model_not_allowed");
        case FaultKind::NotFound:
            return body("The model `" + model + "` does not exist or you do not have access to it.",
                        "invalid_request_error", "model_not_found");
        case FaultKind::TooLarge:
            return body("Request too large.", "invalid_request_error", "request_too_large");
        case FaultKind::ContextLength:
            return body(
                "This model's maximum context length is 8192 tokens. However, your messages resulted in "
                "9000 tokens. Please reduce the length of the messages.",
                "invalid_request_error", "context_length_exceeded");
        default:
            return body("Unexpected error.", "server_error", nullptr);
    }
}

std::string OpenAiWire::rate_limited_body(const RateVerdict& v, const std::string& model,
                                          int requested_tokens) const {
    // OpenAI's own wording, with the limiter's numbers: the same limit and remaining as the x-ratelimit-*
    // headers of the same answer, and the wait of its retry-after-ms.
    const bool tokens = v.tokens_exhausted;
    const int limit = tokens ? v.limit_tokens : v.limit_requests;
    const int used = limit - (tokens ? v.remaining_tokens : v.remaining_requests);
    const std::string message =
        "Rate limit reached for " + model +
        (tokens ? " on tokens per min (TPM): Limit " : " on requests per min (RPM): Limit ") +
        std::to_string(limit) + ", Used " + std::to_string(used) + ", Requested " +
        std::to_string(tokens ? requested_tokens : 1) + ". Please try again in " +
        go_duration(v.retry_after_ms) + ".";
    return to_json_text(json{{"error",
                              {{"message", message},
                               {"type", tokens ? "tokens" : "requests"},
                               {"param", nullptr},
                               {"code", "rate_limit_exceeded"}}}});
}

std::string OpenAiWire::request_id(std::uint64_t n) const {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "req_sim%024llx", static_cast<unsigned long long>(n));
    return buffer;
}

HeaderPairs OpenAiWire::rate_limit_headers(const RateVerdict& v, std::int64_t /*now_system_ms*/) const {
    if (!v.enabled)
        return {};
    HeaderPairs h;
    if (v.limit_requests > 0) {
        h.emplace_back("x-ratelimit-limit-requests", std::to_string(v.limit_requests));
        h.emplace_back("x-ratelimit-remaining-requests", std::to_string(v.remaining_requests));
        h.emplace_back("x-ratelimit-reset-requests", go_duration(v.reset_requests_ms));
    }
    if (v.limit_tokens > 0) {
        h.emplace_back("x-ratelimit-limit-tokens", std::to_string(v.limit_tokens));
        h.emplace_back("x-ratelimit-remaining-tokens", std::to_string(v.remaining_tokens));
        h.emplace_back("x-ratelimit-reset-tokens", go_duration(v.reset_tokens_ms));
    }
    return h;
}

}  // namespace stormproof
