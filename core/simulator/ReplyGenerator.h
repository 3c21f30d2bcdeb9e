#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stormproof {

// Plausible reply text, deterministic per (seed, prompt): the same prompt always gets the same reply from a
// server with the same seed, whatever else it served in between -- so a retried or restarted request yields
// the same text, and a harness can tell a whole reply from a truncated one.
class ReplyGenerator {
public:
    // Tokens between min_tokens and max_tokens long: a Markdown chat answer (an opening sentence, headings,
    // lists, fenced code, tables, a closing sentence; whole sentences only), each token a word with its
    // leading space or Markdown structure ("\n\n## ", "\n- ", "\n| "). Below 40 tokens, prose only.
    static std::vector<std::string> tokens(std::uint64_t seed, std::string_view prompt, int min_tokens,
                                           int max_tokens);
    static std::string join(const std::vector<std::string>& tokens, std::size_t count);
    // Rough token count of text, the way the simulator bills prompts: one token per 4 bytes, at least 1.
    static int estimate_tokens(std::string_view text);
};

}  // namespace stormproof
