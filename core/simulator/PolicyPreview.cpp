#include "PolicyPreview.h"

#include <algorithm>
#include <memory>
#include <set>

#include "DialectWire.h"
#include "FaultDraw.h"
#include "OpenAiWire.h"
#include "resilience/ErrorClassifier.h"
#include "resilience/HttpHeaders.h"
#include "resilience/RequestExecution.h"
#include "resilience/SeededRandom.h"
#include "resilience/ServerHintParser.h"
#include "resilience/SimulatedTime.h"

namespace stormproof {

namespace {

std::int64_t percentile(std::vector<std::int64_t>& v, double p) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
    return v[std::min(v.size(), std::max<std::size_t>(1, rank)) - 1];
}

// One simulated attempt: when its first token arrives (if ever) and how it ends.
struct Plan {
    std::optional<std::int64_t> first_token_ms;
    AttemptOutcome outcome;
    bool billed = false;
};

class Driver {
public:
    Driver(const ResiliencePolicy& policy, const std::vector<std::string>& names,
           const std::vector<Scenario>& scenarios, const PreviewOptions& options)
        : policy_(std::make_shared<const ResiliencePolicy>(policy)),
          scenarios_(scenarios),
          options_(options),
          random_(options.seed),
          fault_random_(options.seed),
          state_(policy) {
        for (const std::string& n : names)
            targets_.push_back({n, 1});
        for (const Scenario& s : scenarios)
            default_models_.push_back("sim-" + s.name);
        primary_ = names.front();
        const BreakerState initial = policy.breaker.enabled ? BreakerState::Closed : BreakerState::Disabled;
        breaker_.push_back({0, initial});
        state_.set_transition_listener([this](const BreakerTransition& t) {
            if (t.target == primary_ && t.to != breaker_.back().state)
                breaker_.push_back({t.at_ms - start_ms_, t.to});
        });
    }

    PreviewResult run() {
        start_ms_ = time_.steady_ms();
        arrivals_.reserve(static_cast<std::size_t>(std::max(0, options_.requests)));
        for (int i = 0; i < options_.requests; ++i) {
            arrivals_.emplace_back(time_, static_cast<std::int64_t>(i) * options_.interval_ms,
                                   [this] { start_request(); });
        }
        time_.run_until_idle(10'000'000);
        return summarize();
    }

private:
    struct Request {
        std::unique_ptr<RequestExecution> exec;
        std::int64_t started_ms = 0;
        std::set<int> cancelled;
        std::vector<std::int64_t> waits;
        int billed = 0;
        bool done = false;
        bool ok = false;
        bool deadline_cut = false;
        bool fallback = false;
        ErrorClass error_class = ErrorClass::ServerError;
        std::int64_t latency_ms = 0;
        // Its pending timers, cancelled when the request goes (SimulatedTime would otherwise keep callbacks
        // that point at it).
        Timer wait_timer;
        Timer hedge_timer;
        std::map<int, Timer> first_token_timers;  // by attempt id
        std::map<int, Timer> end_timers;
    };

    void start_request() {
        auto r = std::make_unique<Request>();
        r->exec = std::make_unique<RequestExecution>(policy_, targets_, state_, time_, random_,
                                                     RequestIdentity::generate(random_));
        r->started_ms = time_.steady_ms();
        Request& ref = *r;
        requests_.push_back(std::move(r));
        apply(ref, ref.exec->begin());
    }

    void apply(Request& r, const Step& step) {
        if (r.done)
            return;
        for (int id : step.cancel_attempts)
            r.cancelled.insert(id);
        for (const Decision& d : step.decisions) {
            if (d.reason == DecisionReason::BudgetDenied)
                ++bucket(budget_denials_);
        }
        if (step.finished) {
            finish(r, step);
            return;
        }
        if (step.start)
            launch(r, *step.start);
        if (step.wait_ms) {
            r.waits.push_back(*step.wait_ms);
            r.wait_timer = Timer(time_, *step.wait_ms, [this, &r] {
                r.wait_timer.fired();
                if (!r.done)
                    apply(r, r.exec->resume());
            });
        }
        if (step.hedge_after_ms) {
            const int for_attempt = step.hedge_for_attempt;
            r.hedge_timer = Timer(time_, *step.hedge_after_ms, [this, &r, for_attempt] {
                r.hedge_timer.fired();
                if (!r.done)
                    apply(r, r.exec->on_hedge_timer(for_attempt));
            });
        }
    }

    void finish(Request& r, const Step& step) {
        r.done = true;
        r.latency_ms = time_.steady_ms() - r.started_ms;
        const auto served = r.exec->served_by();
        r.ok = served.has_value();
        r.fallback = served && *served > 0;
        if (!r.ok) {
            r.error_class = r.exec->final_error().value_or(ErrorClass::ServerError);
            for (const Decision& d : step.decisions) {
                r.deadline_cut |= d.reason == DecisionReason::DeadlineTooClose ||
                                  d.reason == DecisionReason::DeadlineExhausted;
            }
            if (r.deadline_cut)
                ++bucket(deadline_cuts_);
        }
        end_ms_ = std::max(end_ms_, time_.steady_ms());
    }

    // The counter of the bucket the simulated time is in now, growing the series as time goes on.
    int& bucket(std::vector<int>& series) {
        const auto index =
            static_cast<std::size_t>((time_.steady_ms() - start_ms_) / PreviewResult::kTimelineBucketMs);
        if (series.size() <= index)
            series.resize(index + 1, 0);
        return series[index];
    }

    const std::string& model_of(std::size_t target) {
        if (target < options_.models.size() && !options_.models[target].empty())
            return options_.models[target];
        return default_models_[target];
    }

    // The wire a scenario's faults speak: its provider dialect's (Gemini's RetryInfo bodies, Azure's
    // headers...) or OpenAI's, as the simulator answers.
    const OpenAiWire& wire_for(const Scenario& scenario) {
        const auto dialect = scenario.dialect;
        if (!dialect || *dialect == ProviderDialect::OpenAi || *dialect == ProviderDialect::Anthropic)
            return wire_;
        auto& slot = dialect_wires_[*dialect];
        if (!slot)
            slot = std::make_unique<DialectWire>(*dialect);
        return *slot;
    }

    Plan plan(const AttemptSpec& spec) {
        const std::size_t target =
            std::min(static_cast<std::size_t>(spec.target_index), scenarios_.size() - 1);
        const Scenario& scenario = scenarios_[target];
        const std::int64_t elapsed = time_.steady_ms();
        const ReplyShape& reply = scenario.reply_at(elapsed);
        const FaultSpec* fault =
            draw_fault(scenario.phase_at(elapsed), model_of(target), fault_random_, uses_);
        faults_drawn_.emplace_back(fault ? to_string(fault->kind) : std::string_view("none"));
        const int tokens = reply.min_tokens +
                           static_cast<int>(random_.uniform01() * (reply.max_tokens - reply.min_tokens + 1));
        const auto stream_ms = [&reply](int n) {
            return reply.tokens_per_s > 0 ? static_cast<std::int64_t>(n * 1000.0 / reply.tokens_per_s) : 0;
        };
        Plan p;
        AttemptOutcome& o = p.outcome;
        std::int64_t ttft = reply.first_token_ms;
        std::int64_t end = ttft + stream_ms(tokens);
        const OpenAiWire& wire = wire_for(scenario);
        const int status = fault ? wire.fault_status(fault->kind) : 0;
        if (status != 0) {
            // The simulator's own error answer (in the scenario's dialect), read back the way the client
            // reads it.
            HttpHeaders headers;
            for (auto& [name, value] : wire.fault_headers(*fault, time_.system_ms()))
                headers.add(name, value);
            o.http_status = status;
            o.provider_error = ProviderError::parse(wire.fault_body(*fault, "preview"));
            o.hints = ServerHintParser::parse(headers, time_.system_ms(), status == 429);
            ServerHintParser::apply_body_hint(o.hints,
                                              o.provider_error);  // Gemini's RetryInfo, as the client
            o.duration_ms = PreviewOptions::kErrorRoundTripMs;
            return p;
        }
        if (fault) {
            switch (fault->kind) {
                case FaultKind::Reset:
                    o.transport = TransportError::ConnectionReset;
                    o.duration_ms = PreviewOptions::kErrorRoundTripMs;
                    return p;
                case FaultKind::Hang:
                    ttft = end = std::numeric_limits<std::int64_t>::max() / 4;
                    break;
                case FaultKind::SlowFirstByte:
                    ttft += fault->delay_ms;
                    end += fault->delay_ms;
                    break;
                case FaultKind::Cut:
                    end = ttft + stream_ms(std::min(tokens, fault->after_tokens));
                    o.transport = TransportError::ConnectionReset;
                    break;
                case FaultKind::Stall:
                    if (fault->stall_ms > spec.idle_timeout_ms) {
                        end = ttft + stream_ms(fault->after_tokens) + spec.idle_timeout_ms;
                        o.transport = TransportError::IdleTimeout;
                    } else {
                        end += fault->stall_ms;
                    }
                    break;
                case FaultKind::NoTerminator:
                    o.transport = TransportError::TruncatedStream;
                    break;
                case FaultKind::MalformedJson:
                case FaultKind::Empty200:
                    o.transport = TransportError::MalformedBody;
                    break;
                case FaultKind::StreamError:
                    // after_tokens tokens, then the provider's error object inside the 200 stream.
                    o.transport = TransportError::StreamError;
                    o.provider_error = ProviderError::parse(wire.fault_body(*fault, "preview"));
                    if (fault->after_tokens <= 0) {
                        o.http_status = 200;
                        o.duration_ms = std::min(ttft, spec.attempt_timeout_ms);
                        return p;
                    }
                    end = ttft + stream_ms(std::min(tokens, fault->after_tokens));
                    break;
                default:
                    break;
            }
        }
        if (ttft > spec.first_token_timeout_ms || ttft > spec.attempt_timeout_ms) {
            o.transport = TransportError::FirstTokenTimeout;
            o.duration_ms = std::min(spec.first_token_timeout_ms, spec.attempt_timeout_ms);
            if (spec.attempt_timeout_ms < spec.first_token_timeout_ms)
                o.transport = TransportError::AttemptTimeout;
            return p;
        }
        p.first_token_ms = ttft;
        p.billed = true;
        o.ttft_ms = ttft;
        o.received_first_token = true;
        o.http_status = 200;
        if (end > spec.attempt_timeout_ms) {
            end = spec.attempt_timeout_ms;
            o.transport = TransportError::AttemptTimeout;
        }
        o.duration_ms = end;
        return p;
    }

    void launch(Request& r, const AttemptSpec& spec) {
        const Plan p = plan(spec);
        const int id = spec.attempt_id;
        if (p.first_token_ms) {
            r.first_token_timers[id] = Timer(time_, *p.first_token_ms, [this, &r, id] {
                r.first_token_timers.at(id).fired();
                if (r.done || r.cancelled.count(id))
                    return;
                ++r.billed;
                apply(r, r.exec->on_first_token(id));
            });
        }
        r.end_timers[id] = Timer(time_, p.outcome.duration_ms, [this, &r, id, outcome = p.outcome] {
            r.end_timers.at(id).fired();
            if (r.done || r.cancelled.count(id))
                return;
            apply(r, r.exec->on_attempt_finished(id, outcome));
        });
    }

    PreviewResult summarize() {
        PreviewResult out;
        out.deadline_ms = policy_->timeouts.deadline_ms;
        out.faults_drawn = faults_drawn_;
        out.duration_ms = std::max<std::int64_t>(0, end_ms_ - start_ms_);
        const auto buckets = static_cast<std::size_t>(out.duration_ms / PreviewResult::kTimelineBucketMs) + 1;
        out.budget_denials = budget_denials_;
        out.budget_denials.resize(std::max(buckets, budget_denials_.size()), 0);
        out.deadline_cuts = deadline_cuts_;
        out.deadline_cuts.resize(std::max(buckets, deadline_cuts_.size()), 0);
        out.primary_breaker = breaker_;
        std::vector<std::int64_t> latencies;
        std::vector<std::vector<std::int64_t>> waits;
        long attempts = 0, billed = 0;
        for (const auto& r : requests_) {
            if (!r->done)
                continue;  // cannot happen once the queue is idle; counted out rather than guessed
            ++out.requests;
            latencies.push_back(r->latency_ms);
            attempts += r->exec->attempts_started();
            billed += r->billed;
            if (r->ok) {
                ++out.succeeded;
                out.served_by_fallback += r->fallback ? 1 : 0;
            } else {
                ++out.final_errors[r->error_class];
                out.cut_by_deadline += r->deadline_cut ? 1 : 0;
            }
            for (std::size_t i = 0; i < r->waits.size(); ++i) {
                if (waits.size() <= i)
                    waits.resize(i + 1);
                waits[i].push_back(r->waits[i]);
            }
        }
        if (out.requests == 0)
            return out;
        double sum = 0;
        for (std::int64_t l : latencies)
            sum += static_cast<double>(l);
        out.mean_latency_ms = sum / out.requests;
        out.p50_latency_ms = percentile(latencies, 50);
        out.p95_latency_ms = percentile(latencies, 95);
        out.mean_attempts = static_cast<double>(attempts) / out.requests;
        out.cost_multiplier = out.succeeded ? static_cast<double>(billed) / out.succeeded : 0.0;
        for (auto& w : waits) {
            PercentileBand band;
            band.samples = static_cast<int>(w.size());
            band.p10_ms = percentile(w, 10);
            band.p50_ms = percentile(w, 50);
            band.p90_ms = percentile(w, 90);
            out.wait_before_attempt.push_back(band);
        }
        return out;
    }

    std::shared_ptr<const ResiliencePolicy> policy_;
    std::vector<ExecutionTarget> targets_;
    const std::vector<Scenario>& scenarios_;
    PreviewOptions options_;
    SimulatedTime time_;
    SeededRandom random_;
    // Fault draws only, so the preview draws the very fault sequence the simulator with the same seed does.
    SeededRandom fault_random_;
    ResilienceState state_;
    OpenAiWire wire_;
    std::map<ProviderDialect, std::unique_ptr<DialectWire>> dialect_wires_;
    FaultUses uses_;
    std::vector<std::string> default_models_;
    std::string primary_;
    std::int64_t start_ms_ = 0;
    std::int64_t end_ms_ = 0;
    std::vector<int> budget_denials_;
    std::vector<int> deadline_cuts_;
    std::vector<PreviewResult::BreakerPoint> breaker_;
    std::vector<std::string> faults_drawn_;
    std::vector<Timer> arrivals_;  // after time_: destroyed (cancelled) before it
    std::vector<std::unique_ptr<Request>> requests_;
};

}  // namespace

PreviewResult PolicyPreview::run(const ResiliencePolicy& policy, const std::vector<std::string>& target_names,
                                 const std::vector<Scenario>& scenarios, const PreviewOptions& options) {
    if (target_names.empty() || scenarios.empty())
        return {};
    Driver driver(policy, target_names, scenarios, options);
    return driver.run();
}

}  // namespace stormproof
