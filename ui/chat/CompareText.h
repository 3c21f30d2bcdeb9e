#pragma once

#include <QString>
#include <vector>

#include "llm/Comparison.h"
#include "storage/ConversationStore.h"
#include "telemetry/PriceTable.h"

namespace stormproof {

// A compare's words for the window (issue 21 item 4): the numbers come from core (llm/Comparison.h), the
// words through tr(). No widgets: CompareRow and MessageWidget show them; tests read them directly.

// A stored compare reply as core's maths read it, its cost from the price table (none for an unpriced model).
CompareReply compare_reply_of(const StoredMessage& message, const PriceTable& prices);

// A column's ribbon figures in one line: "2 attempts · 1 wait (0.35 s) · TTFT 0.21 s · total 1.93 s · in 12 ·
// out 87 tokens · ≈$0.00090".
QString figures_text(const ReplyFigures& figures);

// The verdict in one line: "Fastest: beta (1.20 s, 0.80 s sooner) · needed retries: alpha (1 retry, waited
// 0.50 s) · failed: gamma". Empty while nothing has finished.
QString verdict_text(const CompareVerdict& verdict, const std::vector<CompareReply>& replies);

}  // namespace stormproof
