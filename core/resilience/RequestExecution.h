#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "AttemptOutcome.h"
#include "CircuitBreaker.h"
#include "Clock.h"
#include "Deadline.h"
#include "Decision.h"
#include "RandomSource.h"
#include "RequestIdentity.h"
#include "ResiliencePolicy.h"
#include "ResilienceState.h"
#include "RetryPolicy.h"

namespace stormproof {

// One entry of the fallback chain as the engine sees it: a name (the breaker's key) and how many API keys.
struct ExecutionTarget {
    std::string name;
    int key_count = 1;
    // Non-empty: this target cannot serve this request, and why (a gateway request using what the target's
    // protocol cannot express, such as tools for a target of the other protocol). Such a target is skipped
    // with DecisionReason::Untranslatable -- a fallback past it, or a failure when nothing usable is left --
    // and is never sent an attempt.
    std::string unusable;
};

// What a request's own caller asks beyond the policy (the gateway's clients); every field is optional.
struct CallerLimits {
    // Shortens the request's deadline (x-stainless-timeout, x-stormproof-deadline-ms); never lengthens it
    // past the policy's timeouts.deadline_ms.
    std::optional<std::int64_t> deadline_ms;
    // The caller's own retries before this request (x-stainless-retry-count): when > 0 this request is itself
    // a retry, and spends one unit of the first target's retry budget at begin() (one, however many came
    // before: each of those was charged when it came through).
    int prior_retries = 0;
    // Overrides stream.after_first_token: the gateway forwards bytes from the first token on, after which a
    // restart would hand its caller the text twice, so its requests end at a failure there (Fail).
    std::optional<AfterFirstToken> after_first_token;
};

// How an attempt relates to text already streamed by an earlier, committed attempt.
enum class StreamResume {
    None,
    Restart,   // the consumer discards the partial text; this attempt starts over
    Continue,  // the partial text is sent as the assistant's start; this attempt continues it
};

struct AttemptSpec {
    int attempt_id = 0;  // 1-based, in start order, unique within the request
    int target_index = 0;
    int key_index = 0;
    int attempt_on_target = 1;  // 1-based
    // Per-attempt timeouts, already clamped to what the request's deadline leaves.
    std::int64_t connect_timeout_ms = 0;
    std::int64_t first_token_timeout_ms = 0;
    std::int64_t idle_timeout_ms = 0;
    std::int64_t attempt_timeout_ms = 0;
    bool hedge = false;
    bool last_resort = false;  // every target left was short-circuited; this one reopens soonest
    StreamResume resume = StreamResume::None;
};

// How the engine judged one finished attempt: the driver records and shows this, never a judgement of its
// own.
struct AttemptVerdict {
    int attempt_id = 0;
    std::optional<ErrorClass> error_class;  // none: a success
    std::string detail;                     // the classifier's words: "503", "connection_refused", ...
    TransportError transport = TransportError::None;
};

// What the driver must do next. Every call into RequestExecution returns one.
struct Step {
    std::vector<Decision> decisions;      // what was decided, in order
    std::optional<AttemptSpec> start;     // start this attempt now
    std::optional<std::int64_t> wait_ms;  // then call resume() after this many ms
    // Call on_hedge_timer(hedge_for_attempt) after this many ms (unless the request has finished by then).
    std::optional<std::int64_t> hedge_after_ms;
    int hedge_for_attempt = 0;
    std::vector<int> cancel_attempts;  // abort these in-flight attempts; their results will be ignored
    bool finished = false;             // the request is over: the last decision is Success, Fail or Cancelled
    std::optional<AttemptVerdict> verdict;  // from on_attempt_finished: how the finished attempt was judged
};

// The decision engine for one logical request: a pure state machine (Envoy's RetryState, widened to fallback
// chains, keys, budgets, deadlines, hedging and streams). It performs no I/O and keeps no timers: a driver
// (ResilientClient, the settings preview, the tests) runs attempts and waits, and reports back.
class RequestExecution {
public:
    // The policy is shared, not copied: a client hands every request the same immutable snapshot.
    RequestExecution(std::shared_ptr<const ResiliencePolicy> policy, std::vector<ExecutionTarget> targets,
                     ResilienceState& state, const Clock& clock, RandomSource& random,
                     RequestIdentity identity, std::string conversation = {});
    RequestExecution(const ResiliencePolicy& policy, std::vector<ExecutionTarget> targets,
                     ResilienceState& state, const Clock& clock, RandomSource& random,
                     RequestIdentity identity, std::string conversation = {})
        : RequestExecution(std::make_shared<const ResiliencePolicy>(policy), std::move(targets), state, clock,
                           random, std::move(identity), std::move(conversation)) {}

    // Before begin(): the caller's limits (see CallerLimits), and a target this request cannot use (why, as
    // ExecutionTarget::unusable).
    void apply_caller_limits(const CallerLimits& limits);
    void mark_unusable(int target, std::string why);
    Step begin();
    Step on_first_token(int attempt_id);
    Step on_attempt_finished(int attempt_id, const AttemptOutcome& outcome);
    Step resume();
    Step on_hedge_timer(int attempt_id);
    Step cancel();

    bool finished() const { return finished_; }
    bool waiting() const { return pending_.has_value(); }
    const RequestIdentity& identity() const { return identity_; }
    const Deadline& deadline() const { return deadline_; }
    int attempts_started() const { return attempts_started_; }
    // Attempts this request has started on one target (the next one there is number attempts_on(t) + 1).
    int attempts_on(int target) const {
        const auto it = attempts_on_target_.find(target);
        return it == attempts_on_target_.end() ? 0 : it->second;
    }
    int hedges_started() const { return hedges_started_; }
    int committed_attempt() const { return committed_attempt_; }
    std::optional<int> served_by() const { return served_by_; }
    std::optional<ErrorClass> final_error() const { return final_error_; }
    // The decision that ended the request (Success, Fail or Cancelled), with its reason and detail: a
    // request's result and error are built from this, so one that ends before any attempt keeps its reason.
    const std::optional<Decision>& final_decision() const { return final_decision_; }
    // The transport failure of the last attempt that failed, for hints ("nothing is listening at ...").
    TransportError last_transport() const { return last_transport_; }
    const std::vector<ExecutionTarget>& targets() const { return targets_; }
    const ResiliencePolicy& policy() const { return *shared_policy_; }
    // How long until a target's breaker lets traffic through again: > 0 while it is automatically open, 0
    // when it takes traffic now, nullopt when nobody knows (forced open by hand) or no such target.
    std::optional<std::int64_t> reopens_in_ms(int target) const;
    // Whether the caller's prior retries were charged to the retry budget (false when it was already spent).
    bool caller_retry_charged() const { return caller_retry_charged_; }

private:
    struct InFlight {
        AttemptSpec spec;
        BreakerPermit permit;
    };
    struct Pending {
        int target = 0;
        int key = 0;
        StreamResume resume = StreamResume::None;
        bool prepaid = false;  // the retry's budget was withdrawn when it was decided
    };

    std::int64_t now() const { return clock_.steady_ms(); }
    void start_from(Step& step, int target, int key, StreamResume resume, bool prepaid = false);
    bool try_start_one(Step& step, int target, int key, StreamResume resume, bool hedge,
                       std::optional<ErrorClass>& blocked_by, bool last_resort = false, bool prepaid = false);
    // Starts the target that reopens soonest although its breaker is open (every target left is
    // short-circuited), with the decision that says so; false when even that cannot start (blocked_by: why).
    bool try_last_resort(Step& step, int from_target, int soonest, int soonest_key, StreamResume resume,
                         bool prepaid, std::string_view why, std::optional<ErrorClass>& blocked_by);
    // Whether another attempt on `target` needs retry budget: any attempt after this request's first on that
    // target, and every hedge. A fallback's first attempt on the next target is a new request to that target,
    // not a retry of it: the budget of the target that failed never blocks a healthy fallback.
    bool needs_budget(int target, bool hedge) const;
    // A wait a provider asked for on this target (every key from `key` on blocked, as remembered by the
    // shared state): the request takes a free key, waits as it would after its own 429, or moves on. True
    // when it decided (step holds the decision); false with `key` set to the key to try now.
    bool honour_provider_wait(Step& step, int target, int& key, StreamResume resume, bool prepaid);
    void decide_after_failure(Step& step, const AttemptSpec& spec, ErrorClass error_class,
                              const ServerHints& hints, const std::string& detail, StreamResume resume,
                              TransportError transport = TransportError::None);
    void fallback_or_fail(Step& step, const AttemptSpec& spec, ErrorClass error_class, DecisionReason reason,
                          const std::string& detail, StreamResume resume);
    void fail(Step& step, ErrorClass error_class, DecisionReason reason, int attempt_id, int target,
              const std::string& detail);
    void cancel_all_in_flight(Step& step);
    std::string budget_key_for(int target) const;

    // Per-target shared state, resolved once per request rather than looked up by name on every attempt.
    struct TargetState {
        CircuitBreaker* breaker = nullptr;
        LatencyEstimator* ttft = nullptr;
        RetryBudget* budget = nullptr;
    };
    TargetState& at(int target) { return target_state_[static_cast<std::size_t>(target)]; }

    std::shared_ptr<const ResiliencePolicy> shared_policy_;
    const ResiliencePolicy& policy_;
    RetryPolicy retry_;
    std::vector<ExecutionTarget> targets_;
    ResilienceState& state_;
    const Clock& clock_;
    RandomSource& random_;
    RequestIdentity identity_;
    std::string conversation_;
    Deadline deadline_;

    std::vector<TargetState> target_state_;
    std::vector<InFlight> in_flight_;
    std::optional<Pending> pending_;
    std::map<int, int> attempts_on_target_;
    std::set<RetryBudget*> deposited_;  // budgets this request has counted itself into (once each)
    std::map<std::pair<int, ErrorClass>, int> class_failures_on_target_;
    std::map<int, std::int64_t> previous_delay_ms_;
    int attempts_started_ = 0;
    int hedges_started_ = 0;
    int highest_target_used_ = -1;
    int committed_attempt_ = 0;
    bool finished_ = false;
    std::optional<int> served_by_;
    std::optional<ErrorClass> final_error_;
    std::optional<Decision> final_decision_;
    TransportError last_transport_ = TransportError::None;
    // The class of the last attempt that failed: a request whose remaining targets are all unusable ends
    // with it, not with a bad request.
    std::optional<ErrorClass> last_attempt_error_;
    AfterFirstToken after_first_token_;
    int caller_prior_retries_ = 0;
    bool caller_retry_charged_ = false;
};

}  // namespace stormproof
