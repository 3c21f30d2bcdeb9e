#include "ProviderDialect.h"

namespace stormproof {

std::string_view to_string(ProviderDialect dialect) {
    switch (dialect) {
        case ProviderDialect::OpenAi:
            return "openai";
        case ProviderDialect::Anthropic:
            return "anthropic";
        case ProviderDialect::Gemini:
            return "gemini";
        case ProviderDialect::Azure:
            return "azure";
        case ProviderDialect::OpenRouter:
            return "openrouter";
        case ProviderDialect::DeepSeek:
            return "deepseek";
        case ProviderDialect::Groq:
            return "groq";
        case ProviderDialect::Local:
            return "local";
    }
    return "openai";
}

std::optional<ProviderDialect> provider_dialect_from_string(std::string_view text) {
    for (const auto dialect : kAllProviderDialects) {
        if (to_string(dialect) == text)
            return dialect;
    }
    return std::nullopt;
}

std::string provider_dialect_choices() {
    std::string out;
    for (const auto dialect : kAllProviderDialects) {
        if (!out.empty())
            out += ", ";
        out += to_string(dialect);
    }
    return out;
}

}  // namespace stormproof
