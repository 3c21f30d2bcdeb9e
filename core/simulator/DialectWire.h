#pragma once

#include "OpenAiWire.h"
#include "config/ProviderDialect.h"

namespace stormproof {

// The OpenAI-compatible endpoint as a given provider's fails: Gemini's RetryInfo bodies, Azure's x-ms-*
// headers, OpenRouter's 402 and mid-stream error chunks, DeepSeek's keep-alive lines and busy 503, Groq's
// 498 and retry-after in seconds, a local server's bare {"error": "..."}. Successful replies stay OpenAI's
// (with the provider's stream quirks). Each fact's source is in docs/INTERFACES.md (simulator, dialects) and
// resources/provider-presets.json.
class DialectWire final : public OpenAiWire {
public:
    explicit DialectWire(ProviderDialect dialect) : dialect_(dialect) {}
    ProviderDialect dialect() const { return dialect_; }

    std::string completion_body(const SimCompletion& c) const override;
    std::string stream_start(const SimCompletion& c) const override;
    std::string stream_end(const SimCompletion& c, bool with_terminator) const override;
    std::string error_body(FaultKind kind, const std::string& model) const override;
    std::string error_body(int status, const std::string& type, const std::string& message) const override;
    std::string fault_body(const FaultSpec& fault, const std::string& model) const override;
    int fault_status(FaultKind kind) const override;
    HeaderPairs fault_headers(const FaultSpec& fault, std::int64_t now_system_ms) const override;
    std::string rate_limited_body(const RateVerdict& v, const std::string& model,
                                  int requested_tokens) const override;
    HeaderPairs rate_limited_headers(const RateVerdict& v) const override;
    HeaderPairs rate_limit_headers(const RateVerdict& v, std::int64_t now_system_ms) const override;
    std::string request_id_header() const override;

    // A protobuf Duration in JSON ("1s", "1.5s"): Gemini's retryDelay.
    static std::string proto_duration(std::int64_t ms);

private:
    // The wait a status fault asks for: retry_after_ms, retry_after_s, delay_ms, or 1 s.
    static std::int64_t fault_wait_ms(const FaultSpec& fault);
    std::string gemini_body(int status, const std::string& google_status, const std::string& message,
                            std::optional<std::int64_t> retry_delay_ms) const;

    ProviderDialect dialect_;
};

}  // namespace stormproof
