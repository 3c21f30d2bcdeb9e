#include "ChatTypes.h"

#include <nlohmann/json.hpp>

namespace stormproof {

std::string_view to_string(WireProtocol protocol) {
    return protocol == WireProtocol::Anthropic ? "anthropic" : "openai";
}

nlohmann::json ChatResult::to_json() const {
    using nlohmann::json;
    json attempts_json = json::array();
    for (const AttemptRecord& a : attempts) {
        attempts_json.push_back(
            {{"index", a.index},
             {"target", a.target},
             {"model", a.model},
             {"started_ms", a.started_ms},
             {"duration_ms", a.duration_ms},
             {"status", a.status ? json(*a.status) : json()},
             {"error_class", a.error_class ? json(to_string(*a.error_class)) : json()},
             {"request_id", a.request_id.empty() ? json() : json(a.request_id)},
             {"decision", a.decision ? std::string(to_string(*a.decision)) : std::string("pending")},
             {"delay_ms", a.delay_ms},
             {"delay_source", std::string(to_string(a.delay_source))},
             {"ttft_ms", a.ttft_ms ? json(*a.ttft_ms) : json()},
             {"hedge", a.hedge}});
    }
    json error_json;
    if (error) {
        error_json = {{"class", std::string(to_string(error->error_class))},
                      {"status", error->status ? json(*error->status) : json()},
                      {"message", error->message},
                      {"hint", error->hint},
                      {"reason", error->reason ? std::string(to_string(*error->reason)) : std::string()},
                      {"attempts", error->attempts},
                      {"elapsed_ms", error->elapsed_ms},
                      {"url", error->url}};
    }
    json served;
    if (served_by)
        served = {
            {"target", served_by->target}, {"provider", served_by->provider}, {"model", served_by->model}};
    return {{"ok", ok},
            {"text", text},
            {"reasoning", reasoning.empty() ? json() : json(reasoning)},
            {"partial", partial},
            {"trace_id", trace_id},
            {"idempotency_key", idempotency_key},
            {"served_by", served},
            {"fallback_used", fallback_used},
            {"total_ms", total_ms},
            {"ttft_ms", ttft_ms ? json(*ttft_ms) : json()},
            {"usage", {{"input_tokens", usage.input_tokens}, {"output_tokens", usage.output_tokens}}},
            {"finish_reason", finish_reason.empty() ? json() : json(finish_reason)},
            {"error", error_json},
            {"attempts", attempts_json}};
}

int estimated_tokens(std::size_t bytes) {
    return static_cast<int>((bytes + kBytesPerEstimatedToken - 1) / kBytesPerEstimatedToken);
}

Usage wasted_usage(const Usage& reported, std::size_t prompt_bytes, std::size_t output_bytes) {
    Usage u;
    u.output_tokens = reported.output_tokens > 0 ? reported.output_tokens : estimated_tokens(output_bytes);
    if (reported.input_tokens > 0) {
        u.input_tokens = reported.input_tokens;
    } else if (u.output_tokens > 0) {
        u.input_tokens = estimated_tokens(prompt_bytes);
    }
    return u;
}

}  // namespace stormproof
