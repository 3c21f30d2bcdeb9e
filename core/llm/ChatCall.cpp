#include "ChatCall.h"

#include <utility>

#include "Ending.h"
#include "HttpAttempt.h"
#include "TransitionGate.h"
#include "TransportPool.h"
#include "telemetry/DecisionEvents.h"
#include "telemetry/EventBus.h"
#include "telemetry/Redactor.h"

namespace stormproof {

ChatCall::ChatCall(const CallContext& context, ChatRequest request, std::vector<ResolvedTarget> targets,
                   std::shared_ptr<const ResiliencePolicy> policy, RequestIdentity identity)
    : ctx_(context),
      request_(std::move(request)),
      targets_(std::move(targets)),
      execution_(
          std::move(policy),
          [this] {
              std::vector<ExecutionTarget> chain;
              for (const auto& t : targets_)
                  chain.push_back({t.config.name, std::max<int>(1, static_cast<int>(t.keys.size()))});
              return chain;
          }(),
          ctx_.state, ctx_.app.clock, ctx_.app.random, std::move(identity), request_.conversation) {
    result_.trace_id = execution_.identity().trace_id;
    result_.idempotency_key = execution_.identity().idempotency_key;
    prompt_bytes_ = request_.system.size();
    for (const ChatMessage& m : request_.messages)
        prompt_bytes_ += m.content.size();
    apply_gateway_request();
}

ChatCall::~ChatCall() {
    // A call destroyed while running hands its breaker permits back (a half-open probe slot would otherwise
    // stay taken for good); the timers go with their members; the attempts still running go first, before the
    // members they call.
    if (!execution_.finished())
        execution_.cancel();
    const auto attempts = std::exchange(attempts_, {});
    for (auto& [id, attempt] : attempts)
        delete attempt;
}

std::int64_t ChatCall::now() const {
    return ctx_.app.clock.steady_ms();
}

TelemetryEvent ChatCall::make_event(EventKind kind) const {
    TelemetryEvent e;
    e.ts_ms = ctx_.app.clock.system_ms();
    e.event = kind;
    e.trace_id = execution_.identity().trace_id;
    e.conversation = request_.conversation;
    e.caller = request_.caller;
    return e;
}

AttemptRecord* ChatCall::record_for(int attempt_id) {
    for (AttemptRecord& r : result_.attempts) {
        if (r.index == attempt_id)
            return &r;
    }
    return nullptr;
}

void ChatCall::start() {
    if (started_ || finished_)
        return;
    started_ = true;
    started_ms_ = now();
    // Deferred: start() must return before anything is emitted.
    start_timer_ = Timer(ctx_.app.scheduler, 0, [this] {
        start_timer_.fired();
        if (finished_)
            return;
        TelemetryEvent e = make_event(EventKind::RequestStarted);
        e.idempotency_key = execution_.identity().idempotency_key;
        if (!targets_.empty()) {
            e.target = targets_.front().config.name;
            e.model = targets_.front().model;
        }
        ctx_.app.bus.publish(e);
        apply(execution_.begin());
    });
}

void ChatCall::cancel() {
    if (finished_)
        return;
    if (!started_) {
        started_ = true;
        started_ms_ = now();
    }
    apply(execution_.cancel());
}

void ChatCall::retry_now() {
    if (finished_ || !wait_timer_.armed())
        return;
    wait_timer_.cancel();
    apply(execution_.resume());
}

void ChatCall::record_decision(const Decision& d) {
    if (AttemptRecord* r = record_for(d.attempt_id)) {
        // A hedge decision belongs to the race, not to the attempt that is still running.
        if (d.kind != DecisionKind::Hedge) {
            r->decision = d.kind;
            r->delay_ms = d.delay_ms;
            r->delay_source = d.delay_source;
            if (r->detail.empty())
                r->detail = d.detail;
        }
    }
    const auto target_name = [this](int t) {
        return t >= 0 && t < static_cast<int>(targets_.size())
                   ? targets_[static_cast<std::size_t>(t)].config.name
                   : std::string();
    };
    // Which events a decision becomes is decided in core (events_for), not here.
    for (const EventKind kind : events_for(d)) {
        TelemetryEvent e = make_event(kind);
        e.attempt = d.attempt_id > 0 ? std::optional<int>(d.attempt_id) : std::nullopt;
        e.target = target_name(d.to_target >= 0 ? d.to_target : d.from_target);
        e.error_class = d.error_class;
        e.reason = d.reason;
        e.decision = d.kind;
        e.detail = ctx_.redactor.redact(d.detail);
        if (kind == EventKind::RetryScheduled || kind == EventKind::HedgeStarted)
            e.delay_ms = d.delay_ms;
        if (kind == EventKind::RetryScheduled)
            e.delay_source = d.delay_source;
        if (kind == EventKind::Fallback) {
            e.from_target = target_name(d.from_target);
            e.target = target_name(d.to_target);
        }
        if (kind == EventKind::BudgetDenied)
            e.target = target_name(d.from_target);  // whose budget refused
        ctx_.app.bus.publish(e);
    }
}

void ChatCall::apply(const Step& step) {
    if (finished_)
        return;
    for (const Decision& d : step.decisions) {
        record_decision(d);
        if (d.reason == DecisionReason::StreamRestart) {
            text_.clear();
            reasoning_.clear();
            emit text_reset();
        }
    }
    for (int id : step.cancel_attempts) {
        no_key_attempts_.erase(id);  // an attempt that had no key to send: its failure must not come later
        const auto it = attempts_.find(id);
        if (it == attempts_.end())
            continue;
        HttpAttempt* attempt = it->second;
        attempts_.erase(it);
        if (AttemptRecord* r = record_for(id)) {
            r->decision = DecisionKind::Cancelled;
            r->duration_ms = now() - started_ms_ - r->started_ms;
        }
        if (!step.finished) {
            TelemetryEvent e = make_event(EventKind::HedgeCancelled);
            e.attempt = id;
            if (AttemptRecord* r = record_for(id)) {
                e.target = r->target;
                e.model = r->model;
            }
            // A duplicate that had started answering was billed for what it produced.
            const Usage wasted = wasted_usage({}, prompt_bytes_, output_bytes_[id]);
            if (wasted.output_tokens > 0) {
                e.input_tokens = wasted.input_tokens;
                e.output_tokens = wasted.output_tokens;
            }
            ctx_.app.bus.publish(e);
        }
        attempt->cancel();
        attempt->deleteLater();
    }
    if (step.start)
        launch(*step.start);
    if (step.hedge_after_ms) {
        const int for_attempt = step.hedge_for_attempt;
        hedge_timers_[for_attempt] = Timer(ctx_.app.scheduler, *step.hedge_after_ms, [this, for_attempt] {
            hedge_timers_[for_attempt].fired();
            if (finished_)
                return;
            apply(execution_.on_hedge_timer(for_attempt));
        });
    }
    if (step.wait_ms) {
        const Decision* retry = nullptr;
        for (const Decision& d : step.decisions) {
            if (d.kind == DecisionKind::Retry)
                retry = &d;
        }
        WaitInfo info;
        info.delay_ms = *step.wait_ms;
        if (retry) {
            info.delay_source = retry->delay_source;
            info.error_class = retry->error_class;
            info.target = targets_[static_cast<std::size_t>(retry->to_target)].config.name;
            if (const AttemptRecord* r = record_for(retry->attempt_id))
                info.status = r->status;
            info.next_attempt_on_target = execution_.attempts_on(retry->to_target) + 1;
        }
        info.max_attempts = execution_.policy().retry.max_attempts;
        wait_timer_ = Timer(ctx_.app.scheduler, *step.wait_ms, [this] {
            wait_timer_.fired();
            if (finished_)
                return;
            apply(execution_.resume());
        });
        emit waiting(info);
    }
    if (step.finished)
        complete();
}

void ChatCall::launch(const AttemptSpec& spec) {
    const ResolvedTarget& target = targets_[static_cast<std::size_t>(spec.target_index)];
    AttemptRecord record;
    record.index = spec.attempt_id;
    record.target = target.config.name;
    record.model = target.model;
    record.started_ms = now() - started_ms_;
    record.hedge = spec.hedge;
    record.decision = std::nullopt;  // pending
    result_.attempts.push_back(record);
    resume_of_[spec.attempt_id] = spec.resume;

    TelemetryEvent e = make_event(EventKind::AttemptStarted);
    e.attempt = spec.attempt_id;
    e.attempt_on_target = spec.attempt_on_target;
    e.target = target.config.name;
    e.model = target.model;
    e.idempotency_key = execution_.identity().idempotency_key;
    if (spec.hedge)
        e.hedge = true;
    else if (spec.last_resort)
        e.reason = DecisionReason::AllBreakersOpen;
    ctx_.app.bus.publish(e);
    emit attempt_started(record);

    const int id = spec.attempt_id;
    if (target.keys.empty()) {
        // Nothing to authenticate with: fail this attempt as auth without touching the network -- but
        // asynchronously, like any other attempt.
        no_key_attempts_[id] = Timer(ctx_.app.scheduler, 0, [this, id, detail = target.missing_key_detail] {
            no_key_attempts_[id].fired();
            AttemptResult missing;
            missing.outcome.transport = TransportError::MissingKey;
            missing_key_detail_ = detail;
            on_attempt_finished(id, missing);
        });
        return;
    }
    BuildContext context;
    context.base_url = target.base_url;
    context.model = target.model;
    context.api_key = target.keys[static_cast<std::size_t>(
        std::min<int>(spec.key_index, static_cast<int>(target.keys.size()) - 1))];
    context.identity = &execution_.identity();
    context.attempt_id = id;
    context.send_idempotency_key = execution_.policy().retry.send_idempotency_key;
    context.resume = spec.resume;
    context.partial_text = text_;
    HttpRequestSpec http = target.adapter->build(request_, context);
    http.keep_raw_body = request_.passthrough.has_value();  // add_gateway_details forwards it

    // One owner: attempts_. An attempt leaves it when it finishes or is cancelled -- both from inside its own
    // callback, so it is retired with deleteLater, silent from then on; the ones still running when the call
    // is destroyed are deleted there, first. Its callbacks never outlive the call.
    HttpAttempt::Callbacks callbacks;
    callbacks.on_first_token = [this, id] { on_first_token(id); };
    callbacks.on_delta = [this, id](std::string_view text) { on_delta(id, text); };
    callbacks.on_reasoning = [this, id](std::string_view text) { on_reasoning(id, text); };
    callbacks.on_finished = [this, id](const AttemptResult& r) { on_attempt_finished(id, r); };
    if (request_.passthrough)
        callbacks.on_raw_event = [this, id](const RawSseEvent& event) { on_raw_event(id, event); };
    auto* attempt = new HttpAttempt(ctx_.pool, ctx_.app.scheduler, ctx_.app.clock, *target.adapter,
                                    std::move(http), spec, std::move(callbacks));
    attempts_[id] = attempt;
    attempt->start();
}

void ChatCall::on_first_token(int attempt_id) {
    if (finished_)
        return;
    const Step step = execution_.on_first_token(attempt_id);
    if (execution_.committed_attempt() == attempt_id && !ttft_ms_)
        ttft_ms_ = now() - started_ms_;
    apply(step);
    if (request_.passthrough && !finished_ && execution_.committed_attempt() == attempt_id)
        emit_commit(attempt_id);
}

void ChatCall::on_delta(int attempt_id, std::string_view text) {
    output_bytes_[attempt_id] += text.size();
    if (finished_ || execution_.committed_attempt() != attempt_id)
        return;
    text_.append(text);
    emit delta(QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())));
}

void ChatCall::on_reasoning(int attempt_id, std::string_view text) {
    output_bytes_[attempt_id] += text.size();
    if (finished_ || execution_.committed_attempt() != attempt_id)
        return;
    reasoning_.append(text);
    emit reasoning_delta(QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())));
}

void ChatCall::on_attempt_finished(int attempt_id, const AttemptResult& r) {
    raw_buffers_.erase(attempt_id);
    raw_buffered_bytes_.erase(attempt_id);
    if (request_.passthrough && !finished_ && !r.outcome.succeeded()) {
        last_failed_headers_ = r.headers.fields();
        if (r.outcome.hints.delay_ms && !r.outcome.hints.absurd)
            hint_until_ms_ = now() + *r.outcome.hints.delay_ms;
    }
    const auto it = attempts_.find(attempt_id);
    if (it != attempts_.end()) {
        it->second->deleteLater();
        attempts_.erase(it);
    }
    if (finished_)
        return;
    const bool succeeded = r.outcome.succeeded();
    if (succeeded) {
        last_success_ = r;
        if (!request_.stream) {
            // A whole body arrives at once: it is the first token and the last.
            const Step commit = execution_.on_first_token(attempt_id);
            if (!ttft_ms_)
                ttft_ms_ = now() - started_ms_;
            if (!r.reasoning.empty()) {
                reasoning_ += r.reasoning;
                emit reasoning_delta(QString::fromStdString(r.reasoning));
            }
            text_ += r.text;
            emit delta(QString::fromStdString(r.text));
            apply(commit);
            if (finished_)
                return;
        } else if (resume_of_[attempt_id] == StreamResume::None &&
                   execution_.committed_attempt() == attempt_id && text_.empty() && !r.text.empty()) {
            text_ = r.text;  // defensive: every delta was already forwarded
        }
    }
    // The engine judges the attempt (once) and decides; this driver records and reports its verdict. A
    // breaker transition the result causes is published after this attempt's attempt_finished.
    ctx_.transitions.hold();
    const Step step = execution_.on_attempt_finished(attempt_id, r.outcome);
    const AttemptVerdict verdict =
        step.verdict.value_or(AttemptVerdict{attempt_id, {}, {}, r.outcome.transport});
    const bool failed = verdict.error_class.has_value();
    AttemptRecord* record = record_for(attempt_id);
    if (record) {
        record->duration_ms = r.outcome.duration_ms;
        record->status = r.outcome.http_status;
        record->error_class = verdict.error_class;
        record->request_id = r.outcome.request_id;
        record->ttft_ms = r.outcome.ttft_ms;
        record->detail = verdict.detail;
        if (failed && !r.outcome.provider_error.message.empty()) {
            record->detail += ": " + ctx_.redactor.redact(r.outcome.provider_error.message);
        }
        if (r.outcome.transport == TransportError::MissingKey)
            record->detail = missing_key_detail_;
    }
    TelemetryEvent e = make_event(EventKind::AttemptFinished);
    e.attempt = attempt_id;
    if (record) {
        e.target = record->target;
        e.model = record->model;
        e.detail = record->detail;
    }
    e.status = r.outcome.http_status;
    e.error_class = verdict.error_class;
    e.request_id = r.outcome.request_id;
    e.duration_ms = r.outcome.duration_ms;
    e.ttft_ms = r.outcome.ttft_ms;
    e.ok = !failed;
    const RateLimitInfo& rl = r.outcome.hints.rate_limit;
    e.ratelimit_remaining_requests = rl.remaining_requests;
    e.ratelimit_limit_requests = rl.limit_requests;
    e.ratelimit_remaining_tokens = rl.remaining_tokens;
    e.ratelimit_limit_tokens = rl.limit_tokens;
    if (!failed) {
        e.input_tokens = r.usage.input_tokens;
        e.output_tokens = r.usage.output_tokens;
    } else {
        const std::size_t output_bytes = std::max(output_bytes_[attempt_id], r.text.size());
        const Usage wasted = wasted_usage(r.usage, prompt_bytes_, output_bytes);
        if (wasted.input_tokens > 0 || wasted.output_tokens > 0) {
            e.input_tokens = wasted.input_tokens;
            e.output_tokens = wasted.output_tokens;
        }
    }
    ctx_.app.bus.publish(e);
    ctx_.transitions.release();
    if (failed)
        last_status_ = r.outcome.http_status;
    if (record)
        emit attempt_finished(*record);
    apply(step);
}

void ChatCall::complete() {
    if (finished_)
        return;
    finished_ = true;
    wait_timer_.cancel();
    hedge_timers_.clear();  // cancels them
    no_key_attempts_.clear();
    // Moved out first: cancelling an attempt can call back into on_attempt_finished, which erases from the
    // map.
    const auto attempts = std::exchange(attempts_, {});
    for (auto& [id, attempt] : attempts) {
        attempt->cancel();
        attempt->deleteLater();
    }

    result_.total_ms = now() - started_ms_;
    result_.ttft_ms = ttft_ms_;
    result_.text = text_;
    result_.reasoning = reasoning_;
    const auto served = execution_.served_by();
    if (served && last_success_) {
        const ResolvedTarget& t = targets_[static_cast<std::size_t>(*served)];
        result_.ok = true;
        result_.served_by = ServedBy{t.config.name, std::string(to_string(t.config.provider)), t.model};
        result_.fallback_used = *served != 0;
        result_.usage = last_success_->usage;
        result_.finish_reason = last_success_->finish_reason;
    } else {
        // The engine's final decision says why it stopped; the driver only adds where and how long.
        const std::optional<Decision>& end = execution_.final_decision();
        const ErrorClass error_class = execution_.final_error().value_or(ErrorClass::ServerError);
        ChatError error;
        error.error_class = error_class;
        error.status = last_status_;
        error.attempts = static_cast<int>(result_.attempts.size());
        error.elapsed_ms = result_.total_ms;
        EndingContext why;
        why.error_class = error_class;
        why.last_transport = execution_.last_transport();
        if (end) {
            error.reason = end->reason;
            why.reason = end->reason;
            if (end->from_target >= 0 && end->from_target < static_cast<int>(targets_.size())) {
                const ResolvedTarget& t = targets_[static_cast<std::size_t>(end->from_target)];
                error.url = t.base_url;
                if (t.keys.empty())
                    why.missing_key_env = t.missing_key_env;
            }
        }
        why.url = error.url;
        // What went wrong is the last failed attempt's own account (status, provider message); why the
        // engine stopped there is `reason`, and the hint explains it. A request that ended before any attempt
        // (no target, a breaker forced open) has only the engine's words.
        std::string message;
        for (auto it = result_.attempts.rbegin(); it != result_.attempts.rend(); ++it) {
            if (!it->detail.empty()) {
                message = it->detail;
                break;
            }
        }
        if (message.empty() && end)
            message = end->detail;
        error.message =
            ctx_.redactor.redact(message.empty() ? std::string(to_string(error.error_class)) : message);
        error.hint = ending_hint(why);
        result_.error = error;
        result_.partial = !text_.empty();
    }
    if (request_.passthrough)
        add_gateway_details();
    TelemetryEvent e = make_event(EventKind::RequestFinished);
    e.ok = result_.ok;
    e.duration_ms = result_.total_ms;
    e.ttft_ms = result_.ttft_ms;
    e.idempotency_key = result_.idempotency_key;
    if (result_.served_by) {
        e.target = result_.served_by->target;
        e.model = result_.served_by->model;
        if (result_.fallback_used && !targets_.empty())
            e.from_target = targets_.front().config.name;  // the chain's first target, which did not answer
    } else if (const auto& end = execution_.final_decision();
               end && end->from_target >= 0 && end->from_target < static_cast<int>(targets_.size())) {
        // Where it ended, so a failed request is attributed to a target on the dashboard and in the log.
        e.target = targets_[static_cast<std::size_t>(end->from_target)].config.name;
        e.model = targets_[static_cast<std::size_t>(end->from_target)].model;
    }
    if (const auto& end = execution_.final_decision())
        e.reason = end->reason;
    if (result_.error) {
        e.error_class = result_.error->error_class;
        e.status = result_.error->status;
        e.detail = ctx_.redactor.redact(result_.error->message);
    }
    e.attempt = static_cast<int>(result_.attempts.size());
    e.input_tokens = result_.usage.input_tokens;
    e.output_tokens = result_.usage.output_tokens;
    ctx_.app.bus.publish(e);
    emit finished(result_);
}

// --- Gateway requests (a passthrough) -------------------------------------------------------------------

namespace {
// What a gateway buffers of one attempt before its first token: a handful of events (OpenAI's role chunk,
// Anthropic's message_start, content_block_start and pings) in practice; this only bounds a server that
// sends nothing but pings. 1 MiB, the SSE parser's own bound on one event.
constexpr std::size_t kMaxBufferedRawBytes = 1 << 20;

WireProtocol protocol_of(ProviderKind provider) {
    return provider == ProviderKind::Anthropic ? WireProtocol::Anthropic : WireProtocol::OpenAI;
}
}  // namespace

void ChatCall::apply_gateway_request() {
    CallerLimits limits;
    limits.deadline_ms = request_.deadline_ms;
    limits.prior_retries = request_.caller_retry_count;
    if (request_.final_after_first_token)
        limits.after_first_token = AfterFirstToken::Fail;
    execution_.apply_caller_limits(limits);
    if (!request_.passthrough || request_.passthrough->untranslatable.empty())
        return;
    const Passthrough& p = *request_.passthrough;
    for (std::size_t t = 0; t < targets_.size(); ++t) {
        const WireProtocol theirs = protocol_of(targets_[t].config.provider);
        if (theirs != p.protocol) {
            execution_.mark_unusable(static_cast<int>(t), p.untranslatable + " cannot be translated from " +
                                                              std::string(to_string(p.protocol)) + " to " +
                                                              std::string(to_string(theirs)));
        }
    }
}

void ChatCall::on_raw_event(int attempt_id, const RawSseEvent& event) {
    if (finished_)
        return;
    if (commit_emitted_ && execution_.committed_attempt() == attempt_id) {
        emit raw_event(event);
        return;
    }
    std::size_t& bytes = raw_buffered_bytes_[attempt_id];
    if (bytes + event.data.size() > kMaxBufferedRawBytes)
        return;
    bytes += event.data.size() + event.event.size();
    raw_buffers_[attempt_id].push_back(event);
}

void ChatCall::emit_commit(int attempt_id) {
    if (commit_emitted_)
        return;
    commit_emitted_ = true;
    StreamCommit commit;
    if (const AttemptRecord* r = record_for(attempt_id)) {
        commit.target = r->target;
        commit.model = r->model;
    }
    for (std::size_t t = 0; t < targets_.size(); ++t) {
        if (targets_[t].config.name == commit.target) {
            commit.protocol = protocol_of(targets_[t].config.provider);
            commit.fallback = t != 0;
        }
    }
    commit.attempts = static_cast<int>(result_.attempts.size());
    if (const auto it = attempts_.find(attempt_id); it != attempts_.end())
        commit.upstream_headers = it->second->response_headers().fields();
    emit committed(commit);
    auto buffered = std::exchange(raw_buffers_[attempt_id], {});
    raw_buffers_.clear();
    raw_buffered_bytes_.clear();
    for (const RawSseEvent& event : buffered) {
        if (finished_)
            return;
        emit raw_event(event);
    }
}

void ChatCall::add_gateway_details() {
    if (result_.ok && last_success_) {
        result_.raw_body = last_success_->raw_body;
        result_.upstream_headers = last_success_->headers.fields();
        return;
    }
    result_.upstream_headers = last_failed_headers_;
    if (!result_.error)
        return;
    // When the target where it ended takes traffic again: its breaker's reopen time, or the provider's own
    // wait hint of the last failure, whichever is later.
    std::optional<std::int64_t> retry_after;
    if (const auto& end = execution_.final_decision(); end && end->from_target >= 0) {
        const auto reopen = execution_.reopens_in_ms(end->from_target);
        if (reopen && *reopen > 0)
            retry_after = *reopen;
    }
    if (hint_until_ms_) {
        const std::int64_t left = std::max<std::int64_t>(0, *hint_until_ms_ - now());
        if (left > 0 && (!retry_after || left > *retry_after))
            retry_after = left;
    }
    result_.error->retry_after_ms = retry_after;
}

}  // namespace stormproof
