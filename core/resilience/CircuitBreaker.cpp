#include "CircuitBreaker.h"

#include <algorithm>
#include <cmath>

#include "CountWindow.h"
#include "TimeWindow.h"

namespace stormproof {

std::string_view to_string(BreakerState state) {
    switch (state) {
        case BreakerState::Closed:
            return "closed";
        case BreakerState::Open:
            return "open";
        case BreakerState::HalfOpen:
            return "half_open";
        case BreakerState::ForcedOpen:
            return "forced_open";
        case BreakerState::Disabled:
            return "disabled";
    }
    return "closed";
}

std::string_view to_string(BreakerOverride mode) {
    switch (mode) {
        case BreakerOverride::Automatic:
            return "automatic";
        case BreakerOverride::ForceOpen:
            return "force_open";
        case BreakerOverride::ForceClosed:
            return "force_closed";
    }
    return "automatic";
}

void CircuitBreaker::set_override(BreakerOverride mode, std::int64_t now_ms) {
    switch (mode) {
        case BreakerOverride::Automatic:
            release_force(now_ms);
            return;
        case BreakerOverride::ForceOpen:
            force_open(now_ms);
            return;
        case BreakerOverride::ForceClosed:
            force_closed(now_ms);
            return;
    }
}

std::string_view to_string(BreakerWindow window) {
    return window == BreakerWindow::Count ? "count" : "time";
}

std::optional<BreakerWindow> breaker_window_from_string(std::string_view text) {
    if (text == "time")
        return BreakerWindow::Time;
    if (text == "count")
        return BreakerWindow::Count;
    return std::nullopt;
}

std::string_view to_string(TransitionReason reason) {
    switch (reason) {
        case TransitionReason::FailureRateExceeded:
            return "failure_rate_exceeded";
        case TransitionReason::ConsecutiveFailures:
            return "consecutive_failures";
        case TransitionReason::SlowCallRateExceeded:
            return "slow_call_rate_exceeded";
        case TransitionReason::OpenDurationElapsed:
            return "open_duration_elapsed";
        case TransitionReason::ProbesSucceeded:
            return "probes_succeeded";
        case TransitionReason::ProbeFailed:
            return "probe_failed";
        case TransitionReason::ProbeSlow:
            return "probe_slow";
        case TransitionReason::ForcedOpen:
            return "forced_open";
        case TransitionReason::ForcedClosed:
            return "forced_closed";
        case TransitionReason::Released:
            return "released";
        case TransitionReason::Reset:
            return "reset";
        case TransitionReason::SharedTrip:
            return "shared_trip";
    }
    return "reset";
}

std::string_view to_string(BreakerRejection rejection) {
    switch (rejection) {
        case BreakerRejection::None:
            return "none";
        case BreakerRejection::Open:
            return "open";
        case BreakerRejection::ForcedOpen:
            return "forced_open";
        case BreakerRejection::HalfOpenFull:
            return "half_open_full";
    }
    return "none";
}

namespace {
std::unique_ptr<SlidingWindow> make_window(const BreakerConfig& config) {
    if (config.window == BreakerWindow::Count) {
        return std::make_unique<CountWindow>(config.window_calls);
    }
    return std::make_unique<TimeWindow>(config.window_ms);
}
}  // namespace

CircuitBreaker::CircuitBreaker(std::string target, BreakerConfig config, Listener listener)
    : target_(std::move(target)),
      config_(std::move(config)),
      listener_(std::move(listener)),
      window_(make_window(config_)),
      state_(config_.enabled ? BreakerState::Closed : BreakerState::Disabled) {}

std::int64_t CircuitBreaker::open_duration_ms() const {
    const double grown =
        static_cast<double>(config_.open_ms) *
        std::pow(std::max(1.0, config_.open_multiplier), std::max(0, consecutive_trips_ - 1));
    return static_cast<std::int64_t>(std::min(grown, static_cast<double>(config_.max_open_ms)));
}

void CircuitBreaker::transition(BreakerState to, TransitionReason reason, std::int64_t now_ms,
                                std::int64_t until_ms) {
    BreakerTransition event;
    event.target = target_;
    event.from = state_;
    event.to = to;
    event.reason = reason;
    event.window = window_->snapshot(now_ms);
    event.at_ms = now_ms;
    event.trace_id = cause_trace_id_;
    state_ = to;
    ++generation_;
    probes_in_flight_ = 0;
    probes_succeeded_ = 0;
    consecutive_failures_ = 0;
    in_flight_.clear();  // their answers belong to the old generation and are ignored
    if (to == BreakerState::Open) {
        ++consecutive_trips_;
        event.open_ms = until_ms > now_ms ? until_ms - now_ms : open_duration_ms();
        open_until_ms_ = now_ms + event.open_ms;
    }
    if (to == BreakerState::Closed || to == BreakerState::Disabled) {
        window_->clear();
    }
    if (listener_) {
        listener_(event);
    }
}

BreakerPermit CircuitBreaker::try_acquire(std::int64_t now_ms, std::string_view trace_id) {
    cause_trace_id_.assign(trace_id);
    switch (state_) {
        case BreakerState::Disabled:
            return BreakerPermit{true, BreakerRejection::None, false, generation_, 0};
        case BreakerState::Closed: {
            const std::uint64_t seq = next_seq_++;
            in_flight_.emplace(seq, now_ms);
            return BreakerPermit{true, BreakerRejection::None, false, generation_, 0, seq};
        }
        case BreakerState::ForcedOpen:
            return BreakerPermit{false, BreakerRejection::ForcedOpen, false, generation_, 0};
        case BreakerState::Open:
            if (now_ms < open_until_ms_) {
                return BreakerPermit{false, BreakerRejection::Open, false, generation_,
                                     open_until_ms_ - now_ms};
            }
            transition(BreakerState::HalfOpen, TransitionReason::OpenDurationElapsed, now_ms);
            [[fallthrough]];
        case BreakerState::HalfOpen:
            if (probes_in_flight_ + probes_succeeded_ >= config_.half_open_probes) {
                return BreakerPermit{false, BreakerRejection::HalfOpenFull, false, generation_, 0};
            }
            ++probes_in_flight_;
            return BreakerPermit{true, BreakerRejection::None, true, generation_, 0};
    }
    return BreakerPermit{};
}

BreakerPermit CircuitBreaker::last_resort(std::int64_t now_ms) const {
    (void)now_ms;
    if (state_ == BreakerState::ForcedOpen)
        return BreakerPermit{false, BreakerRejection::ForcedOpen, false, generation_, 0};
    return BreakerPermit{true, BreakerRejection::None, false, generation_, 0};
}

CallResult CircuitBreaker::result_for(std::optional<ErrorClass> error_class) const {
    if (!error_class)
        return CallResult::Success;
    return config_.failure_classes.count(*error_class) ? CallResult::Failure : CallResult::Ignored;
}

void CircuitBreaker::forget(const BreakerPermit& permit) {
    if (permit.seq != 0)
        in_flight_.erase(permit.seq);
}

int CircuitBreaker::in_flight_count(std::int64_t now_ms) {
    // A call cannot be in flight longer than the window: one that never reported back (a leak elsewhere)
    // must not hold the rate down forever.
    const std::int64_t horizon_ms =
        config_.window == BreakerWindow::Time ? config_.window_ms : kDefaultStaleMs;
    for (auto it = in_flight_.begin(); it != in_flight_.end();) {
        it = now_ms - it->second > horizon_ms ? in_flight_.erase(it) : std::next(it);
    }
    return static_cast<int>(in_flight_.size());
}

void CircuitBreaker::on_first_token(const BreakerPermit& permit) {
    forget(permit);
}

void CircuitBreaker::release(const BreakerPermit& permit) {
    forget(permit);
    if (permit.probe && permit.generation == generation_ && state_ == BreakerState::HalfOpen) {
        probes_in_flight_ = std::max(0, probes_in_flight_ - 1);
    }
}

void CircuitBreaker::on_result(const BreakerPermit& permit, CallResult result, std::int64_t duration_ms,
                               std::int64_t now_ms, std::string_view trace_id) {
    cause_trace_id_.assign(trace_id);
    // A result from before the last transition describes a state that no longer exists (e.g. a slow call
    // admitted while closed returning after the breaker opened): it must not close or re-open anything.
    if (!permit.permitted || permit.generation != generation_)
        return;
    in_flight_count(now_ms);  // expire calls that can no longer be in flight before asking about them
    const bool earlier_call_in_flight =
        permit.seq != 0 && !in_flight_.empty() && in_flight_.begin()->first < permit.seq;
    forget(permit);
    const bool slow = result != CallResult::Ignored && duration_ms > config_.slow_call_ms;
    if (state_ == BreakerState::Closed) {
        if (result == CallResult::Ignored)
            return;
        window_->record(now_ms, result == CallResult::Failure, slow);
        if (result == CallResult::Success) {
            consecutive_failures_ = 0;
        } else if (!earlier_call_in_flight) {
            ++consecutive_failures_;
        }
        if (config_.consecutive_failures > 0 && consecutive_failures_ >= config_.consecutive_failures) {
            transition(BreakerState::Open, TransitionReason::ConsecutiveFailures, now_ms);
            return;
        }
        WindowSnapshot s = window_->snapshot(now_ms);
        if (s.calls >= config_.minimum_calls) {
            // Calls still in flight count as calls that have not failed: the rate is judged on everything
            // admitted, not on whichever answers came first.
            WindowSnapshot admitted = s;
            admitted.calls += in_flight_count(now_ms);
            if (admitted.failure_rate() * 100.0 >= config_.failure_rate_threshold_pct) {
                transition(BreakerState::Open, TransitionReason::FailureRateExceeded, now_ms);
            } else if (s.slow_call_rate() * 100.0 >= config_.slow_call_rate_threshold_pct) {
                transition(BreakerState::Open, TransitionReason::SlowCallRateExceeded, now_ms);
            }
        }
        return;
    }
    if (state_ == BreakerState::HalfOpen && permit.probe) {
        probes_in_flight_ = std::max(0, probes_in_flight_ - 1);
        if (result == CallResult::Failure || slow) {
            // Refused within the open time, the probe cost its caller less than the wait it ends: the next
            // open time is the same (transition() counts this trip again), so a recovery is seen as soon.
            // A slow failure (timeout, hang) grows it.
            if (duration_ms < config_.open_ms)
                consecutive_trips_ = std::max(0, consecutive_trips_ - 1);
            transition(
                BreakerState::Open,
                result == CallResult::Failure ? TransitionReason::ProbeFailed : TransitionReason::ProbeSlow,
                now_ms);
        } else if (result == CallResult::Success) {
            if (++probes_succeeded_ >= config_.half_open_probes) {
                consecutive_trips_ = 0;
                transition(BreakerState::Closed, TransitionReason::ProbesSucceeded, now_ms);
            }
        }
        // Ignored (e.g. a 400): the probe proved nothing either way and its slot is free again.
    }
}

void CircuitBreaker::force_open(std::int64_t now_ms) {
    cause_trace_id_.clear();
    if (state_ != BreakerState::ForcedOpen)
        transition(BreakerState::ForcedOpen, TransitionReason::ForcedOpen, now_ms);
}

void CircuitBreaker::force_closed(std::int64_t now_ms) {
    cause_trace_id_.clear();
    if (state_ != BreakerState::Disabled)
        transition(BreakerState::Disabled, TransitionReason::ForcedClosed, now_ms);
}

void CircuitBreaker::release_force(std::int64_t now_ms) {
    cause_trace_id_.clear();
    if ((state_ == BreakerState::ForcedOpen || state_ == BreakerState::Disabled) && config_.enabled) {
        consecutive_trips_ = 0;
        transition(BreakerState::Closed, TransitionReason::Released, now_ms);
    }
}

void CircuitBreaker::reset(std::int64_t now_ms) {
    cause_trace_id_.clear();
    consecutive_trips_ = 0;
    transition(config_.enabled ? BreakerState::Closed : BreakerState::Disabled, TransitionReason::Reset,
               now_ms);
}

void CircuitBreaker::reconfigure(const BreakerConfig& config, std::int64_t now_ms) {
    cause_trace_id_.clear();
    config_ = config;
    window_ = make_window(config_);
    if (!config_.enabled && state_ != BreakerState::Disabled) {
        transition(BreakerState::Disabled, TransitionReason::ForcedClosed, now_ms);
    } else if (config_.enabled && state_ == BreakerState::Disabled) {
        transition(BreakerState::Closed, TransitionReason::Released, now_ms);
    }
}

bool CircuitBreaker::apply_shared_open(std::int64_t until_ms, std::int64_t now_ms) {
    if (until_ms <= now_ms)
        return false;
    // No longer than this breaker's own trips could open it: a deadline hours away is another process's clock
    // far behind ours, or a value a broken or hostile writer put in Redis.
    until_ms = std::min(until_ms, now_ms + config_.max_open_ms);
    switch (state_) {
        case BreakerState::ForcedOpen:
        case BreakerState::Disabled:
            return false;  // a person's hand outranks another process's trip
        case BreakerState::Open:
            if (until_ms <= open_until_ms_)
                return false;
            open_until_ms_ = until_ms;  // still open, now longer: no transition to announce
            return true;
        case BreakerState::Closed:
        case BreakerState::HalfOpen:
            cause_trace_id_.clear();
            transition(BreakerState::Open, TransitionReason::SharedTrip, now_ms, until_ms);
            return true;
    }
    return false;
}

BreakerSnapshot CircuitBreaker::snapshot(std::int64_t now_ms) const {
    BreakerSnapshot s;
    s.state = state_;
    s.window = window_->snapshot(now_ms);
    s.consecutive_trips = consecutive_trips_;
    s.open_remaining_ms =
        state_ == BreakerState::Open ? std::max<std::int64_t>(0, open_until_ms_ - now_ms) : 0;
    return s;
}

}  // namespace stormproof
