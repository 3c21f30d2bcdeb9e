#include "ReplyGenerator.h"

#include <array>
#include <random>
#include <sstream>

namespace stormproof {

namespace {

// The reply is Markdown a chat window can show off: an opening sentence, then headings, bullet and numbered
// lists, fenced code and tables between paragraphs, and a closing sentence -- chosen and ordered by a
// generator seeded with (seed, prompt), so the same prompt always gets the same reply, and cut to exactly the
// token count drawn (the count, not the words, is what tests and rate limits rely on).

constexpr std::array<std::string_view, 24> kSentences = {
    "A retry waits for the server's hint before it tries again.",
    "The circuit breaker opens after repeated failures and probes again later.",
    "Jitter spreads the retries out so clients do not return in lockstep.",
    "A fallback target answers while the primary provider recovers.",
    "Every attempt is recorded with its status, its wait and its time to first token.",
    "Rate limits come back as headers that say when the bucket refills.",
    "A stream cut in the middle can be resumed from the text already received.",
    "The deadline bounds the whole request, retries included.",
    "Hedging sends a second attempt when the first one is slower than usual.",
    "A retry budget stops a storm of retries from making an outage worse.",
    "Idempotency keys let the server recognise a request it has already seen.",
    "The dashboard shows latency percentiles next to the breaker states.",
    "Short timeouts fail fast, but a slow model needs room to think.",
    "Errors are classified once, and each class has its own retry rule.",
    "An overloaded provider usually recovers within a few seconds.",
    "Quota errors are not retried, since waiting will not add credit.",
    "Keep the first token timeout shorter than the total attempt timeout.",
    "A healthy target closes its breaker after a successful probe.",
    "The simulator can rehearse each failure without a key or a network.",
    "Streaming replies show progress long before the answer is complete.",
    "Backoff doubles the wait after each failure, up to a ceiling.",
    "Logs keep the request id the provider returned for each attempt.",
    "Context length errors need a shorter prompt, not another attempt.",
    "A small model answers quickly, and a large one answers carefully.",
};

// Short sentences of 1 to 7 words, one of each length at least: any number of tokens is filled with whole
// sentences, never a sentence cut off.
constexpr std::array<std::string_view, 10> kShortSentences = {
    "Done.",
    "That helps.",
    "Retries need limits.",
    "Keep the defaults simple.",
    "The simulator shows each case.",
    "Short waits suit fast models best.",
    "A fallback keeps the chat going smoothly.",
    "Agreed.",
    "Measure it first.",
    "Watch the error rate.",
};

constexpr std::array<std::string_view, 10> kHeadings = {
    "Summary",    "How it works", "An example",    "Trade-offs",     "Next steps",
    "Key points", "In practice",  "What to watch", "Why it matters", "A closer look",
};

constexpr std::array<std::string_view, 14> kItems = {
    "Honour Retry-After when the server sends it",
    "Cap the number of attempts per request",
    "Add jitter to every backoff",
    "Fall back to another provider on overload",
    "Stop retrying when the quota is gone",
    "Measure time to first token separately",
    "Keep a budget for retries across requests",
    "Resume a cut stream instead of starting over",
    "Log the provider's request id",
    "Open the breaker after repeated failures",
    "Probe a recovering target with one request",
    "Prefer short prompts for fast models",
    "Watch the remaining tokens header",
    "Test every failure in the simulator first",
};

struct CodeSnippet {
    std::string_view language;
    std::string_view code;  // lines separated by '\n'
};

constexpr std::array<CodeSnippet, 5> kCode = {{
    {"python",
     "import time\n"
     "for attempt in range(5):\n"
     "    response = client.send(request)\n"
     "    if response.ok:\n"
     "        break\n"
     "    time.sleep(min(2 ** attempt, 30))"},
    {"bash",
     "curl -s http://127.0.0.1:8080/v1/chat/completions \\\n"
     "  -H 'Content-Type: application/json' \\\n"
     "  -d '{\"model\": \"sim-flaky\", \"stream\": true}'"},
    {"json",
     "{\n"
     "  \"retry\": {\"max_attempts\": 4, \"base_delay_ms\": 250},\n"
     "  \"breaker\": {\"failure_threshold\": 5}\n"
     "}"},
    {"cpp",
     "const auto wait = backoff.delay_ms(attempt, previous, random);\n"
     "scheduler.after(wait, [this] { start_attempt(); });"},
    {"javascript",
     "const reply = await client.chat.completions.create({\n"
     "  model: 'sim-healthy',\n"
     "  messages: [{ role: 'user', content: prompt }],\n"
     "});"},
}};

constexpr std::array<std::array<std::string_view, 3>, 8> kRows = {{
    {"backoff", "250 ms", "retry"},
    {"Retry-After", "2 s", "wait as told"},
    {"overloaded", "1 s", "fall back"},
    {"quota", "none", "stop"},
    {"timeout", "30 s", "retry once"},
    {"cut stream", "0 ms", "resume"},
    {"rate limit", "reset", "wait"},
    {"server error", "500 ms", "retry"},
}};

// One token: its text as sent, leading space or Markdown structure included.
using Tokens = std::vector<std::string>;

// The generator's seed: FNV-1a 64 of the prompt (published offset basis and prime), mixed with the server's
// seed by SplitMix64's finaliser -- a plain XOR of the two let seed 2 with "a" collide with seed 1 with "b".
std::uint64_t reply_seed(std::string_view prompt, std::uint64_t seed) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : prompt) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    std::uint64_t z = h + (seed + 1) * 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    std::istringstream in{std::string(text)};
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

class Builder {
public:
    explicit Builder(std::mt19937_64& rng) : rng_(rng) {}

    std::size_t pick(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }

    // Prose of exactly n tokens, whole sentences only, its first token prefixed: a long sentence while one
    // fits, then the short one of the length left (the short ones cover every length up to 7).
    Tokens prose(int n, const std::string& prefix) {
        Tokens out;
        while (static_cast<int>(out.size()) < n) {
            const int left = n - static_cast<int>(out.size());
            std::vector<std::vector<std::string>> fitting;
            for (const auto sentence : kSentences) {
                auto words = words_of(sentence);
                if (static_cast<int>(words.size()) <= left)
                    fitting.push_back(std::move(words));
            }
            std::vector<std::string> words;
            if (!fitting.empty()) {
                words = std::move(fitting[pick(fitting.size())]);
            } else {
                std::vector<std::vector<std::string>> longest;
                std::size_t best = 0;
                for (const auto sentence : kShortSentences) {
                    auto w = words_of(sentence);
                    if (static_cast<int>(w.size()) > left || w.size() < best)
                        continue;
                    if (w.size() > best)
                        longest.clear();
                    best = w.size();
                    longest.push_back(std::move(w));
                }
                words = std::move(longest[pick(longest.size())]);
            }
            for (const auto& w : words)
                out.push_back((out.empty() ? prefix : std::string(" ")) + w);
        }
        return out;
    }

    Tokens heading() {
        Tokens out;
        const auto words = words_of(kHeadings[pick(kHeadings.size())]);
        for (std::size_t i = 0; i < words.size(); ++i)
            out.push_back((i == 0 ? std::string("\n\n## ") : std::string(" ")) + words[i]);
        return out;
    }

    Tokens list(bool numbered) {
        Tokens out;
        const std::size_t items = 2 + pick(3);
        const std::size_t first = pick(kItems.size());
        for (std::size_t i = 0; i < items; ++i) {
            const auto words = words_of(kItems[(first + i * 5) % kItems.size()]);
            const std::string marker = numbered ? std::to_string(i + 1) + ". " : "- ";
            for (std::size_t k = 0; k < words.size(); ++k) {
                out.push_back(k == 0 ? (i == 0 ? "\n\n" : "\n") + marker + words[k] : " " + words[k]);
            }
        }
        return out;
    }

    Tokens code() {
        const CodeSnippet& snippet = kCode[pick(kCode.size())];
        Tokens out;
        std::string pending = "\n\n```" + std::string(snippet.language) + "\n";
        std::istringstream lines{std::string(snippet.code)};
        bool first_line = true;
        for (std::string line; std::getline(lines, line);) {
            const std::size_t indent = line.find_first_not_of(' ');
            const std::string lead = (first_line ? pending : std::string("\n")) +
                                     line.substr(0, indent == std::string::npos ? 0 : indent);
            first_line = false;
            const auto words = words_of(line);
            for (std::size_t k = 0; k < words.size(); ++k)
                out.push_back((k == 0 ? lead : std::string(" ")) + words[k]);
        }
        out.back() += "\n```";
        return out;
    }

    Tokens table() {
        Tokens out = {"\n\n| Case", " | Wait", " | Action |", "\n| --- | --- | --- |"};
        const std::size_t rows = 2 + pick(3);
        const std::size_t first = pick(kRows.size());
        for (std::size_t i = 0; i < rows; ++i) {
            const auto& row = kRows[(first + i * 3) % kRows.size()];
            out.push_back("\n| " + std::string(row[0]));
            out.push_back(" | " + std::string(row[1]));
            out.push_back(" | " + std::string(row[2]) + " |");
        }
        return out;
    }

    // One whole sentence of the long kind.
    Tokens sentence(const std::string& prefix) {
        Tokens out;
        for (const auto& w : words_of(kSentences[pick(kSentences.size())]))
            out.push_back((out.empty() ? prefix : std::string(" ")) + w);
        return out;
    }

private:
    std::mt19937_64& rng_;
};

// Below this many tokens a reply is prose only: the opening sentence (up to 15 words) and the closing prose
// leave no room for structure.
constexpr int kMinStructuredTokens = 40;
// The closing prose's length: room for one long sentence (8-10 words) and a short one to make it exact.
constexpr int kClosingTokens = 10;

}  // namespace

std::vector<std::string> ReplyGenerator::tokens(std::uint64_t seed, std::string_view prompt, int min_tokens,
                                                int max_tokens) {
    std::mt19937_64 rng(reply_seed(prompt, seed));
    const int lo = std::max(1, min_tokens);
    const int hi = std::max(lo, max_tokens);
    const int count = lo + static_cast<int>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
    Builder b(rng);
    if (count < kMinStructuredTokens)
        return b.prose(count, "");

    Tokens out = b.sentence("");
    const int body_end = count - kClosingTokens;
    // A chat answer's rhythm: a list, code or a table is followed by a paragraph or a heading, a heading by
    // anything but another heading, a paragraph by anything but another paragraph.
    enum class Block { Heading, List, Code, Table, Prose };
    Block last = Block::Prose;
    while (static_cast<int>(out.size()) < body_end) {
        const int room = body_end - static_cast<int>(out.size());
        std::vector<Block> next;
        switch (last) {
            case Block::Heading:
                next = {Block::List, Block::Code, Block::Table, Block::Prose};
                break;
            case Block::Prose:
                next = {Block::Heading, Block::List, Block::Code, Block::Table};
                break;
            default:
                next = {Block::Prose, Block::Prose, Block::Heading};
                break;
        }
        Block kind = next[b.pick(next.size())];
        Tokens block;
        switch (kind) {
            case Block::Heading:
                block = b.heading();
                break;
            case Block::List:
                block = b.list(b.pick(2) == 0);
                break;
            case Block::Code:
                block = b.code();
                break;
            case Block::Table:
                block = b.table();
                break;
            case Block::Prose:
                block = b.prose(std::min(room, 10 + static_cast<int>(b.pick(20))), "\n\n");
                break;
        }
        // What does not fit, and a heading with no room for what follows it, become the paragraph that fits.
        constexpr int kRoomAfterHeading = 8;
        if (static_cast<int>(block.size()) > room ||
            (kind == Block::Heading && static_cast<int>(block.size()) + kRoomAfterHeading > room)) {
            block = b.prose(room, "\n\n");
            kind = Block::Prose;
        }
        last = kind;
        out.insert(out.end(), block.begin(), block.end());
    }
    const Tokens closing = b.prose(kClosingTokens, "\n\n");
    out.insert(out.end(), closing.begin(), closing.end());
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
