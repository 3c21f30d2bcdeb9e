#include "ProviderAdapter.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "resilience/HttpHeaders.h"
#include "resilience/Text.h"

namespace stormproof {

std::string ProviderAdapter::traceparent(const RequestIdentity& identity, int attempt_id) {
    // The span id only has to be unique within the trace: derive it from the attempt number.
    std::uint64_t span = 0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(attempt_id + 1);
    span ^= span >> 29;
    if (span == 0)
        span = 1;
    char buffer[20];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(span));
    return "00-" + identity.trace_id + "-" + buffer + "-01";
}

std::string ProviderAdapter::join_url(const std::string& base, std::string_view path) {
    std::string out = base;
    while (!out.empty() && out.back() == '/')
        out.pop_back();
    return out + std::string(path);
}

void ProviderAdapter::add_identity_headers(HttpRequestSpec& spec, const BuildContext& context) {
    if (!context.identity)
        return;
    if (context.send_idempotency_key)
        spec.headers.emplace_back("Idempotency-Key", context.identity->idempotency_key);
    spec.headers.emplace_back("traceparent", traceparent(*context.identity, context.attempt_id));
}

std::optional<std::string> ProviderAdapter::passthrough_body(const ChatRequest& request,
                                                             WireProtocol protocol,
                                                             const BuildContext& context) {
    // A continued stream needs a body of our own (the partial text as a prefill); the gateway never asks for
    // one (its requests end at a failure after the first token), so this is only a guard.
    if (!request.passthrough || request.passthrough->protocol != protocol ||
        context.resume != StreamResume::None)
        return std::nullopt;
    nlohmann::json body = nlohmann::json::parse(request.passthrough->body, nullptr, false);
    if (!body.is_object())
        return std::nullopt;
    body["model"] = context.model;
    return to_json_text(body);
}

void ProviderAdapter::add_passthrough_headers(HttpRequestSpec& spec, const ChatRequest& request,
                                              WireProtocol protocol) {
    if (!request.passthrough || request.passthrough->protocol != protocol)
        return;
    for (const auto& [name, value] : request.passthrough->headers) {
        bool replaced = false;
        for (auto& [have, old] : spec.headers) {
            if (HttpHeaders::names_equal(have, name)) {
                old = value;
                replaced = true;
            }
        }
        if (!replaced)
            spec.headers.emplace_back(name, value);
    }
}

std::vector<std::string> ProviderAdapter::parse_models(std::string_view body) const {
    std::vector<std::string> ids;
    std::string storage;
    const auto j = nlohmann::json::parse(text_view(body, storage), nullptr, false);
    if (!j.is_object() || !j.contains("data") || !j["data"].is_array())
        return ids;
    for (const auto& m : j["data"]) {
        if (m.is_object() && m.contains("id") && m["id"].is_string())
            ids.push_back(m["id"].get<std::string>());
    }
    return ids;
}

}  // namespace stormproof
