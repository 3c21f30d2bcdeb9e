#include "LoadRunner.h"

#include <sys/resource.h>

#include <QPointer>
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "ChatCall.h"
#include "ResilientClient.h"

namespace stormproof {

namespace {
std::int64_t process_cpu_ms() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000LL +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000;
}

double peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports kilobytes
}

std::int64_t percentile(std::vector<std::int64_t> values, double p) {
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    // Nearest rank: the smallest value with at least p% of the values at or below it.
    const auto rank =
        static_cast<std::size_t>(std::max(1.0, std::ceil(p / 100.0 * static_cast<double>(values.size()))));
    return values[std::min(rank, values.size()) - 1];
}
}  // namespace

nlohmann::json LoadSummary::to_json() const {
    const auto by_name = [](const std::map<ErrorClass, int>& counts) {
        nlohmann::json object = nlohmann::json::object();
        for (const auto& [error_class, count] : counts)
            object[std::string(to_string(error_class))] = count;
        return object;
    };
    return {{"requests", requests},
            {"succeeded", succeeded},
            {"failed", failed},
            {"cancelled", cancelled},
            {"attempts", attempts},
            {"retries", retries},
            {"fallbacks", fallbacks},
            {"hedges", hedges},
            {"budget_denied", budget_denied},
            {"short_circuited", short_circuited},
            {"wall_ms", wall_ms},
            {"cpu_ms", cpu_ms},
            {"peak_in_flight", peak_in_flight},
            {"rate_per_s", rate_per_s},
            {"peak_rss_mb", std::round(peak_rss_mb * 10) / 10},
            {"latency_ms", {{"p50", p50_ms}, {"p95", p95_ms}, {"p99", p99_ms}}},
            {"errors", by_name(errors)},
            {"attempt_errors", by_name(attempt_errors)}};
}

LoadRunner::LoadRunner(ResilientClient& client, const ClientContext& context, int requests, int concurrency,
                       bool stream, QObject* parent)
    : QObject(parent),
      client_(client),
      context_(context),
      total_(std::max(0, requests)),
      concurrency_(std::max(1, concurrency)),
      stream_(stream) {}

LoadRunner::~LoadRunner() = default;  // the timers and the subscription cancel themselves

void LoadRunner::start() {
    start_ms_ = context_.clock.steady_ms();
    cpu_start_ms_ = process_cpu_ms();
    summary_.requests = total_;
    subscription_ = context_.bus.subscription([this](const TelemetryEvent& e) {
        if (e.event == EventKind::BudgetDenied)
            ++summary_.budget_denied;
        if (e.event == EventKind::Fallback && e.reason == DecisionReason::BreakerOpen)
            ++summary_.short_circuited;
        if (e.event == EventKind::HedgeStarted)
            ++summary_.hedges;
    });
    if (total_ == 0) {
        finish_timer_ = Timer(context_.scheduler, 0, [this] {
            finish_timer_.fired();
            finish();
        });
        return;
    }
    summary_.rate_per_s = rate_per_s_;
    launch_ready();
}

std::string LoadRunner::prompt_for(int index) {
    return "Load request " + std::to_string(index) + ": say a few words about resilience.";
}

void LoadRunner::launch_ready() {
    while (!cancelled_ && launched_ < total_ && static_cast<int>(running_.size()) < concurrency_) {
        if (rate_per_s_ > 0) {
            const auto due_ms = start_ms_ + static_cast<std::int64_t>(launched_ * 1000.0 / rate_per_s_);
            const std::int64_t wait_ms = due_ms - context_.clock.steady_ms();
            if (wait_ms > 0) {
                if (!pacing_timer_.armed()) {
                    pacing_timer_ = Timer(context_.scheduler, wait_ms, [this] {
                        pacing_timer_.fired();
                        launch_ready();
                    });
                }
                return;
            }
        }
        launch_next();
    }
}

void LoadRunner::launch_next() {
    ChatRequest request;
    const int n = launched_++;
    request.messages.push_back({"user", prompt_for(n)});
    request.stream = stream_;
    request.max_tokens = max_tokens_;
    request.temperature = temperature_;
    request.conversation = "load";
    // Stamped before the call is built: building the first one resolves keys and targets, which is not the
    // request's arrival time.
    const std::int64_t started_unix_ms = context_.clock.system_ms();
    running_.push_back(client_.chat(std::move(request)));
    ChatCall* call = running_.back().get();
    connect(call, &ChatCall::finished, this, [this, call, n, started_unix_ms](const ChatResult& result) {
        on_done(call, n, started_unix_ms, result);
    });
    call->start();
}

void LoadRunner::on_done(ChatCall* call, int index, std::int64_t started_unix_ms, const ChatResult& result) {
    // Retired from inside its own finished(): deleted later, by the event loop.
    const auto it =
        std::find_if(running_.begin(), running_.end(), [call](const auto& c) { return c.get() == call; });
    if (it != running_.end()) {
        it->release()->deleteLater();
        running_.erase(it);
    }
    ++done_;
    const int attempts = static_cast<int>(result.attempts.size());
    summary_.attempts += attempts;
    summary_.retries += std::max(0, attempts - 1);
    for (const AttemptRecord& a : result.attempts) {
        if (a.error_class && *a.error_class != ErrorClass::Cancelled)
            ++summary_.attempt_errors[*a.error_class];
    }
    if (result.ok && result.fallback_used)
        ++summary_.fallbacks;
    if (result.ok) {
        ++summary_.succeeded;
        latencies_ms_.push_back(result.total_ms);
    } else if (result.error && result.error->error_class == ErrorClass::Cancelled) {
        ++summary_.cancelled;
    } else {
        ++summary_.failed;
        latencies_ms_.push_back(result.total_ms);
        if (result.error)
            ++summary_.errors[result.error->error_class];
    }
    if (keep_replies_)
        replies_.push_back({index, started_unix_ms, result});
    emit progress(done_, total_);
    launch_ready();
    if (running_.empty() && (cancelled_ || launched_ >= total_))
        finish();
}

void LoadRunner::cancel() {
    if (cancelled_ || finished_)
        return;
    cancelled_ = true;
    summary_.requests = launched_;
    pacing_timer_.cancel();
    std::vector<ChatCall*> running;
    for (const auto& call : running_)
        running.push_back(call.get());
    // Each call finishes at once and leaves running_; the last one's finish() emits finished(), whose
    // listener may delete this runner (and with it the calls not yet cancelled): stop touching it then.
    const QPointer<LoadRunner> self(this);
    for (ChatCall* call : running) {
        call->cancel();
        if (!self)
            return;
    }
    if (running_.empty())
        finish();
}

void LoadRunner::finish() {
    if (finished_)
        return;
    finished_ = true;
    summary_.wall_ms = context_.clock.steady_ms() - start_ms_;
    summary_.cpu_ms = process_cpu_ms() - cpu_start_ms_;
    summary_.p50_ms = percentile(latencies_ms_, 50);
    summary_.p95_ms = percentile(latencies_ms_, 95);
    summary_.p99_ms = percentile(latencies_ms_, 99);
    summary_.peak_in_flight = client_.peak_in_flight();
    summary_.peak_rss_mb = peak_rss_mb();
    subscription_.reset();
    emit finished(summary_);
}

}  // namespace stormproof
