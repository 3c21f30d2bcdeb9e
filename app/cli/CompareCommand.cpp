#include "CompareCommand.h"

#include <QCoreApplication>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>

#include "Interrupts.h"
#include "Messages.h"
#include "Runtime.h"
#include "config/PolicyLoader.h"
#include "llm/CompareRun.h"
#include "llm/Comparison.h"
#include "resilience/Text.h"
#include "telemetry/CostEstimate.h"
#include "telemetry/PriceTable.h"

namespace stormproof::cli {

namespace {

bool has_target(const Policy& policy, const std::string& name) {
    for (const TargetConfig& t : policy.targets)
        if (t.name == name)
            return true;
    return false;
}

nlohmann::json figures_json(const ReplyFigures& f) {
    using nlohmann::json;
    return {{"attempts", f.attempts},
            {"hedges", f.hedges},
            {"retries", f.retries},
            {"waits", f.waits},
            {"waited_ms", f.waited_ms},
            {"fallback", f.fallback},
            {"ttft_ms", f.ttft_ms ? json(*f.ttft_ms) : json()},
            {"total_ms", f.total_ms ? json(*f.total_ms) : json()},
            {"input_tokens", f.input_tokens},
            {"output_tokens", f.output_tokens},
            {"cost_usd", f.cost_usd ? json(*f.cost_usd) : json()}};
}

nlohmann::json labels_json(const std::vector<int>& columns, const std::vector<CompareReply>& replies) {
    nlohmann::json out = nlohmann::json::array();
    for (const int i : columns)
        out.push_back(replies[static_cast<std::size_t>(i)].label);
    return out;
}

}  // namespace

int run_compare(const Options& o) {
    std::optional<Scenario> scenario;
    const Policy policy = build_policy(o, scenario);
    std::optional<Policy> versus;
    if (!o.versus_policy_file.empty()) {
        const auto loaded = PolicyLoader::from_file(o.versus_policy_file);
        if (!loaded.ok()) {
            std::fprintf(stderr, "%s\n", join_errors(loaded.errors, o.versus_policy_file).c_str());
            return kExitUsage;
        }
        versus = *loaded.policy;
    }
    std::vector<std::string> targets = o.targets;
    if (targets.empty()) {
        for (const TargetConfig& t : policy.targets)
            targets.push_back(t.name);
    }
    for (const std::string& t : targets) {
        if (!has_target(policy, t))
            usage_error(o.command, "--targets: the chain has no target named \"" + t + "\"");
        if (versus && !has_target(*versus, t))
            usage_error(o.command,
                        "--targets: " + o.versus_policy_file + " has no target named \"" + t + "\"");
    }
    const std::size_t columns_n = targets.size() * (versus ? 2 : 1);
    if (columns_n < static_cast<std::size_t>(kMinCompareColumns) ||
        columns_n > static_cast<std::size_t>(kMaxCompareColumns)) {
        usage_error(o.command, "a compare has 2 to 4 columns, and this one would have " +
                                   std::to_string(columns_n) + " (choose them with --targets A,B,...)");
    }
    const std::string prompt = read_prompt(o);

    Runtime rt(o, policy, scenario);
    std::unique_ptr<ResilientClient> versus_client;
    std::vector<CompareColumn> columns;
    for (const std::string& t : targets)
        columns.push_back({t, rt.client.get(), t});
    if (versus) {
        versus_client = std::make_unique<ResilientClient>(rt.context());
        versus_client->set_simulator_url(rt.client->simulator_url());
        versus_client->set_policy(*versus);
        for (const std::string& t : targets)
            columns.push_back({t + " · policy B", versus_client.get(), t});
    }
    ChatRequest request;
    request.system = o.system;
    request.messages.push_back({"user", prompt});
    request.stream = o.stream;
    request.max_tokens = o.max_tokens;
    request.temperature = o.temperature;
    request.conversation = "cli-compare";
    auto run = std::make_unique<CompareRun>(columns, request);

    Interrupts interrupts([&run](int) { run->cancel(); });
    int exit_code = kExitOk;
    QObject::connect(run.get(), &CompareRun::finished, [&] {
        const PriceTable prices = PriceTable::builtin();
        std::vector<CompareReply> replies;
        bool all_ok = true, cancelled = false;
        for (int c = 0; c < run->columns(); ++c) {
            const ChatResult& r = *run->result(c);
            CompareReply reply;
            reply.label = run->column(c).label;
            reply.ok = r.ok;
            reply.stopped = !r.ok && r.error && r.error->error_class == ErrorClass::Cancelled;
            reply.attempts = r.attempts;
            reply.ttft_ms = r.ttft_ms;
            reply.total_ms = r.total_ms;
            reply.usage = r.usage;
            if (r.served_by && prices.entry_of(r.served_by->model))
                reply.cost_usd =
                    prices.cost_usd(r.served_by->model, r.usage.input_tokens, r.usage.output_tokens);
            replies.push_back(std::move(reply));
            all_ok &= r.ok;
            cancelled |= replies.back().stopped;
        }
        const CompareVerdict verdict = compare_verdict(replies);
        const std::string line = verdict_line(verdict, replies);
        if (o.json) {
            using nlohmann::json;
            json cols = json::array();
            for (int c = 0; c < run->columns(); ++c) {
                cols.push_back(
                    {{"label", run->column(c).label},
                     {"target", run->column(c).target},
                     {"policy", versus && c >= static_cast<int>(targets.size()) ? "versus" : "main"},
                     {"figures", figures_json(reply_figures(replies[static_cast<std::size_t>(c)]))},
                     {"result", run->result(c)->to_json()}});
            }
            const auto label_or_null = [&replies](const std::optional<int>& i) {
                return i ? json(replies[static_cast<std::size_t>(*i)].label) : json();
            };
            json object = {{"prompt", prompt},
                           {"columns", cols},
                           {"verdict",
                            {{"fastest", label_or_null(verdict.fastest)},
                             {"first_token", label_or_null(verdict.first_token)},
                             {"margin_ms", verdict.margin_ms ? json(*verdict.margin_ms) : json()},
                             {"needed_retries", labels_json(verdict.needed_retries, replies)},
                             {"clean", labels_json(verdict.clean, replies)},
                             {"failed", labels_json(verdict.failed, replies)},
                             {"stopped", labels_json(verdict.stopped, replies)},
                             {"line", line}}}};
            rt.annotate(object);
            std::printf("%s\n", to_json_text(object, 2).c_str());
        } else {
            std::FILE* out = rt.out;
            const Redactor& redactor = rt.client->redactor();
            for (int c = 0; c < run->columns(); ++c) {
                const ChatResult& r = *run->result(c);
                std::fprintf(out, "== %s ==\n", run->column(c).label.c_str());
                if (!r.reasoning.empty())
                    std::fprintf(out, "[reasoning: %zu bytes, not shown]\n", r.reasoning.size());
                if (!r.text.empty())
                    std::fprintf(out, "%s\n", r.text.c_str());
                if (!r.ok && r.error)
                    std::fprintf(out, "[%s]\n", failure_line(r, redactor).c_str());
                const ReplyFigures f = reply_figures(replies[static_cast<std::size_t>(c)]);
                std::fprintf(
                    out, "-- %d attempt%s, %d wait%s (%s), TTFT %s, total %s, in %d / out %d tokens%s\n\n",
                    f.attempts, f.attempts == 1 ? "" : "s", f.waits, f.waits == 1 ? "" : "s",
                    format_seconds(f.waited_ms).c_str(), f.ttft_ms ? format_seconds(*f.ttft_ms).c_str() : "-",
                    f.total_ms ? format_seconds(*f.total_ms).c_str() : "-", f.input_tokens, f.output_tokens,
                    f.cost_usd ? (", ~" + format_usd(*f.cost_usd)).c_str() : "");
            }
            std::fprintf(out, "verdict: %s\n", line.c_str());
            std::fflush(out);
        }
        std::fflush(stdout);
        exit_code = all_ok                               ? kExitOk
                    : cancelled && interrupts.received() ? interrupts.exit_status()
                                                         : kExitFailed;
        QCoreApplication::quit();
    });
    run->start();
    QCoreApplication::exec();
    run.reset();  // before the clients it uses
    return exit_code;
}

}  // namespace stormproof::cli
