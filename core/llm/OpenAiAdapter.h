#pragma once

#include "ProviderAdapter.h"

namespace stormproof {

// OpenAI Chat Completions, and every server that speaks it (Ollama, vLLM, LM Studio, OpenRouter, the
// simulator).
class OpenAiAdapter final : public ProviderAdapter {
public:
    // How the key is sent: Authorization: Bearer KEY, or Azure OpenAI's api-key: KEY (a target's
    // "auth_header": "api-key").
    enum class KeyHeader { AuthorizationBearer, ApiKey };
    explicit OpenAiAdapter(KeyHeader key_header = KeyHeader::AuthorizationBearer) : key_header_(key_header) {}

    HttpRequestSpec build(const ChatRequest& request, const BuildContext& context) const override;
    std::unique_ptr<StreamDecoder> make_decoder() const override;
    bool parse_body(std::string_view body, std::string& text, Usage& usage, std::string& finish,
                    std::string* reasoning = nullptr) const override;
    HttpRequestSpec models_request(const std::string& base_url, const std::string& api_key) const override;

private:
    std::pair<std::string, std::string> key_header(const std::string& api_key) const;
    KeyHeader key_header_;
};

}  // namespace stormproof
