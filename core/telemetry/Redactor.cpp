#include "Redactor.h"

#include <algorithm>
#include <regex>

namespace stormproof {

void Redactor::add_secret(std::string secret) {
    if (secret.size() < 8)
        return;
    if (std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end())
        return;
    secrets_.push_back(std::move(secret));
    // Longest first, so a secret that contains another is masked whole.
    std::sort(secrets_.begin(), secrets_.end(),
              [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

std::string Redactor::redact_shapes(std::string_view text) {
    // Every shape below starts with one of these literals; most texts (every attempt's detail) have none, and
    // std::regex costs microseconds per call (it showed in the client's CPU profile).
    if (text.find("sk-") == std::string_view::npos && text.find("earer") == std::string_view::npos &&
        text.find("x-api-key") == std::string_view::npos)
        return std::string(text);
    // OpenAI (sk-, sk-proj-), Anthropic (sk-ant-), and any Bearer / x-api-key value echoed into a message.
    static const std::regex kKeyShapes(
        R"((sk-[A-Za-z0-9_\-]{8,})|((Bearer|bearer)\s+[A-Za-z0-9._\-~+/=]{8,})|(x-api-key:\s*\S{8,}))");
    return std::regex_replace(std::string(text), kKeyShapes, std::string(kMask));
}

std::string Redactor::redact(std::string_view text) const {
    if (text.empty())
        return {};
    std::string out(text);
    for (const std::string& secret : secrets_) {
        std::size_t pos = 0;
        while ((pos = out.find(secret, pos)) != std::string::npos) {
            out.replace(pos, secret.size(), kMask);
            pos += kMask.size();
        }
    }
    return redact_shapes(out);
}

}  // namespace stormproof
