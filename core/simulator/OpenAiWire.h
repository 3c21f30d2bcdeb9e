#pragma once

#include "WireFormat.h"

namespace stormproof {

// OpenAI Chat Completions: chat.completion bodies, chat.completion.chunk SSE ending in [DONE].
class OpenAiWire : public WireFormat {
public:
    std::string completion_body(const SimCompletion& c) const override;
    std::string stream_start(const SimCompletion& c) const override;
    std::string stream_token(const SimCompletion& c, std::size_t index) const override;
    std::string stream_end(const SimCompletion& c, bool with_terminator) const override;
    std::string stream_garbage() const override;
    std::string error_body(FaultKind kind, const std::string& model) const override;
    std::string error_body(int status, const std::string& type, const std::string& message) const override;
    std::string rate_limited_body(const RateVerdict& v, const std::string& model,
                                  int requested_tokens) const override;
    std::string request_id_header() const override { return "x-request-id"; }
    std::string request_id(std::uint64_t n) const override;
    HeaderPairs rate_limit_headers(const RateVerdict& v, std::int64_t now_system_ms) const override;
};

}  // namespace stormproof
