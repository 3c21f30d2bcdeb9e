#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace stormproof {

// How a provider fails on the wire: its error bodies, wait hints, rate-limit headers and stream quirks. The
// presets (resources/provider-presets.json) name the dialect each provider speaks; a simulator scenario's
// "dialect" makes stormproof-sim fail that way. Names are those files' values.
enum class ProviderDialect {
    OpenAi,  // {"error": {message, type, code}}, retry-after-ms / retry-after, x-ratelimit-* (Go durations)
    Anthropic,   // {"type": "error", "error": {type, message}}, anthropic-ratelimit-* (RFC 3339), 529
    Gemini,      // [{"error": {code, message, status, details: [RetryInfo {retryDelay}]}}], no Retry-After
    Azure,       // {"error": {code: "429", message}}, retry-after-ms, x-ms-retry-after-ms, x-ms-region
    OpenRouter,  // {"error": {code: <status>, message, metadata}}, 402 credits, ": OPENROUTER PROCESSING",
                 // mid-stream error chunks with finish_reason "error"
    DeepSeek,    // 402 Insufficient Balance, 503 server busy, ": keep-alive" comments / blank lines while
                 // queued
    Groq,        // OpenAI's shape, retry-after in seconds, x-ratelimit-* resets like "2m59.56s", 498
    Local,       // Ollama / llama.cpp / vLLM / LM Studio: {"error": "message"} or OpenAI's shape, no hints
};

inline constexpr std::array kAllProviderDialects = {
    ProviderDialect::OpenAi,     ProviderDialect::Anthropic, ProviderDialect::Gemini, ProviderDialect::Azure,
    ProviderDialect::OpenRouter, ProviderDialect::DeepSeek,  ProviderDialect::Groq,   ProviderDialect::Local,
};

std::string_view to_string(ProviderDialect dialect);
std::optional<ProviderDialect> provider_dialect_from_string(std::string_view text);
std::string provider_dialect_choices();  // "openai, anthropic, ..."

}  // namespace stormproof
