#pragma once

// A compare (issue 21 item 4): one prompt sent to 2-4 targets, or one target under two policies, at once. The
// figures each column's ribbon shows and the verdict line under them, as pure functions of the replies'
// values (attempt records, times, tokens): the GUI, the CLI's `compare --json` and the conversation export
// read the same numbers. No clock, no widgets, no prices: a column's cost is worked out by whoever holds the
// price table and handed in.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ChatTypes.h"

namespace stormproof {

// A compare runs this many columns at least and at most: two to be a comparison; four side by side still fit
// a 1366-pixel window (the README's screenshot size) with readable text.
inline constexpr int kMinCompareColumns = 2;
inline constexpr int kMaxCompareColumns = 4;

// One column's reply, as the ribbon and the verdict read it.
struct CompareReply {
    std::string label;  // what the column ran: a target's name, or "target · policy B"
    bool ok = false;
    bool stopped = false;  // cancelled by the person: neither a failure nor a result
    std::vector<AttemptRecord> attempts;
    std::optional<std::int64_t> ttft_ms;
    std::optional<std::int64_t> total_ms;
    Usage usage;
    std::optional<double> cost_usd;  // from the price table; none when its model is not priced
};

// A column's resilience ribbon: attempts, waits, TTFT, total, tokens, cost.
struct ReplyFigures {
    int attempts = 0;  // attempts sent, hedges included
    int hedges = 0;
    int retries = 0;  // attempts beyond the first, hedges excluded (as ReplyOutcome counts them)
    int waits = 0;    // waits before a retry (a Retry decision with a delay)
    std::int64_t waited_ms = 0;
    bool fallback = false;  // an attempt went to another target than the first
    std::optional<std::int64_t> ttft_ms;
    std::optional<std::int64_t> total_ms;
    int input_tokens = 0;
    int output_tokens = 0;
    std::optional<double> cost_usd;
};

ReplyFigures reply_figures(const CompareReply& reply);

// Which column was fastest and which needed retries, by index into the replies.
struct CompareVerdict {
    std::optional<int> fastest;             // the answered column with the least total time
    std::optional<int> first_token;         // the answered column whose first token came first
    std::vector<int> needed_retries;        // answered, with retries, waits or a fallback on the way
    std::vector<int> clean;                 // answered at the first attempt
    std::vector<int> failed;                // no answer after the policy ran its course
    std::vector<int> stopped;               // stopped by the person
    std::optional<std::int64_t> margin_ms;  // how much sooner the fastest finished than the next answered one
    bool decided() const { return fastest.has_value() || !failed.empty(); }
};

// Ties go to the lower column (the order the person chose). A column still running counts for nothing.
CompareVerdict compare_verdict(const std::vector<CompareReply>& replies);

// The verdict in one English line for the CLI and the Markdown export (the GUI words it through tr()):
// "fastest: b (1.20 s, 0.35 s sooner); needed retries: a (2 retries, waited 1.50 s); failed: c".
std::string verdict_line(const CompareVerdict& verdict, const std::vector<CompareReply>& replies);

// "1.25 s" (two decimals below ten seconds, one above), as the ribbon says it.
std::string format_seconds(std::int64_t ms);

}  // namespace stormproof
