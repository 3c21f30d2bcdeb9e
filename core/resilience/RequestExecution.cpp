#include "RequestExecution.h"

#include <algorithm>
#include <set>

#include "ErrorClassifier.h"

namespace stormproof {

RequestExecution::RequestExecution(std::shared_ptr<const ResiliencePolicy> policy,
                                   std::vector<ExecutionTarget> targets, ResilienceState& state,
                                   const Clock& clock, RandomSource& random, RequestIdentity identity,
                                   std::string conversation)
    : shared_policy_(std::move(policy)),
      policy_(*shared_policy_),
      retry_(policy_.retry),
      targets_(std::move(targets)),
      state_(state),
      clock_(clock),
      random_(random),
      identity_(std::move(identity)),
      conversation_(std::move(conversation)),
      deadline_(clock.steady_ms(), policy_.timeouts.deadline_ms),
      after_first_token_(policy_.stream.after_first_token) {
    target_state_.reserve(targets_.size());
    for (int t = 0; t < static_cast<int>(targets_.size()); ++t) {
        const std::string& name = targets_[static_cast<std::size_t>(t)].name;
        target_state_.push_back(
            {&state_.breaker(name), &state_.ttft(name), &state_.budget(budget_key_for(t))});
    }
}

std::string RequestExecution::budget_key_for(int target) const {
    return state_.budget_key(targets_[static_cast<std::size_t>(target)].name, conversation_);
}

void RequestExecution::apply_caller_limits(const CallerLimits& limits) {
    if (limits.deadline_ms) {
        const std::int64_t n = now();
        const std::int64_t start = n - deadline_.elapsed_ms(n);
        const std::int64_t budget_ms =
            std::max<std::int64_t>(0, std::min(policy_.timeouts.deadline_ms, *limits.deadline_ms));
        deadline_ = Deadline(start, budget_ms);
    }
    if (limits.after_first_token)
        after_first_token_ = *limits.after_first_token;
    caller_prior_retries_ = std::max(0, limits.prior_retries);
}

void RequestExecution::mark_unusable(int target, std::string why) {
    if (target >= 0 && target < static_cast<int>(targets_.size()))
        targets_[static_cast<std::size_t>(target)].unusable = why.empty() ? "unusable" : std::move(why);
}

std::optional<std::int64_t> RequestExecution::reopens_in_ms(int target) const {
    if (target < 0 || target >= static_cast<int>(target_state_.size()))
        return std::nullopt;
    const BreakerSnapshot b = target_state_[static_cast<std::size_t>(target)].breaker->snapshot(now());
    switch (b.state) {
        case BreakerState::Open:
            return std::max<std::int64_t>(0, b.open_remaining_ms);
        case BreakerState::ForcedOpen:
            return std::nullopt;
        default:
            return 0;
    }
}

Step RequestExecution::begin() {
    Step step;
    if (targets_.empty()) {
        fail(step, ErrorClass::BadRequest, DecisionReason::NoTargetsLeft, 0, -1, "no targets configured");
        return step;
    }
    if (caller_prior_retries_ > 0 && policy_.budget.enabled)
        caller_retry_charged_ = at(0).budget->try_withdraw(now()).allowed;
    start_from(step, 0, 0, StreamResume::None);
    return step;
}

bool RequestExecution::needs_budget(int target, bool hedge) const {
    if (!policy_.budget.enabled)
        return false;
    const auto it = attempts_on_target_.find(target);
    return hedge || (it != attempts_on_target_.end() && it->second > 0);
}

bool RequestExecution::try_last_resort(Step& step, int from_target, int soonest, int soonest_key,
                                       StreamResume resume, bool prepaid, std::string_view why,
                                       std::optional<ErrorClass>& blocked_by) {
    if (!try_start_one(step, soonest, soonest_key, resume, false, blocked_by, true, prepaid))
        return false;
    Decision d;
    d.kind = DecisionKind::Retry;
    d.reason = DecisionReason::AllBreakersOpen;
    d.error_class = ErrorClass::CircuitOpen;
    d.from_target = from_target;
    d.to_target = soonest;
    d.to_key = soonest_key;
    d.detail = std::string(why) + "; trying " + targets_[static_cast<std::size_t>(soonest)].name +
               ", which reopens soonest";
    step.decisions.push_back(d);
    return true;
}

bool RequestExecution::try_start_one(Step& step, int target, int key, StreamResume resume, bool hedge,
                                     std::optional<ErrorClass>& blocked_by, bool last_resort, bool prepaid) {
    RetryBudget* budget = nullptr;
    if (!prepaid && needs_budget(target, hedge)) {
        budget = at(target).budget;
        if (budget->available(now()) < 1.0) {
            blocked_by = ErrorClass::BudgetExhausted;
            return false;
        }
    }
    const BreakerPermit permit = last_resort ? at(target).breaker->last_resort(now())
                                             : at(target).breaker->try_acquire(now(), identity_.trace_id);
    if (!permit.permitted) {
        blocked_by = ErrorClass::CircuitOpen;
        return false;
    }
    if (budget)
        budget->try_withdraw(now());
    // A request counts itself into a budget once, with its first attempt on a target that draws from it (one
    // budget for all targets unless the scope is per target): the budget's ratio is of requests that reached
    // the target, not of requests that might have.
    if (deposited_.insert(at(target).budget).second)
        at(target).budget->record_request(now());

    AttemptSpec spec;
    spec.attempt_id = ++attempts_started_;
    spec.target_index = target;
    spec.key_index = key;
    spec.attempt_on_target = ++attempts_on_target_[target];
    const std::int64_t n = now();
    spec.attempt_timeout_ms = deadline_.clamp_ms(policy_.timeouts.attempt_ms, n);
    // The deadline bounds getting an answer; once a stream is flowing, attempt_ms and idle_ms bound it
    // instead.
    spec.connect_timeout_ms = deadline_.clamp_ms(policy_.timeouts.connect_ms, n);
    spec.first_token_timeout_ms = deadline_.clamp_ms(policy_.timeouts.first_token_ms, n);
    spec.idle_timeout_ms = policy_.timeouts.idle_ms;
    spec.hedge = hedge;
    spec.last_resort = last_resort;
    spec.resume = resume;
    in_flight_.push_back(InFlight{spec, permit});
    highest_target_used_ = std::max(highest_target_used_, target);
    if (hedge)
        ++hedges_started_;
    step.start = spec;

    const bool can_hedge = policy_.hedging.enabled && !hedge &&
                           hedges_started_ < policy_.hedging.max_hedges &&
                           target + 1 < static_cast<int>(targets_.size()) && committed_attempt_ == 0;
    if (can_hedge) {
        step.hedge_after_ms = policy_.hedging.delay_ms;
        step.hedge_for_attempt = spec.attempt_id;
    }
    return true;
}

void RequestExecution::start_from(Step& step, int target, int key, StreamResume resume, bool prepaid) {
    std::optional<ErrorClass> blocked_by;
    const int count = static_cast<int>(targets_.size());
    // The target among those short-circuited (automatically open, not forced) that reopens soonest: where the
    // request goes when no target is left to fall back to.
    int soonest = -1;
    int soonest_key = 0;
    std::int64_t soonest_ms = 0;
    for (int t = target; t < count; ++t, key = 0) {
        if (deadline_.expired(now())) {
            fail(step, ErrorClass::DeadlineExhausted, DecisionReason::DeadlineExhausted, 0, t,
                 "no time left before the request's deadline");
            return;
        }
        blocked_by.reset();
        if (const std::string& why = targets_[static_cast<std::size_t>(t)].unusable; !why.empty()) {
            if (t + 1 < count) {
                Decision d;
                d.kind = DecisionKind::Fallback;
                d.reason = DecisionReason::Untranslatable;
                d.error_class = ErrorClass::BadRequest;
                d.from_target = t;
                d.to_target = t + 1;
                d.to_key = 0;
                d.detail = why;
                step.decisions.push_back(d);
                continue;
            }
            if (soonest >= 0) {
                // An earlier target was short-circuited: it is still the better last resort.
                std::optional<ErrorClass> again;
                if (try_last_resort(step, t, soonest, soonest_key, resume, prepaid && soonest == target,
                                    "every usable target left is short-circuited", again))
                    return;
            }
            // Nothing usable is left: the request ends for this reason, with the class of the failure that
            // came before (never a 5xx turned into a bad request), or as a bad request when no target could
            // take it.
            fail(step, last_attempt_error_.value_or(ErrorClass::BadRequest), DecisionReason::Untranslatable,
                 0, t,
                 last_attempt_error_
                     ? why + " (last error: " + std::string(to_string(*last_attempt_error_)) + ")"
                     : why);
            return;
        }
        if (state_.remembers_server_waits() && policy_.retry.honor_retry_after) {
            if (honour_provider_wait(step, t, key, resume, prepaid && t == target)) {
                if (step.finished || step.wait_ms)
                    return;
                continue;  // moved on to the next target
            }
        }
        // A retry paid for when it was decided is paid for on the target it was decided for only.
        if (try_start_one(step, t, key, resume, false, blocked_by, false, prepaid && t == target)) {
            return;
        }
        const bool breaker = blocked_by == ErrorClass::CircuitOpen;
        if (breaker) {
            // Half-open with every probe slot taken counts too (it reopens now): refusing there failed
            // whole bursts of requests in the milliseconds the probes took.
            const BreakerSnapshot b = at(t).breaker->snapshot(now());
            const bool automatic = b.state == BreakerState::Open || b.state == BreakerState::HalfOpen;
            const std::int64_t remaining_ms = b.state == BreakerState::Open ? b.open_remaining_ms : 0;
            if (automatic && (soonest < 0 || remaining_ms < soonest_ms)) {
                soonest = t;
                soonest_key = key;
                soonest_ms = remaining_ms;
            }
        }
        const auto reason = breaker ? DecisionReason::BreakerOpen : DecisionReason::BudgetDenied;
        const std::string detail = breaker
                                       ? "circuit breaker of " + targets_[static_cast<std::size_t>(t)].name +
                                             " is " + std::string(to_string(at(t).breaker->state()))
                                       : "retry budget spent";
        if (t + 1 < count) {
            Decision d;
            d.kind = DecisionKind::Fallback;
            d.reason = reason;
            d.error_class = blocked_by;
            d.from_target = t;
            d.to_target = t + 1;
            d.to_key = 0;
            d.detail = detail;
            step.decisions.push_back(d);
            continue;
        }
        if (breaker && soonest >= 0) {
            // Failing fast helps nobody when there is nowhere else to go: try the target that reopens
            // soonest. The retry budget and the deadline still bound what this costs the provider.
            std::optional<ErrorClass> again;
            if (try_last_resort(step, t, soonest, soonest_key, resume, prepaid && soonest == target,
                                "every target left is short-circuited", again))
                return;
            blocked_by = again;
        }
        fail(step, *blocked_by, reason, 0, t, detail);
        return;
    }
}

bool RequestExecution::honour_provider_wait(Step& step, int t, int& key, StreamResume resume, bool prepaid) {
    const ExecutionTarget& target = targets_[static_cast<std::size_t>(t)];
    const std::int64_t n = now();
    int soonest_key = key;
    std::int64_t soonest_until = 0;
    for (int k = key; k < std::max(1, target.key_count); ++k) {
        const std::int64_t until = state_.blocked_until_ms(target.name, k, n);
        if (until == 0) {
            if (k != key) {
                Decision d;
                d.kind = DecisionKind::NextKey;
                d.reason = DecisionReason::ProviderWait;
                d.error_class = ErrorClass::RateLimited;
                d.from_target = t;
                d.to_target = t;
                d.to_key = k;
                d.detail = "key " + std::to_string(key + 1) + " of " + target.name + " is asked to wait " +
                           std::to_string(state_.blocked_until_ms(target.name, key, n) - n) + " ms";
                step.decisions.push_back(d);
                key = k;
            }
            return false;
        }
        if (soonest_until == 0 || until < soonest_until) {
            soonest_until = until;
            soonest_key = k;
        }
    }
    const std::int64_t wait_ms = soonest_until - n;
    const std::string detail = target.name + " asked to wait " + std::to_string(wait_ms) +
                               " ms (a Retry-After or rate-limit reset seen by another request)";
    const bool within_cap = wait_ms <= policy_.retry.max_retry_after_ms;
    if (within_cap && deadline_.leaves_room(n, wait_ms, at(t).ttft->estimate_ms())) {
        Decision d;
        d.kind = DecisionKind::Retry;
        d.reason = DecisionReason::ProviderWait;
        d.error_class = ErrorClass::RateLimited;
        d.delay_ms = wait_ms;
        d.delay_source = DelaySource::RetryAfter;
        d.from_target = t;
        d.to_target = t;
        d.to_key = soonest_key;
        d.detail = detail;
        step.decisions.push_back(d);
        pending_ = Pending{t, soonest_key, resume, prepaid};
        step.wait_ms = wait_ms;
        return true;
    }
    const std::string why = detail + (within_cap ? "; waiting would overrun the deadline"
                                                 : "; above max_retry_after_ms " +
                                                       std::to_string(policy_.retry.max_retry_after_ms));
    if (t + 1 < static_cast<int>(targets_.size())) {
        Decision d;
        d.kind = DecisionKind::Fallback;
        d.reason = DecisionReason::ProviderWait;
        d.error_class = ErrorClass::RateLimited;
        d.from_target = t;
        d.to_target = t + 1;
        d.to_key = 0;
        d.detail = why;
        step.decisions.push_back(d);
        return true;
    }
    fail(step, within_cap ? ErrorClass::DeadlineExhausted : ErrorClass::RateLimited,
         DecisionReason::ProviderWait, 0, t, why);
    return true;
}

Step RequestExecution::on_first_token(int attempt_id) {
    Step step;
    if (finished_ || committed_attempt_ != 0)
        return step;
    const auto it = std::find_if(in_flight_.begin(), in_flight_.end(),
                                 [&](const InFlight& f) { return f.spec.attempt_id == attempt_id; });
    if (it == in_flight_.end())
        return step;
    committed_attempt_ = attempt_id;
    at(it->spec.target_index).breaker->on_first_token(it->permit);
    // The first token decides a hedge race: the others are cancelled and their permits handed back unused.
    for (auto other = in_flight_.begin(); other != in_flight_.end();) {
        if (other->spec.attempt_id != attempt_id) {
            at(other->spec.target_index).breaker->release(other->permit);
            step.cancel_attempts.push_back(other->spec.attempt_id);
            other = in_flight_.erase(other);
        } else {
            ++other;
        }
    }
    return step;
}

Step RequestExecution::on_attempt_finished(int attempt_id, const AttemptOutcome& outcome) {
    Step step;
    // Classified once, here, whatever happens next: the driver records this verdict, even for an attempt
    // that was cancelled or lost a race.
    const auto classification = ErrorClassifier::classify(outcome);
    step.verdict =
        AttemptVerdict{attempt_id, classification ? std::optional(classification->error_class) : std::nullopt,
                       classification ? classification->detail : std::string(), outcome.transport};
    const auto it = std::find_if(in_flight_.begin(), in_flight_.end(),
                                 [&](const InFlight& f) { return f.spec.attempt_id == attempt_id; });
    if (finished_ || it == in_flight_.end()) {
        return step;  // a cancelled or unknown attempt: nothing to decide, and never a second "finished"
    }
    if (classification) {
        last_transport_ = outcome.transport;
        if (classification->error_class != ErrorClass::Cancelled)
            last_attempt_error_ = classification->error_class;
    }
    const InFlight done = *it;
    in_flight_.erase(it);
    const int t = done.spec.target_index;
    const std::int64_t n = now();

    if (outcome.ttft_ms)
        at(t).ttft->add_sample_ms(*outcome.ttft_ms);
    CircuitBreaker& breaker = *at(t).breaker;
    breaker.on_result(
        done.permit,
        breaker.result_for(classification ? std::optional(classification->error_class) : std::nullopt),
        outcome.ttft_ms.value_or(outcome.duration_ms), n, identity_.trace_id);

    if (!classification) {
        Decision d;
        d.kind = DecisionKind::Success;
        d.reason = DecisionReason::Succeeded;
        d.attempt_id = attempt_id;
        d.from_target = t;
        step.decisions.push_back(d);
        final_decision_ = d;
        served_by_ = t;
        finished_ = true;
        step.finished = true;
        cancel_all_in_flight(step);
        return step;
    }

    const ErrorClass error_class = classification->error_class;
    if (error_class == ErrorClass::Cancelled) {
        Decision d;
        d.kind = DecisionKind::Cancelled;
        d.reason = DecisionReason::Cancelled;
        d.error_class = error_class;
        d.attempt_id = attempt_id;
        d.from_target = t;
        step.decisions.push_back(d);
        final_decision_ = d;
        finished_ = true;
        final_error_ = error_class;
        step.finished = true;
        cancel_all_in_flight(step);
        return step;
    }

    const bool committed = committed_attempt_ == attempt_id;
    if (!committed && !in_flight_.empty()) {
        // A hedge race: this one lost, the other carries on.
        Decision d;
        d.kind = DecisionKind::Fallback;
        d.reason = DecisionReason::OtherAttemptInFlight;
        d.error_class = error_class;
        d.attempt_id = attempt_id;
        d.from_target = t;
        d.to_target = in_flight_.front().spec.target_index;
        d.detail = classification->detail;
        step.decisions.push_back(d);
        return step;
    }

    if (committed) {
        committed_attempt_ = 0;
        switch (after_first_token_) {
            case AfterFirstToken::Fail:
                fail(step, error_class, DecisionReason::StreamCutAfterFirstToken, attempt_id, t,
                     classification->detail + " after the first token; partial text kept");
                return step;
            case AfterFirstToken::Restart:
                decide_after_failure(step, done.spec, error_class, outcome.hints, classification->detail,
                                     StreamResume::Restart, outcome.transport);
                return step;
            case AfterFirstToken::Continue: {
                if (deadline_.expired(n)) {
                    fail(step, ErrorClass::DeadlineExhausted, DecisionReason::DeadlineExhausted, attempt_id,
                         t, "no time left to continue the stream");
                    return step;
                }
                // Continue on the next target where there is one (the failing one just proved unreliable),
                // else on the same target.
                const bool has_next = t + 1 < static_cast<int>(targets_.size());
                Decision d;
                d.kind = has_next ? DecisionKind::Fallback : DecisionKind::Retry;
                d.reason = DecisionReason::StreamContinue;
                d.error_class = error_class;
                d.attempt_id = attempt_id;
                d.from_target = t;
                d.to_target = has_next ? t + 1 : t;
                d.to_key = has_next ? 0 : done.spec.key_index;
                d.detail = classification->detail;
                step.decisions.push_back(d);
                start_from(step, d.to_target, d.to_key, StreamResume::Continue);
                return step;
            }
        }
    }
    decide_after_failure(step, done.spec, error_class, outcome.hints, classification->detail,
                         StreamResume::None, outcome.transport);
    return step;
}

void RequestExecution::decide_after_failure(Step& step, const AttemptSpec& spec, ErrorClass error_class,
                                            const ServerHints& hints, const std::string& detail,
                                            StreamResume resume, TransportError transport) {
    const int t = spec.target_index;
    const ClassRule& rule = retry_.rule_for(error_class);
    // A wait the provider asked for holds for every request on this target and key, not just this one: the
    // shared state remembers it (and tells the other processes) when sharing is on.
    if (hints.delay_ms && !hints.absurd && rule.use_server_hint && policy_.retry.honor_retry_after &&
        state_.remembers_server_waits()) {
        state_.note_server_wait(targets_[static_cast<std::size_t>(t)].name, spec.key_index,
                                now() + *hints.delay_ms, now());
    }
    bool retryable = rule.retry;
    DecisionReason reason = retryable ? DecisionReason::RetryableError : DecisionReason::NotRetryable;
    if (hints.should_retry) {
        retryable = *hints.should_retry;
        reason = retryable ? DecisionReason::ServerRequestedRetry : DecisionReason::ServerForbadeRetry;
    }
    if (resume == StreamResume::Restart && retryable)
        reason = DecisionReason::StreamRestart;
    const int attempts_here = attempts_on_target_[t];
    const int class_failures = ++class_failures_on_target_[{t, error_class}];
    const bool under_target_cap = attempts_here < policy_.retry.max_attempts;

    // 1. Another key of the same target, at once: a fresh key has its own rate limit, and a refused key
    //    says nothing about the next one.
    //    Asked of the budget first, like a retry: never announced and then refused.
    const bool can_rotate = rule.rotate_key &&
                            spec.key_index + 1 < targets_[static_cast<std::size_t>(t)].key_count &&
                            under_target_cap && !(hints.should_retry && !*hints.should_retry);
    if (can_rotate && needs_budget(t, false) && at(t).budget->available(now()) < 1.0) {
        fallback_or_fail(step, spec, error_class, DecisionReason::BudgetDenied,
                         detail + "; retry budget spent (no rotation to the next key)", resume);
        return;
    }
    if (can_rotate) {
        Decision d;
        d.kind = DecisionKind::NextKey;
        d.reason = DecisionReason::KeyRotation;
        d.error_class = error_class;
        d.attempt_id = spec.attempt_id;
        d.from_target = t;
        d.to_target = t;
        d.to_key = spec.key_index + 1;
        d.detail = detail;
        step.decisions.push_back(d);
        start_from(step, t, spec.key_index + 1, resume);
        return;
    }

    // 2. Retry on the same target after a wait -- unless its breaker is open and a fallback is left: the wait
    //    would end in a short-circuit anyway, so go there now. With nowhere else to go, the retry waits and
    //    goes ahead as a last resort (start_from), as a first attempt would: failing fast on an automatically
    //    opened breaker turns a flaky target into a dead one. A breaker forced open by hand stops it here.
    const BreakerState breaker_now = at(t).breaker->state();
    const bool fallback_left = std::max(t, highest_target_used_) + 1 < static_cast<int>(targets_.size());
    const bool breaker_refuses =
        breaker_now == BreakerState::ForcedOpen || (breaker_now == BreakerState::Open && fallback_left);
    if (retryable && under_target_cap && breaker_refuses) {
        fallback_or_fail(step, spec, error_class, DecisionReason::BreakerOpen,
                         detail + "; circuit breaker is " + std::string(to_string(breaker_now)), resume);
        return;
    }
    if (retryable && under_target_cap &&
        class_failures <
            RetryPolicy::attempts_allowed_after(transport, retry_.attempts_allowed(error_class))) {
        const WaitPlan wait =
            retry_.plan_wait(error_class, hints, attempts_here - 1, previous_delay_ms_[t], random_);
        if (wait.hint_above_cap && policy_.retry.on_retry_after_above_max != AboveMaxAction::WaitMax) {
            const std::string why = detail + ": server asked to wait " + std::to_string(*hints.delay_ms) +
                                    " ms, above max_retry_after_ms " +
                                    std::to_string(policy_.retry.max_retry_after_ms);
            if (policy_.retry.on_retry_after_above_max == AboveMaxAction::Fail) {
                fail(step, error_class, DecisionReason::HintAboveCap, spec.attempt_id, t, why);
            } else {
                fallback_or_fail(step, spec, error_class, DecisionReason::HintAboveCap, why, resume);
            }
            return;
        }
        const std::int64_t expected_ms = at(t).ttft->estimate_ms();
        if (!deadline_.leaves_room(now(), wait.delay_ms, expected_ms)) {
            fallback_or_fail(
                step, spec, error_class, DecisionReason::DeadlineTooClose,
                detail + ": waiting " + std::to_string(wait.delay_ms) + " ms would overrun the deadline",
                resume);
            return;
        }
        // The budget is asked now, before the wait, and the retry paid for: a retry_scheduled event is a
        // retry that will be sent (unless the request ends first), never one the budget refuses after the
        // wait.
        bool prepaid = false;
        if (needs_budget(t, false)) {
            RetryBudget& budget = *at(t).budget;
            if (budget.available(now()) < 1.0) {
                fallback_or_fail(step, spec, error_class, DecisionReason::BudgetDenied,
                                 detail + "; retry budget spent", resume);
                return;
            }
            budget.try_withdraw(now());
            prepaid = true;
        }
        if (wait.source == DelaySource::Backoff)
            previous_delay_ms_[t] = wait.delay_ms;
        Decision d;
        d.kind = DecisionKind::Retry;
        d.reason = reason;
        d.error_class = error_class;
        d.delay_ms = wait.delay_ms;
        d.delay_source = wait.source;
        d.attempt_id = spec.attempt_id;
        d.from_target = t;
        d.to_target = t;
        d.to_key = spec.key_index;
        d.detail = detail;
        step.decisions.push_back(d);
        pending_ = Pending{t, spec.key_index, resume, prepaid};
        step.wait_ms = wait.delay_ms;
        return;
    }

    // 3. This target is done with.
    const DecisionReason done_reason = retryable ? DecisionReason::AttemptsExhausted : reason;
    if (rule.on_exhausted == ExhaustedAction::Stop && !(hints.should_retry && *hints.should_retry)) {
        fail(step, error_class, done_reason, spec.attempt_id, t, detail);
        return;
    }
    fallback_or_fail(step, spec, error_class, done_reason, detail, resume);
}

void RequestExecution::fallback_or_fail(Step& step, const AttemptSpec& spec, ErrorClass error_class,
                                        DecisionReason reason, const std::string& detail,
                                        StreamResume resume) {
    const int t = spec.target_index;
    const int next = std::max(t, highest_target_used_) + 1;
    const bool out_of_time = deadline_.expired(now());
    if (next < static_cast<int>(targets_.size()) && !out_of_time) {
        Decision d;
        d.kind = DecisionKind::Fallback;
        d.reason = reason;
        d.error_class = error_class;
        d.attempt_id = spec.attempt_id;
        d.from_target = t;
        d.to_target = next;
        d.to_key = 0;
        d.detail = detail;
        step.decisions.push_back(d);
        start_from(step, next, 0, resume);
        return;
    }
    if (reason == DecisionReason::BudgetDenied) {
        fail(step, ErrorClass::BudgetExhausted, reason, spec.attempt_id, t,
             detail + " (last error: " + std::string(to_string(error_class)) + ")");
        return;
    }
    if (reason == DecisionReason::DeadlineTooClose || out_of_time) {
        fail(step, ErrorClass::DeadlineExhausted, reason, spec.attempt_id, t,
             detail + " (last error: " + std::string(to_string(error_class)) + ")");
        return;
    }
    fail(step, error_class, reason, spec.attempt_id, t, detail);
}

void RequestExecution::fail(Step& step, ErrorClass error_class, DecisionReason reason, int attempt_id,
                            int target, const std::string& detail) {
    Decision d;
    d.kind = DecisionKind::Fail;
    d.reason = reason;
    d.error_class = error_class;
    d.attempt_id = attempt_id;
    d.from_target = target;
    d.detail = detail;
    step.decisions.push_back(d);
    final_decision_ = d;
    finished_ = true;
    final_error_ = error_class;
    pending_.reset();
    step.finished = true;
    cancel_all_in_flight(step);
}

void RequestExecution::cancel_all_in_flight(Step& step) {
    for (const InFlight& f : in_flight_) {
        at(f.spec.target_index).breaker->release(f.permit);
        step.cancel_attempts.push_back(f.spec.attempt_id);
    }
    in_flight_.clear();
}

Step RequestExecution::resume() {
    Step step;
    if (finished_ || !pending_)
        return step;
    const Pending p = *pending_;
    pending_.reset();
    start_from(step, p.target, p.key, p.resume, p.prepaid);
    return step;
}

Step RequestExecution::on_hedge_timer(int attempt_id) {
    Step step;
    if (finished_ || committed_attempt_ != 0 || in_flight_.size() != 1 ||
        in_flight_.front().spec.attempt_id != attempt_id || hedges_started_ >= policy_.hedging.max_hedges) {
        return step;
    }
    const AttemptSpec primary = in_flight_.front().spec;
    for (int t = highest_target_used_ + 1; t < static_cast<int>(targets_.size()); ++t) {
        if (!targets_[static_cast<std::size_t>(t)].unusable.empty())
            continue;  // never a hedge on a target that cannot take the request
        std::optional<ErrorClass> blocked_by;
        Step attempt;
        if (try_start_one(attempt, t, 0, StreamResume::None, true, blocked_by)) {
            Decision d;
            d.kind = DecisionKind::Hedge;
            d.reason = DecisionReason::HedgeDelayElapsed;
            d.attempt_id = primary.attempt_id;
            d.from_target = primary.target_index;
            d.to_target = t;
            d.to_key = 0;
            d.delay_ms = policy_.hedging.delay_ms;
            d.detail = "no first token after " + std::to_string(policy_.hedging.delay_ms) + " ms";
            step.decisions.push_back(d);
            step.start = attempt.start;
            return step;
        }
        if (blocked_by == ErrorClass::BudgetExhausted) {
            // Hedges spend retry budget like retries: no budget, no hedge (and no point trying further
            // targets).
            Decision d;
            d.kind = DecisionKind::Hedge;
            d.reason = DecisionReason::BudgetDenied;
            d.error_class = ErrorClass::BudgetExhausted;
            d.attempt_id = primary.attempt_id;
            d.from_target = primary.target_index;
            d.detail = "hedge not started: retry budget spent";
            step.decisions.push_back(d);
            return step;
        }
    }
    return step;
}

Step RequestExecution::cancel() {
    Step step;
    if (finished_)
        return step;
    Decision d;
    d.kind = DecisionKind::Cancelled;
    d.reason = DecisionReason::Cancelled;
    d.error_class = ErrorClass::Cancelled;
    step.decisions.push_back(d);
    final_decision_ = d;
    finished_ = true;
    final_error_ = ErrorClass::Cancelled;
    pending_.reset();
    step.finished = true;
    cancel_all_in_flight(step);
    return step;
}

}  // namespace stormproof
