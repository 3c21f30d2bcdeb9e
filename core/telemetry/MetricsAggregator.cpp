#include "MetricsAggregator.h"

#include <algorithm>

#include "resilience/Decision.h"

namespace stormproof {

void MetricsSnapshot::merge(const MetricsSnapshot& o) {
    requests += o.requests;
    succeeded += o.succeeded;
    succeeded_after_retry += o.succeeded_after_retry;
    failed += o.failed;
    failed_after_retry += o.failed_after_retry;
    attempts += o.attempts;
    retries += o.retries;
    cancelled += o.cancelled;
    fallbacks += o.fallbacks;
    short_circuited += o.short_circuited;
    budget_denied += o.budget_denied;
    hedges += o.hedges;
    wait_ms += o.wait_ms;
    input_tokens += o.input_tokens;
    output_tokens += o.output_tokens;
    wasted_input_tokens += o.wasted_input_tokens;
    wasted_output_tokens += o.wasted_output_tokens;
    cost_usd += o.cost_usd;
    wasted_cost_usd += o.wasted_cost_usd;
    for (const auto& [k, v] : o.attempt_failures)
        attempt_failures[k] += v;
    latency.merge(o.latency);
    ttft.merge(o.ttft);
    call_time.merge(o.call_time);
}

MetricsSnapshot& MetricsAggregator::bucket(Ring& ring, std::int64_t ts_ms) {
    const std::int64_t epoch = ts_ms / 1000;
    Second& s = ring[static_cast<std::size_t>(epoch % kHistorySeconds)];
    if (s.epoch_s != epoch)
        s = Second{epoch, {}};
    return s.sums;
}

template <typename Apply>
void MetricsAggregator::each(const TelemetryEvent& e, const std::string& target, Apply apply) {
    apply(bucket(overall_, e.ts_ms), e);
    if (!target.empty())
        apply(bucket(ring_of(target), e.ts_ms), e);
}

MetricsAggregator::Ring& MetricsAggregator::ring_of(const std::string& target) {
    // find() first: building a spare ten-minute ring for try_emplace on every event cost 840 KB of zeroing
    // per event (ui_bench: 36% of the whole run).
    auto it = per_target_.find(target);
    if (it == per_target_.end())
        it = per_target_.emplace(target, Ring(kHistorySeconds)).first;
    return it->second;
}

double MetricsAggregator::cost_of(const std::string& model, std::int64_t input_tokens,
                                  std::int64_t output_tokens) {
    if (input_tokens + output_tokens == 0)
        return 0;
    if (!prices_.price_of(model)) {
        if (unpriced_.size() < kMaxModelsTracked)
            unpriced_.insert(model);
        return 0;
    }
    if (priced_.size() < kMaxModelsTracked)
        priced_.insert(model);
    return prices_.cost_usd(model, input_tokens, output_tokens);
}

void MetricsAggregator::record(const TelemetryEvent& e) {
    switch (e.event) {
        case EventKind::RequestStarted:
            ++in_flight_;
            attempts_of_trace_[e.trace_id] = 0;
            each(e, {}, [](MetricsSnapshot& m, const TelemetryEvent&) { ++m.requests; });
            break;
        case EventKind::AttemptStarted: {
            // A retry is an attempt beyond its request's first, counted when it is sent: the same word as the
            // CLI's summary, and a share of attempts that can never pass 100%. On a target's own line it is
            // an attempt beyond the request's first on that target (a fallback's first attempt is not the
            // backup's retry; a hedge is a hedge).
            const bool retry = ++attempts_of_trace_[e.trace_id] > 1;
            const bool retry_here = !e.hedge && e.attempt_on_target.value_or(1) > 1;
            MetricsSnapshot& all = bucket(overall_, e.ts_ms);
            ++all.attempts;
            all.retries += retry ? 1 : 0;
            if (!e.target.empty()) {
                MetricsSnapshot& mine = bucket(ring_of(e.target), e.ts_ms);
                ++mine.attempts;
                mine.retries += retry_here ? 1 : 0;
            }
            break;
        }
        case EventKind::AttemptFinished:
            if (e.ttft_ms || e.duration_ms) {
                each(e, e.target, [](MetricsSnapshot& m, const TelemetryEvent& ev) {
                    m.call_time.add(ev.ttft_ms ? *ev.ttft_ms : *ev.duration_ms);
                });
            }
            if (!e.ok.value_or(true) && (e.input_tokens || e.output_tokens)) {
                const double cost = cost_of(e.model, e.input_tokens.value_or(0), e.output_tokens.value_or(0));
                each(e, e.target, [cost](MetricsSnapshot& m, const TelemetryEvent& ev) {
                    m.wasted_input_tokens += ev.input_tokens.value_or(0);
                    m.wasted_output_tokens += ev.output_tokens.value_or(0);
                    m.wasted_cost_usd += cost;
                });
            }
            if (e.error_class == ErrorClass::Cancelled) {
                // Stopped by the person (or a hedge's loser): not a failure of the target, like the request.
            } else if (e.error_class) {
                each(e, e.target, [](MetricsSnapshot& m, const TelemetryEvent& ev) {
                    ++m.attempt_failures[*ev.error_class];
                });
            } else if (e.ttft_ms) {
                each(e, e.target,
                     [](MetricsSnapshot& m, const TelemetryEvent& ev) { m.ttft.add(*ev.ttft_ms); });
            }
            if (e.ratelimit_remaining_requests || e.ratelimit_remaining_tokens) {
                headroom_[e.target] =
                    Headroom{e.ratelimit_remaining_requests, e.ratelimit_limit_requests,
                             e.ratelimit_remaining_tokens, e.ratelimit_limit_tokens, e.ts_ms};
            }
            break;
        case EventKind::RetryScheduled:
            each(e, e.target,
                 [](MetricsSnapshot& m, const TelemetryEvent& ev) { m.wait_ms += ev.delay_ms.value_or(0); });
            delays_.push_back(
                {e.ts_ms, e.delay_ms.value_or(0), e.delay_source.value_or(DelaySource::Backoff), e.target});
            while (delays_.size() > kMaxDelayPoints)
                delays_.pop_front();
            break;
        case EventKind::NextKey:
            break;  // its attempt is counted when it starts
        case EventKind::Fallback:
            // A fallback event names the target it leaves in from_target.
            // A move to the next target; the fallback itself is counted when it answers (request_finished).
            if (e.reason == DecisionReason::BreakerOpen) {
                each(e, e.from_target,
                     [](MetricsSnapshot& m, const TelemetryEvent&) { ++m.short_circuited; });
            }
            break;
        case EventKind::HedgeStarted:
            each(e, e.target, [](MetricsSnapshot& m, const TelemetryEvent&) { ++m.hedges; });
            break;
        case EventKind::BudgetDenied:
            each(e, e.target, [](MetricsSnapshot& m, const TelemetryEvent&) { ++m.budget_denied; });
            break;
        case EventKind::BreakerTransition: {
            BreakerView& b = breakers_[e.target];
            b.state = e.to_state.value_or(BreakerState::Closed);
            b.since_ms = e.ts_ms;
            b.reason = e.transition_reason;
            ++b.transitions;
            breaker_changes_.push_back({e.ts_ms, e.target, e.from_state.value_or(BreakerState::Closed),
                                        b.state, e.transition_reason.value_or(TransitionReason::Reset)});
            while (breaker_changes_.size() > kMaxDelayPoints ||
                   (!breaker_changes_.empty() &&
                    breaker_changes_.front().ts_ms < e.ts_ms - kHistorySeconds * 1000LL)) {
                breaker_changes_.pop_front();
            }
            break;
        }
        case EventKind::RequestFinished: {
            in_flight_ = std::max(0, in_flight_ - 1);
            const int attempts = attempts_of_trace_[e.trace_id];
            attempts_of_trace_.erase(e.trace_id);
            const bool retried = attempts > 1;
            if (!e.ok.value_or(false) && e.error_class == ErrorClass::Cancelled) {
                // Stopped by the person: neither a success nor a failure of the target.
                each(e, e.target, [](MetricsSnapshot& m, const TelemetryEvent&) { ++m.cancelled; });
                break;
            }
            if (e.ok.value_or(false) && !e.from_target.empty()) {
                // A fallback: a request answered by a target other than its chain's first (from_target).
                each(e, e.from_target, [](MetricsSnapshot& m, const TelemetryEvent&) { ++m.fallbacks; });
            }
            const double cost = cost_of(e.model, e.input_tokens.value_or(0), e.output_tokens.value_or(0));
            each(e, e.target, [cost](MetricsSnapshot& m, const TelemetryEvent&) { m.cost_usd += cost; });
            auto apply = retried ? +[](MetricsSnapshot& m, const TelemetryEvent& ev) {
                if (ev.ok.value_or(false)) {
                    ++m.succeeded;
                    ++m.succeeded_after_retry;
                } else {
                    ++m.failed;
                    ++m.failed_after_retry;
                }
                if (ev.duration_ms) m.latency.add(*ev.duration_ms);
                m.input_tokens += ev.input_tokens.value_or(0);
                m.output_tokens += ev.output_tokens.value_or(0);
            }
                                 : +[](MetricsSnapshot& m, const TelemetryEvent& ev) {
                if (ev.ok.value_or(false)) {
                    ++m.succeeded;
                } else {
                    ++m.failed;
                }
                if (ev.duration_ms) m.latency.add(*ev.duration_ms);
                m.input_tokens += ev.input_tokens.value_or(0);
                m.output_tokens += ev.output_tokens.value_or(0);
            };
            each(e, e.target, apply);
            break;
        }
        case EventKind::HedgeCancelled:
            // A duplicate stopped mid-reply: what it had produced was billed for nothing.
            if (e.input_tokens || e.output_tokens) {
                const double cost = cost_of(e.model, e.input_tokens.value_or(0), e.output_tokens.value_or(0));
                each(e, e.target, [cost](MetricsSnapshot& m, const TelemetryEvent& ev) {
                    m.wasted_input_tokens += ev.input_tokens.value_or(0);
                    m.wasted_output_tokens += ev.output_tokens.value_or(0);
                    m.wasted_cost_usd += cost;
                });
            }
            break;
        case EventKind::DeadlineExhausted:
        case EventKind::SharedStateChanged:
            break;
    }
}

void MetricsAggregator::reset() {
    overall_ = Ring(kHistorySeconds);
    per_target_.clear();
    delays_.clear();
    breakers_.clear();
    breaker_changes_.clear();
    headroom_.clear();
    attempts_of_trace_.clear();
    in_flight_ = 0;
    unpriced_.clear();
    priced_.clear();
}

std::vector<MetricsSnapshot> MetricsAggregator::series(int range_s, const std::string& target) const {
    const int range = std::clamp(range_s, 1, kHistorySeconds);
    std::vector<MetricsSnapshot> out(static_cast<std::size_t>(range));
    const Ring* ring = &overall_;
    if (!target.empty()) {
        const auto it = per_target_.find(target);
        if (it == per_target_.end())
            return out;
        ring = &it->second;
    }
    const std::int64_t now_s = clock_.system_ms() / 1000;
    for (int i = 0; i < range; ++i) {
        const std::int64_t epoch = now_s - (range - 1 - i);
        const Second& s = (*ring)[static_cast<std::size_t>(((epoch % kHistorySeconds) + kHistorySeconds) %
                                                           kHistorySeconds)];
        if (s.epoch_s == epoch)
            out[static_cast<std::size_t>(i)] = s.sums;
    }
    return out;
}

MetricsSnapshot MetricsAggregator::snapshot(int range_s, const std::string& target) const {
    MetricsSnapshot total;
    for (const MetricsSnapshot& s : series(range_s, target))
        total.merge(s);
    return total;
}

std::vector<std::string> MetricsAggregator::targets() const {
    std::vector<std::string> names;
    for (const auto& [name, ring] : per_target_)
        names.push_back(name);
    return names;
}

std::vector<DelayPoint> MetricsAggregator::delays(int range_s) const {
    const std::int64_t from = clock_.system_ms() - static_cast<std::int64_t>(range_s) * 1000;
    std::vector<DelayPoint> out;
    for (const DelayPoint& d : delays_) {
        if (d.ts_ms >= from)
            out.push_back(d);
    }
    return out;
}

}  // namespace stormproof
