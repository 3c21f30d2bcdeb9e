#include "AnthropicWire.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "ReplyGenerator.h"
#include "resilience/Text.h"

namespace stormproof {

using nlohmann::json;

namespace {
const char* stop_reason(const SimCompletion& c) {
    return c.cut_by_max_tokens ? "max_tokens" : "end_turn";
}

std::string event(const char* name, const json& data) {
    return std::string("event: ") + name + "\ndata: " + to_json_text(data) + "\n\n";
}
}  // namespace

std::string AnthropicWire::completion_body(const SimCompletion& c) const {
    return to_json_text(json{
        {"id", c.id},
        {"type", "message"},
        {"role", "assistant"},
        {"model", c.model},
        {"content",
         json::array({json{{"type", "text"}, {"text", ReplyGenerator::join(c.tokens, c.tokens.size())}}})},
        {"stop_reason", stop_reason(c)},
        {"stop_sequence", nullptr},
        {"usage", {{"input_tokens", c.prompt_tokens}, {"output_tokens", c.tokens.size()}}}});
}

std::string AnthropicWire::stream_start(const SimCompletion& c) const {
    const json message = {{"id", c.id},
                          {"type", "message"},
                          {"role", "assistant"},
                          {"model", c.model},
                          {"content", json::array()},
                          {"stop_reason", nullptr},
                          {"stop_sequence", nullptr},
                          {"usage", {{"input_tokens", c.prompt_tokens}, {"output_tokens", 1}}}};
    return event("message_start", {{"type", "message_start"}, {"message", message}}) +
           event("content_block_start", {{"type", "content_block_start"},
                                         {"index", 0},
                                         {"content_block", {{"type", "text"}, {"text", ""}}}}) +
           event("ping", {{"type", "ping"}});
}

std::string AnthropicWire::stream_token(const SimCompletion& c, std::size_t index) const {
    return event("content_block_delta", {{"type", "content_block_delta"},
                                         {"index", 0},
                                         {"delta", {{"type", "text_delta"}, {"text", c.tokens[index]}}}});
}

std::string AnthropicWire::stream_end(const SimCompletion& c, bool with_terminator) const {
    if (c.stream_error) {
        // Anthropic's error event, as a stream that fails after its 200 ends.
        return event("error", {{"type", "error"},
                               {"error", {{"type", "overloaded_error"}, {"message", "Overloaded"}}}});
    }
    std::string out = event("content_block_stop", {{"type", "content_block_stop"}, {"index", 0}});
    if (!with_terminator)
        return out;  // the cut-short stream: no stop reason, no message_stop
    out += event("message_delta", {{"type", "message_delta"},
                                   {"delta", {{"stop_reason", stop_reason(c)}, {"stop_sequence", nullptr}}},
                                   {"usage", {{"output_tokens", c.tokens.size()}}}});
    out += event("message_stop", {{"type", "message_stop"}});
    return out;
}

std::string AnthropicWire::stream_garbage() const {
    return "event: content_block_delta\ndata: {\"type\": \"content_bl\n\n";
}

std::string AnthropicWire::error_body(int status, const std::string& type, const std::string& message) const {
    (void)status;
    return to_json_text(json{{"type", "error"}, {"error", {{"type", type}, {"message", message}}}});
}

std::string AnthropicWire::error_body(FaultKind kind, const std::string& model) const {
    auto body = [](const char* type, const std::string& message) {
        return to_json_text(json{{"type", "error"}, {"error", {{"type", type}, {"message", message}}}});
    };
    switch (kind) {
        case FaultKind::RateLimit:
            return body("rate_limit_error",
                        "This request would exceed your organization's rate limit. Please try again later.");
        case FaultKind::InsufficientQuota:
            // Anthropic reports an empty credit balance as a billing error.
            return body("billing_error", "Your credit balance is too low to access the Anthropic API.");
        case FaultKind::ServerError:
        case FaultKind::BadGateway:
        case FaultKind::Unavailable:
        case FaultKind::GatewayTimeout:
            return body("api_error", "Internal server error");
        case FaultKind::Overloaded:
            return body("overloaded_error", "Overloaded");
        case FaultKind::BadRequest:
            return body("invalid_request_error", "temperature: range: 0..1");
        case FaultKind::Unauthorized:
            return body("authentication_error", "invalid x-api-key");
        case FaultKind::Forbidden:
            return body("permission_error",
                        "Your API key does not have permission to use the specified resource.");
        case FaultKind::NotFound:
            return body("not_found_error", "model: " + model);
        case FaultKind::TooLarge:
            return body("request_too_large", "Request exceeds the maximum allowed number of bytes.");
        case FaultKind::ContextLength:
            return body("invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum");
        default:
            return body("api_error", "Internal server error");
    }
}

std::string AnthropicWire::rate_limited_body(const RateVerdict& v, const std::string& model,
                                             int requested_tokens) const {
    // Anthropic's wording, with the limiter's numbers: the limit of the anthropic-ratelimit-* headers of the
    // same answer and the wait of its retry-after.
    (void)requested_tokens;
    const bool tokens = v.tokens_exhausted;
    const std::string message = "This request would exceed your organization's rate limit of " +
                                std::to_string(tokens ? v.limit_tokens : v.limit_requests) +
                                (tokens ? " tokens per minute" : " requests per minute") +
                                " (model: " + model + "). Please try again in " +
                                go_duration(v.retry_after_ms) + ".";
    return to_json_text(
        json{{"type", "error"}, {"error", {{"type", "rate_limit_error"}, {"message", message}}}});
}

std::string AnthropicWire::request_id(std::uint64_t n) const {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "req_sim%024llx", static_cast<unsigned long long>(n));
    return buffer;
}

HeaderPairs AnthropicWire::rate_limit_headers(const RateVerdict& v, std::int64_t now_system_ms) const {
    if (!v.enabled)
        return {};
    HeaderPairs h;
    if (v.limit_requests > 0) {
        h.emplace_back("anthropic-ratelimit-requests-limit", std::to_string(v.limit_requests));
        h.emplace_back("anthropic-ratelimit-requests-remaining", std::to_string(v.remaining_requests));
        h.emplace_back("anthropic-ratelimit-requests-reset",
                       rfc3339(now_system_ms + v.reset_requests_ms + 999));
    }
    if (v.limit_tokens > 0) {
        h.emplace_back("anthropic-ratelimit-tokens-limit", std::to_string(v.limit_tokens));
        h.emplace_back("anthropic-ratelimit-tokens-remaining", std::to_string(v.remaining_tokens));
        h.emplace_back("anthropic-ratelimit-tokens-reset", rfc3339(now_system_ms + v.reset_tokens_ms + 999));
    }
    return h;
}

}  // namespace stormproof
