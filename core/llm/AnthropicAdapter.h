#pragma once

#include "ProviderAdapter.h"

namespace stormproof {

// Anthropic Messages: x-api-key auth, anthropic-version, named SSE events ending in message_stop.
class AnthropicAdapter final : public ProviderAdapter {
public:
    // The API version every current Anthropic SDK sends.
    static constexpr std::string_view kApiVersion = "2023-06-01";
    // Messages requires max_tokens; when the request does not say, this is a generous chat answer.
    static constexpr int kDefaultMaxTokens = 4096;

    HttpRequestSpec build(const ChatRequest& request, const BuildContext& context) const override;
    std::unique_ptr<StreamDecoder> make_decoder() const override;
    bool parse_body(std::string_view body, std::string& text, Usage& usage, std::string& finish,
                    std::string* reasoning = nullptr) const override;
    HttpRequestSpec models_request(const std::string& base_url, const std::string& api_key) const override;
};

}  // namespace stormproof
