#pragma once

#include <QString>

#include "storage/ConversationStore.h"

namespace stormproof {

// How a reply ended, in words a person reads at a glance: a badge (clean, recovered after retries, failed,
// stopped), a sentence saying what happened and what to do, and the reply's own tokens. No widgets: the
// ribbon and the message render it; tests check it directly.
struct ReplyOutcome {
    enum class Kind { InFlight, Clean, Recovered, Failed, Stopped };
    Kind kind = Kind::InFlight;
    int retries = 0;             // attempts beyond the first (hedges excluded)
    std::int64_t waited_ms = 0;  // time spent waiting before retries
    QString badge;               // "recovered after 2 retries (waited 1.4 s)"
    QString sentence;            // failed or stopped: what happened, then what to do
    QString detail;              // failed: the last error as the provider or transport put it
    QString tokens;              // "in 412 · out 87 tokens" (empty when the provider reported none)
};

ReplyOutcome reply_outcome(const StoredMessage& message, bool in_flight);

// "1.25 s" (two decimals below ten seconds, one above).
QString seconds_text(std::int64_t ms);

// The policy's reason for stopping, in words ("the retry budget refused more retries"); empty for none.
QString reason_text(const std::string& reason);

}  // namespace stormproof
