#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "CircuitBreaker.h"
#include "RetryBudget.h"
#include "RetryPolicy.h"
#include "SharedStateConfig.h"

namespace stormproof {

struct TimeoutConfig {
    // 10 s to connect: a TCP+TLS handshake that takes longer is not going to succeed (OpenAI SDK: 10 s
    // connect).
    static constexpr std::int64_t kDefaultConnectMs = 10000;
    // 30 s to the first token: reasoning models think before speaking; a plain chat model this slow is sick.
    static constexpr std::int64_t kDefaultFirstTokenMs = 30000;
    // 30 s of silence inside a stream means a stalled connection, not a slow model.
    static constexpr std::int64_t kDefaultIdleMs = 30000;
    // 120 s per attempt: long answers stream for a minute or two; the SDKs allow 600 s, far past any person.
    static constexpr std::int64_t kDefaultAttemptMs = 120000;
    // 60 s for the whole request, retries and fallbacks included (docs/INTERFACES.md default). A streamed
    // reply that has started is bounded by attempt_ms and idle_ms, not by this: the deadline governs getting
    // an answer.
    static constexpr std::int64_t kDefaultDeadlineMs = 60000;

    std::int64_t connect_ms = kDefaultConnectMs;
    std::int64_t first_token_ms = kDefaultFirstTokenMs;
    std::int64_t idle_ms = kDefaultIdleMs;
    std::int64_t attempt_ms = kDefaultAttemptMs;
    std::int64_t deadline_ms = kDefaultDeadlineMs;
};

struct HedgingConfig {
    // Off by default: a hedge doubles the tokens paid for every slow request.
    bool enabled = false;
    // 2 s without a first token: around the p95 TTFT of hosted chat models on short prompts.
    static constexpr std::int64_t kDefaultDelayMs = 2000;
    std::int64_t delay_ms = kDefaultDelayMs;
    int max_hedges = 1;
};

enum class AfterFirstToken { Fail, Restart, Continue };
std::string_view to_string(AfterFirstToken mode);
std::optional<AfterFirstToken> after_first_token_from_string(std::string_view text);

struct StreamConfig {
    // restart: a reply cut after it started is asked for again from the start, within the attempt caps, the
    // retry budget and the deadline; the partial text is replaced (the UI and the CLI say so) and the tokens
    // it cost are counted as wasted. A person wants the whole answer: with `fail` a cut stream ended the
    // request (89% of the `streams` benchmark delivered whole at the defaults, the OpenAI SDK's figure;
    // cockatiel's retry-the-whole-call delivered 100%). `fail` keeps the partial text with the error instead;
    // `continue` asks the next target to carry on from it.
    AfterFirstToken after_first_token = AfterFirstToken::Restart;
};

// Every resilience knob, as the engine consumes it. The policy file maps onto this one to one.
struct ResiliencePolicy {
    RetryConfig retry;
    TimeoutConfig timeouts;
    BreakerConfig breaker;
    BudgetConfig budget;
    HedgingConfig hedging;
    StreamConfig stream;
    // Not the engine's: what the shared-state link (core/shared) reads. Here so that the policy file, its
    // table (PolicyFields), the writer and the forms handle it like every other section.
    SharedStateConfig shared_state;
};

}  // namespace stormproof
