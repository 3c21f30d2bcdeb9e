#include "LoadCommand.h"

#include <unistd.h>

#include <QCoreApplication>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "Interrupts.h"
#include "Messages.h"
#include "Runtime.h"
#include "config/ProfileFile.h"
#include "gateway/MetricsEndpoint.h"
#include "llm/LoadRunner.h"
#include "metrics/MetricsRegistry.h"
#include "resilience/Text.h"
#include "simulator/SimulatorServer.h"

namespace stormproof::cli {

namespace {

// The embedded simulator's request log during a load: nothing in the CLI reads it (/_sim/requests only needs
// the recent past), and at the default 20,000 records (for benchmark harnesses reading a standalone
// stormproof-sim) it was the CLI's growth with the number of requests: ~470 bytes a request, 9 MB at 20,000.
// The GUI keeps as many (kGuiSimulatorLogRecords).
constexpr std::size_t kLoadSimulatorLogRecords = 2000;

void print_summary(std::FILE* out, const LoadSummary& s) {
    std::fprintf(out, "requests %d: %d succeeded, %d failed", s.requests, s.succeeded, s.failed);
    if (s.cancelled > 0)
        std::fprintf(out, ", %d cancelled", s.cancelled);
    std::fprintf(out, "\n");
    std::fprintf(out,
                 "attempts %d (retries %d, fallbacks %d, hedges %d); budget denied %d; short-circuited %d\n",
                 s.attempts, s.retries, s.fallbacks, s.hedges, s.budget_denied, s.short_circuited);
    std::fprintf(
        out, "latency p50 %lld ms, p95 %lld ms, p99 %lld ms; wall %lld ms, cpu %lld ms; peak in flight %d\n",
        static_cast<long long>(s.p50_ms), static_cast<long long>(s.p95_ms), static_cast<long long>(s.p99_ms),
        static_cast<long long>(s.wall_ms), static_cast<long long>(s.cpu_ms), s.peak_in_flight);
    for (const auto& [error_class, count] : s.errors)
        std::fprintf(out, "  %s: %d\n", std::string(to_string(error_class)).c_str(), count);
}

Status write_replies(const std::string& path, const std::vector<LoadReply>& replies) {
    std::string lines;
    for (const LoadReply& r : replies) {
        nlohmann::json line = {
            {"index", r.index},
            {"started_unix_ms", r.started_unix_ms},
            {"ok", r.result.ok},
            {"partial", r.result.partial},
            {"text", r.result.text},
            {"total_ms", r.result.total_ms},
            {"attempts", r.result.attempts.size()},
            {"fallback_used", r.result.fallback_used},
            {"served_by", r.result.served_by ? r.result.served_by->target : ""},
            {"error_class", r.result.error ? std::string(to_string(r.result.error->error_class)) : ""}};
        lines += to_json_text(line) + "\n";
    }
    return ProfileFile::write_atomically(path, lines);
}

}  // namespace

int run_load(const Options& o) {
    std::optional<Scenario> scenario;
    const Policy policy = build_policy(o, scenario);
    Runtime rt(o, policy, scenario);
    if (rt.simulator)
        rt.simulator->set_log_capacity(kLoadSimulatorLogRecords);
    LoadRunner runner(*rt.client, rt.context(), *o.requests, *o.concurrency, o.stream);
    runner.set_rate(o.rate_per_s);
    runner.set_sampling(o.max_tokens, o.temperature);
    runner.keep_replies(!o.replies_file.empty());
    // --metrics-port: the load's numbers for Prometheus while it runs (docs/METRICS.md).
    std::unique_ptr<MetricsRegistry> metrics;
    std::unique_ptr<MetricsEndpoint> metrics_endpoint;
    if (o.metrics_port) {
        metrics = std::make_unique<MetricsRegistry>(rt.bus);
        metrics->set_policy(policy);
        metrics->set_shared_state_configured(policy.resilience.shared_state.enabled());
        metrics_endpoint =
            std::make_unique<MetricsEndpoint>(rt.time, [&metrics] { return metrics->exposition(); });
        if (const Status s = metrics_endpoint->listen("127.0.0.1", *o.metrics_port); !s) {
            std::fprintf(stderr, "stormproof-cli: --metrics-port: %s\n", s.error().to_string().c_str());
            return kExitUsage;
        }
        std::fprintf(stderr, "stormproof-cli: metrics on %s\n", metrics_endpoint->url().c_str());
    }
    const bool tty = isatty(STDERR_FILENO) != 0;
    if (tty) {
        QObject::connect(&runner, &LoadRunner::progress, [](int done, int total) {
            if (done == total || done % 25 == 0)
                std::fprintf(stderr, "\r%d/%d requests done", done, total);
        });
    }
    Interrupts interrupts([&runner](int) { runner.cancel(); });
    int exit_code = kExitOk;
    QObject::connect(&runner, &LoadRunner::finished, [&](const LoadSummary& s) {
        if (tty)
            std::fputs("\n", stderr);
        const int signal_number = interrupts.received();
        if (o.json) {
            nlohmann::json object = s.to_json();
            rt.annotate(object);
            if (signal_number) {
                object["interrupted_by"] = Interrupts::name(signal_number);
                object["requests_asked"] = *o.requests;
            }
            std::printf("%s\n", to_json_text(object, 2).c_str());
        } else {
            print_summary(rt.out, s);
        }
        std::fflush(rt.out);
        if (signal_number && !o.json)
            std::fprintf(
                stderr,
                "stormproof-cli: cancelled by %s after %s: %d of %d requests started, %d cancelled in "
                "flight\n",
                Interrupts::name(signal_number), seconds(s.wall_ms).c_str(), s.requests, *o.requests,
                s.cancelled);
        exit_code = signal_number ? interrupts.exit_status() : s.failed == 0 ? kExitOk : kExitFailed;
        if (!o.replies_file.empty()) {
            if (const Status written = write_replies(o.replies_file, runner.replies()); !written) {
                std::fprintf(stderr, "stormproof-cli: --replies: %s\n", written.error().to_string().c_str());
                exit_code = kExitUsage;
            }
        }
        std::fflush(stdout);
        QCoreApplication::quit();
    });
    runner.start();
    QCoreApplication::exec();
    return exit_code;
}

}  // namespace stormproof::cli
