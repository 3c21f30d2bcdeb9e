#include "ReplyGenerator.h"

#include <array>
#include <random>

namespace stormproof {

namespace {
constexpr std::array<std::string_view, 64> kWords = {
    "the",      "a",       "retry",    "request", "model",    "server",   "answer",  "stream",
    "token",    "latency", "backoff",  "jitter",  "breaker",  "fallback", "budget",  "deadline",
    "provider", "network", "response", "client",  "policy",   "storm",    "weather", "resilient",
    "quickly",  "slowly",  "often",    "rarely",  "because",  "while",    "after",   "before",
    "every",    "some",    "many",     "few",     "simple",   "careful",  "robust",  "gentle",
    "waits",    "sends",   "reads",    "writes",  "measures", "recovers", "fails",   "succeeds",
    "and",      "or",      "but",      "so",      "with",     "without",  "through", "across",
    "data",     "signal",  "window",   "limit",   "reset",    "probe",    "outage",  "chat"};

std::uint64_t fnv1a(std::string_view text, std::uint64_t seed) {
    std::uint64_t h = 1469598103934665603ULL ^ seed;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}
}  // namespace

std::vector<std::string> ReplyGenerator::tokens(std::uint64_t seed, std::string_view prompt, int min_tokens,
                                                int max_tokens) {
    std::mt19937_64 rng(fnv1a(prompt, seed));
    const int lo = std::max(1, min_tokens);
    const int hi = std::max(lo, max_tokens);
    const int count = lo + static_cast<int>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(count));
    int sentence_left = 0;
    for (int i = 0; i < count; ++i) {
        std::string word(kWords[rng() % kWords.size()]);
        const bool starts_sentence = sentence_left == 0;
        if (starts_sentence) {
            sentence_left = 6 + static_cast<int>(rng() % 10);
            word[0] = static_cast<char>(word[0] - 'a' + 'A');
        }
        --sentence_left;
        if (sentence_left == 0 || i + 1 == count)
            word += ".";
        out.push_back((i == 0 ? "" : " ") + word);
    }
    return out;
}

std::string ReplyGenerator::join(const std::vector<std::string>& tokens, std::size_t count) {
    std::string text;
    for (std::size_t i = 0; i < count && i < tokens.size(); ++i)
        text += tokens[i];
    return text;
}

int ReplyGenerator::estimate_tokens(std::string_view text) {
    return std::max(1, static_cast<int>((text.size() + 3) / 4));
}

}  // namespace stormproof
