#include "DialectWire.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "resilience/Text.h"

namespace stormproof {

using nlohmann::json;

namespace {

using D = ProviderDialect;

// A status fault's wait when the scenario gives none: 1 s, the retryDelay Gemini sends for a per-minute limit
// seen in issue 21.
constexpr std::int64_t kDefaultFaultWaitMs = 1000;

// Groq's status for its flex tier out of capacity (console.groq.com/docs/errors).
constexpr int kGroqFlexCapacityStatus = 498;
// OpenRouter and DeepSeek answer "out of credit" with 402 Payment Required (openrouter.ai/docs/api-reference/
// errors, api-docs.deepseek.com/quick_start/error_codes).
constexpr int kPaymentRequired = 402;

std::string google_status_of(int status) {
    // google.rpc.Code names for the statuses the simulator sends (cloud.google.com/apis/design/errors).
    switch (status) {
        case 400:
            return "INVALID_ARGUMENT";
        case 401:
            return "UNAUTHENTICATED";
        case 403:
            return "PERMISSION_DENIED";
        case 404:
            return "NOT_FOUND";
        case 413:
            return "INVALID_ARGUMENT";
        case 429:
            return "RESOURCE_EXHAUSTED";
        case 503:
            return "UNAVAILABLE";
        case 504:
            return "DEADLINE_EXCEEDED";
        default:
            return "INTERNAL";
    }
}

std::string seconds_text(std::int64_t ms) {
    return std::to_string((ms + 999) / 1000);
}

}  // namespace

std::string DialectWire::proto_duration(std::int64_t ms) {
    std::string out = std::to_string(ms / 1000);
    if (ms % 1000) {
        char frac[8];
        std::snprintf(frac, sizeof frac, ".%03d", static_cast<int>(ms % 1000));
        std::string f(frac);
        while (f.back() == '0')
            f.pop_back();
        out += f;
    }
    return out + "s";
}

std::int64_t DialectWire::fault_wait_ms(const FaultSpec& fault) {
    if (fault.retry_after_ms)
        return *fault.retry_after_ms;
    if (fault.retry_after_s)
        return static_cast<std::int64_t>(std::ceil(*fault.retry_after_s * 1000));
    return fault.delay_ms > 0 ? fault.delay_ms : kDefaultFaultWaitMs;
}

std::string DialectWire::gemini_body(int status, const std::string& google_status, const std::string& message,
                                     std::optional<std::int64_t> retry_delay_ms) const {
    json error = {{"code", status}, {"message", message}, {"status", google_status}};
    if (retry_delay_ms) {
        error["details"] = json::array(
            {json{
                 {"@type", "type.googleapis.com/google.rpc.QuotaFailure"},
                 {"violations",
                  json::array({json{{"quotaMetric",
                                     "generativelanguage.googleapis.com/generate_content_free_tier_requests"},
                                    {"quotaId", "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"},
                                    {"quotaValue", "10"}}})}},
             json{{"@type", "type.googleapis.com/google.rpc.Help"},
                  {"links",
                   json::array({json{{"description", "Learn more about Gemini API quotas"},
                                     {"url", "https://ai.google.dev/gemini-api/docs/rate-limits"}}})}},
             json{{"@type", "type.googleapis.com/google.rpc.RetryInfo"},
                  {"retryDelay", proto_duration(*retry_delay_ms)}}});
    }
    // The OpenAI-compatible endpoint wraps the google.rpc.Status in a one-element array.
    return to_json_text(json::array({json{{"error", std::move(error)}}}));
}

std::string DialectWire::completion_body(const SimCompletion& c) const {
    if (dialect_ == D::DeepSeek) {
        // "non-streaming requests will continuously return empty lines" while queued
        // (api-docs.deepseek.com/quick_start/rate_limit).
        return "\n\n" + OpenAiWire::completion_body(c);
    }
    return OpenAiWire::completion_body(c);
}

std::string DialectWire::stream_start(const SimCompletion& c) const {
    switch (dialect_) {
        case D::DeepSeek:
            // "streaming requests will continuously return SSE keep-alive comments (: keep-alive)".
            return ": keep-alive\n\n: keep-alive\n\n" + OpenAiWire::stream_start(c);
        case D::OpenRouter:
            // openrouter.ai/docs/api-reference/streaming: comments keep the connection alive.
            return ": OPENROUTER PROCESSING\n\n" + OpenAiWire::stream_start(c);
        default:
            return OpenAiWire::stream_start(c);
    }
}

std::string DialectWire::stream_end(const SimCompletion& c, bool with_terminator) const {
    if (c.stream_error && dialect_ == D::OpenRouter) {
        // "If an error occurs mid-stream ... an SSE event with the error at the top level and
        // finish_reason: error" (openrouter.ai/docs/api-reference/errors, errors during streaming).
        json chunk = {
            {"id", c.id},
            {"object", "chat.completion.chunk"},
            {"created", c.created_s},
            {"model", c.model},
            {"provider", "Stormproof Sim"},
            {"error", {{"code", 502}, {"message", "Provider disconnected unexpectedly"}}},
            {"choices",
             json::array({json{{"index", 0}, {"delta", {{"content", ""}}}, {"finish_reason", "error"}}})}};
        return "data: " + to_json_text(chunk) + "\n\n";
    }
    return OpenAiWire::stream_end(c, with_terminator);
}

int DialectWire::fault_status(FaultKind kind) const {
    switch (dialect_) {
        case D::Gemini:
            if (kind == FaultKind::Overloaded)
                return 503;  // "The model is overloaded", UNAVAILABLE
            break;
        case D::OpenRouter:
            if (kind == FaultKind::InsufficientQuota)
                return kPaymentRequired;
            if (kind == FaultKind::Overloaded)
                return 502;  // "Your chosen model is down or we received an invalid response from it"
            if (kind == FaultKind::StreamError)
                return 0;
            break;
        case D::DeepSeek:
            if (kind == FaultKind::InsufficientQuota)
                return kPaymentRequired;
            if (kind == FaultKind::Overloaded)
                return 503;  // "503 - Server Overloaded"
            break;
        case D::Groq:
            if (kind == FaultKind::Overloaded)
                return kGroqFlexCapacityStatus;
            break;
        case D::Local:
            if (kind == FaultKind::Overloaded)
                return 503;  // Ollama: queue full
            break;
        default:
            break;
    }
    return OpenAiWire::fault_status(kind);
}

std::string DialectWire::error_body(int status, const std::string& type, const std::string& message) const {
    switch (dialect_) {
        case D::Gemini:
            return gemini_body(status, google_status_of(status), message, std::nullopt);
        case D::OpenRouter:
            return to_json_text(json{{"error", {{"code", status}, {"message", message}}}});
        case D::Local:
            return to_json_text(json{{"error", message}});
        case D::Azure:
            return to_json_text(json{{"error", {{"code", std::to_string(status)}, {"message", message}}}});
        default:
            return OpenAiWire::error_body(status, type, message);
    }
}

std::string DialectWire::fault_body(const FaultSpec& fault, const std::string& model) const {
    if (dialect_ == D::Gemini &&
        (fault.kind == FaultKind::RateLimit || fault.kind == FaultKind::InsufficientQuota)) {
        return gemini_body(
            429, "RESOURCE_EXHAUSTED",
            "You exceeded your current quota, please check your plan and billing details. For "
            "more information on this error, head to: "
            "https://ai.google.dev/gemini-api/docs/rate-limits.",
            fault.kind == FaultKind::RateLimit ? std::optional(fault_wait_ms(fault)) : std::nullopt);
    }
    if (dialect_ == D::Azure && fault.kind == FaultKind::RateLimit) {
        return to_json_text(
            json{{"error",
                  {{"code", "429"},
                   {"message",
                    "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version "
                    "2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. "
                    "Please retry after " +
                        seconds_text(fault_wait_ms(fault)) + " seconds."}}}});
    }
    return error_body(fault.kind, model);
}

std::string DialectWire::error_body(FaultKind kind, const std::string& model) const {
    const int status = fault_status(kind);
    switch (dialect_) {
        case D::Gemini:
            switch (kind) {
                case FaultKind::Overloaded:
                case FaultKind::Unavailable:
                    return gemini_body(503, "UNAVAILABLE", "The model is overloaded. Please try again later.",
                                       std::nullopt);
                case FaultKind::NotFound:
                    return gemini_body(404, "NOT_FOUND",
                                       "models/" + model +
                                           " is not found for API version v1main, or is not "
                                           "supported for generateContent.",
                                       std::nullopt);
                default:
                    return gemini_body(status, google_status_of(status),
                                       status >= 500
                                           ? "An internal error has occurred. Please retry or report "
                                             "in https://developers.generativeai.google/guide/troubleshooting"
                                           : "Request contains an invalid argument.",
                                       std::nullopt);
            }
        case D::OpenRouter:
            switch (kind) {
                case FaultKind::InsufficientQuota:
                    return to_json_text(json{
                        {"error",
                         {{"code", kPaymentRequired},
                          {"message",
                           "Insufficient credits. Add more using https://openrouter.ai/settings/credits"},
                          {"metadata", {{"limit_source", "openrouter_credits"}}}}}});
                case FaultKind::RateLimit:
                    return error_body(429, "", "Rate limit exceeded: limit_rpm/" + model);
                case FaultKind::Overloaded:
                case FaultKind::BadGateway:
                case FaultKind::StreamError:
                    return to_json_text(json{{"error",
                                              {{"code", 502},
                                               {"message", "Provider returned error"},
                                               {"metadata", {{"provider_name", "Stormproof Sim"}}}}}});
                case FaultKind::Unavailable:
                    return error_body(503, "",
                                      "No endpoints found that can handle the requested parameters.");
                default:
                    return error_body(status, "",
                                      json::parse(OpenAiWire::error_body(kind, model))["error"].value(
                                          "message", std::string("Unexpected error.")));
            }
        case D::DeepSeek:
            switch (kind) {
                case FaultKind::InsufficientQuota:
                    return OpenAiWire::error_body(kPaymentRequired, "unknown_error", "Insufficient Balance");
                case FaultKind::Overloaded:
                case FaultKind::Unavailable:
                    return OpenAiWire::error_body(
                        503, "server_error",
                        "Server overloaded: the server is busy due to high traffic. "
                        "Please retry your request after a brief wait.");
                default:
                    return OpenAiWire::error_body(kind, model);
            }
        case D::Groq:
            if (kind == FaultKind::Overloaded) {
                return OpenAiWire::error_body(kGroqFlexCapacityStatus, "server_error",
                                              "Flex tier capacity exceeded. This is a known issue and we are "
                                              "working to resolve it. Please try again later.");
            }
            return OpenAiWire::error_body(kind, model);
        case D::Local:
            if (kind == FaultKind::Overloaded || kind == FaultKind::Unavailable)
                return error_body(503, "",
                                  "server busy, please try again.  maximum pending requests exceeded");
            if (kind == FaultKind::NotFound)
                return error_body(404, "", "model \"" + model + "\" not found, try pulling it first");
            return error_body(status, "",
                              json::parse(OpenAiWire::error_body(kind, model))["error"].value(
                                  "message", std::string("Unexpected error.")));
        case D::Azure:
            if (kind == FaultKind::RateLimit) {
                FaultSpec spec;
                spec.kind = kind;
                return fault_body(spec, model);
            }
            return OpenAiWire::error_body(kind, model);
        default:
            return OpenAiWire::error_body(kind, model);
    }
}

HeaderPairs DialectWire::fault_headers(const FaultSpec& fault, std::int64_t now_system_ms) const {
    const bool waits = fault.kind == FaultKind::RateLimit;
    switch (dialect_) {
        case D::Gemini:
        case D::Local:
            return {};  // Gemini puts its wait in the body; a local server sends no hints
        case D::Azure: {
            HeaderPairs h = {{"x-ms-region", "East US"}, {"x-ms-client-request-id", "sim"}};
            if (waits || fault.retry_after_ms || fault.retry_after_s) {
                const std::int64_t wait_ms = fault_wait_ms(fault);
                h.emplace_back("retry-after-ms", std::to_string(wait_ms));
                h.emplace_back("x-ms-retry-after-ms", std::to_string(wait_ms));
                h.emplace_back("retry-after", seconds_text(wait_ms));
            }
            if (waits)
                h.emplace_back("x-ratelimit-remaining-requests", "0");
            return h;
        }
        case D::OpenRouter:
        case D::DeepSeek: {
            HeaderPairs h;
            if (waits || fault.retry_after_ms || fault.retry_after_s) {
                if (dialect_ == D::OpenRouter || fault.retry_after_ms || fault.retry_after_s)
                    h.emplace_back("retry-after", seconds_text(fault_wait_ms(fault)));
            }
            return h;
        }
        case D::Groq: {
            HeaderPairs h = {{"x-groq-region", "sim"}};
            if (waits) {
                const std::int64_t wait_ms = fault_wait_ms(fault);
                h.emplace_back("retry-after", seconds_text(wait_ms));
                RateVerdict exhausted;
                exhausted.enabled = true;
                exhausted.limit_tokens = 6000;  // Groq's free-tier tokens per minute for llama-3.1-8b-instant
                exhausted.remaining_tokens = 0;
                exhausted.reset_tokens_ms = wait_ms;
                for (auto& pair : OpenAiWire::rate_limit_headers(exhausted, now_system_ms))
                    h.push_back(pair);
            }
            return h;
        }
        default:
            return OpenAiWire::fault_headers(fault, now_system_ms);
    }
}

std::string DialectWire::rate_limited_body(const RateVerdict& v, const std::string& model,
                                           int requested_tokens) const {
    switch (dialect_) {
        case D::Gemini:
            return gemini_body(429, "RESOURCE_EXHAUSTED",
                               "You exceeded your current quota, please check your plan and billing details.",
                               v.retry_after_ms);
        case D::OpenRouter:
            return error_body(429, "", "Rate limit exceeded: limit_rpm/" + model);
        case D::Local:
            return error_body(429, "", "too many requests");
        default:
            return OpenAiWire::rate_limited_body(v, model, requested_tokens);
    }
}

HeaderPairs DialectWire::rate_limited_headers(const RateVerdict& v) const {
    switch (dialect_) {
        case D::Gemini:
        case D::Local:
            return {};
        case D::Azure:
            return {{"retry-after-ms", std::to_string(v.retry_after_ms)},
                    {"x-ms-retry-after-ms", std::to_string(v.retry_after_ms)},
                    {"retry-after", seconds_text(v.retry_after_ms)}};
        case D::OpenRouter:
        case D::Groq:
            return {{"retry-after", seconds_text(v.retry_after_ms)}};
        default:
            return OpenAiWire::rate_limited_headers(v);
    }
}

HeaderPairs DialectWire::rate_limit_headers(const RateVerdict& v, std::int64_t now_system_ms) const {
    switch (dialect_) {
        case D::Gemini:
        case D::OpenRouter:
        case D::Local:
            return {};
        default:
            return OpenAiWire::rate_limit_headers(v, now_system_ms);
    }
}

std::string DialectWire::request_id_header() const {
    return dialect_ == D::Azure ? "apim-request-id" : OpenAiWire::request_id_header();
}

}  // namespace stormproof
