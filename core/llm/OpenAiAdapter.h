#pragma once

#include "ProviderAdapter.h"

namespace stormproof {

// OpenAI Chat Completions, and every server that speaks it (Ollama, vLLM, LM Studio, OpenRouter, the
// simulator).
class OpenAiAdapter final : public ProviderAdapter {
public:
    HttpRequestSpec build(const ChatRequest& request, const BuildContext& context) const override;
    std::unique_ptr<StreamDecoder> make_decoder() const override;
    bool parse_body(std::string_view body, std::string& text, Usage& usage, std::string& finish,
                    std::string* reasoning = nullptr) const override;
    HttpRequestSpec models_request(const std::string& base_url, const std::string& api_key) const override;
};

}  // namespace stormproof
