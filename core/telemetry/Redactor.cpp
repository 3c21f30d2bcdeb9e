#include "Redactor.h"

#include <algorithm>

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

namespace {

bool is_alnum(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool is_key_char(unsigned char c) {  // sk-...: [A-Za-z0-9_-]
    return is_alnum(c) || c == '_' || c == '-';
}
bool is_token_char(unsigned char c) {  // Bearer ...: [A-Za-z0-9._-~+/=] (the '-' is a hyphen, not a range)
    return is_alnum(c) || c == '.' || c == '_' || c == '-' || c == '~' || c == '+' || c == '/' || c == '=';
}
bool is_space(unsigned char c) {  // \s in the C locale
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
bool is_not_space(unsigned char c) {
    return !is_space(c);
}

template <typename Pred>
std::size_t run_end(std::string_view text, std::size_t i, Pred pred) {
    while (i < text.size() && pred(static_cast<unsigned char>(text[i])))
        ++i;
    return i;
}

constexpr std::size_t kMinSecretChars = 8;

// Where a key shape starting at i ends, or npos. Each shape is a literal, then (for two of them) a run of
// spaces, then a run of at least 8 secret characters taken whole: what the greedy regex
//   (sk-[A-Za-z0-9_\-]{8,})|((Bearer|bearer)\s+[A-Za-z0-9._\-~+/=]{8,})|(x-api-key:\s*\S{8,})
// matched, without its backtracking (std::regex recursed once per character: 200,000 of them overflowed the
// stack). A space run is scanned only from the literal right before it, and a failed secret run is shorter
// than 8, so the whole scan is linear.
std::size_t shape_end(std::string_view text, std::size_t i) {
    const std::string_view rest = text.substr(i);
    auto secret = [&](std::size_t from, auto pred) -> std::size_t {
        const std::size_t end = run_end(text, from, pred);
        return end - from >= kMinSecretChars ? end : std::string_view::npos;
    };
    if (rest.substr(0, 3) == "sk-")
        return secret(i + 3, is_key_char);
    if (rest.substr(0, 6) == "Bearer" || rest.substr(0, 6) == "bearer") {
        const std::size_t spaces = run_end(text, i + 6, is_space);
        return spaces > i + 6 ? secret(spaces, is_token_char) : std::string_view::npos;
    }
    if (rest.substr(0, 10) == "x-api-key:")
        return secret(run_end(text, i + 10, is_space), is_not_space);
    return std::string_view::npos;
}

}  // namespace

std::string Redactor::redact_shapes(std::string_view text) {
    // Every shape starts with one of these literals; most texts (every attempt's detail) have none.
    if (text.find("sk-") == std::string_view::npos && text.find("earer") == std::string_view::npos &&
        text.find("x-api-key") == std::string_view::npos)
        return std::string(text);
    // OpenAI (sk-, sk-proj-), Anthropic (sk-ant-), and any Bearer / x-api-key value echoed into a message.
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t end = shape_end(text, i);
        if (end != std::string_view::npos) {
            out += kMask;
            i = end;
        } else {
            out.push_back(text[i]);
            ++i;
        }
    }
    return out;
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
