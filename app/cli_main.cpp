// stormproof-cli chat | load | validate   (contracts.md "stormproof-cli")
#include <unistd.h>

#include <QCoreApplication>
#include <QHostAddress>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/NetworkRules.h"
#include "config/PolicyLoader.h"
#include "config/ProfileFile.h"
#include "llm/LoadRunner.h"
#include "llm/ResilientClient.h"
#include "resilience/QtTimeSystem.h"
#include "resilience/SeededRandom.h"
#include "resilience/Text.h"
#include "simulator/ScenarioLoader.h"
#include "simulator/SimulatorServer.h"
#include "telemetry/JsonlEventLog.h"

using namespace stormproof;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;  // the request failed after the policy ran its course
constexpr int kExitUsage = 2;   // usage or configuration error

const char* kUsage =
    "usage:\n"
    "  stormproof-cli chat  [TARGET OPTIONS] [--system TEXT] [--stream] [--json] [--events FILE] [--prompt "
    "TEXT]\n"
    "  stormproof-cli load  [TARGET OPTIONS] --requests N --concurrency C [--rate R] [--stream] [--json] "
    "[--events FILE] [--replies FILE]\n"
    "  stormproof-cli validate FILE\n"
    "\n"
    "TARGET OPTIONS:\n"
    "  --policy FILE           targets and resilience from a policy file\n"
    "  --provider openai|anthropic|simulator --base-url URL --model NAME --api-key-env VAR\n"
    "                          a single target (with --policy it replaces the policy's targets)\n"
    "  --scenario NAME         simulator targets: which scenario (built-in name or a JSON file)\n"
    "  --allow-insecure-http   allow plain http:// to a non-loopback --base-url\n"
    "  --seed N                seed of the embedded simulator (default: random)\n"
    "\n"
    "chat reads the prompt from --prompt or, without it, from standard input.\n"
    "load --rate R starts R requests a second (open loop, at most C at once); --replies FILE writes one "
    "JSON\n"
    "line per request (index, start time, ok, text, error class) for harnesses that check the texts.\n"
    "exit status: 0 success, 1 the request failed after the policy ran its course, 2 usage or configuration "
    "error\n";

struct Options {
    std::string command;
    std::string policy_file, provider, base_url, model, api_key_env, scenario, system, prompt, events_file,
        replies_file;
    bool has_prompt = false, stream = false, json = false, allow_insecure_http = false;
    std::optional<int> requests, concurrency;
    double rate_per_s = 0;
    std::optional<std::uint64_t> seed;
    std::vector<std::string> positional;
};

[[noreturn]] void usage_error(const std::string& message) {
    std::fprintf(stderr, "stormproof-cli: %s\n\n%s", message.c_str(), kUsage);
    std::exit(kExitUsage);
}

int parse_int(const std::string& flag, const std::string& value, int lo, int hi) {
    try {
        std::size_t used = 0;
        const long v = std::stol(value, &used);
        if (used == value.size() && v >= lo && v <= hi)
            return static_cast<int>(v);
    } catch (...) {
    }
    usage_error(flag + " must be an integer " + std::to_string(lo) + ".." + std::to_string(hi) + ", got \"" +
                value + "\"");
}

Options parse(int argc, char** argv) {
    Options o;
    if (argc < 2)
        usage_error("missing command");
    o.command = argv[1];
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                usage_error(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--policy")
            o.policy_file = value();
        else if (arg == "--provider")
            o.provider = value();
        else if (arg == "--base-url")
            o.base_url = value();
        else if (arg == "--model")
            o.model = value();
        else if (arg == "--api-key-env")
            o.api_key_env = value();
        else if (arg == "--scenario")
            o.scenario = value();
        else if (arg == "--system")
            o.system = text_from_bytes(value());  // argv is bytes too
        else if (arg == "--prompt") {
            o.prompt = text_from_bytes(value());
            o.has_prompt = true;
        } else if (arg == "--events")
            o.events_file = value();
        else if (arg == "--replies")
            o.replies_file = value();
        else if (arg == "--rate")
            o.rate_per_s = parse_int(arg, value(), 1, 100000);
        else if (arg == "--stream")
            o.stream = true;
        else if (arg == "--json")
            o.json = true;
        else if (arg == "--allow-insecure-http")
            o.allow_insecure_http = true;
        else if (arg == "--requests")
            o.requests = parse_int(arg, value(), 1, 10000000);
        else if (arg == "--concurrency")
            o.concurrency = parse_int(arg, value(), 1, 4096);
        else if (arg == "--seed")
            o.seed = static_cast<std::uint64_t>(parse_int(arg, value(), 0, 2147483647));
        else if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            std::exit(kExitOk);
        } else if (arg.rfind("--", 0) == 0)
            usage_error("unknown option " + arg);
        else
            o.positional.push_back(arg);
    }
    return o;
}

// The policy the options describe; the --scenario one, when given, is loaded here once and handed back for
// the embedded simulator.
Policy build_policy(const Options& o, std::optional<Scenario>& scenario) {
    Policy policy = Policy::default_policy();
    if (!o.policy_file.empty()) {
        const auto loaded = PolicyLoader::from_file(o.policy_file);
        if (!loaded.ok()) {
            std::fprintf(stderr, "%s\n", join_errors(loaded.errors, o.policy_file).c_str());
            std::exit(kExitUsage);
        }
        policy = *loaded.policy;
    }
    if (!o.provider.empty()) {
        TargetConfig t;
        const auto kind = provider_kind_from_string(o.provider);
        if (!kind)
            usage_error("--provider must be openai, anthropic or simulator, got \"" + o.provider + "\"");
        t.provider = *kind;
        t.name = o.provider;
        t.base_url = o.base_url;
        // A simulator at --base-url runs its own current scenario for model "sim" (not sim-healthy).
        t.model = o.model.empty() && t.provider == ProviderKind::Simulator && !t.base_url.empty() ? "sim" : o.model;
        t.allow_insecure_http = o.allow_insecure_http;
        if (t.model.empty() && t.provider != ProviderKind::Simulator)
            usage_error("--model is required for --provider " + o.provider);
        if (!o.api_key_env.empty())
            t.api_keys.push_back({KeyRef::Source::Env, o.api_key_env});
        if (!t.base_url.empty()) {
            const std::string problem = NetworkRules::base_url_problem(t.base_url, t.allow_insecure_http);
            if (!problem.empty())
                usage_error("--base-url " + problem);
        }
        policy.targets = {t};
    } else if (!o.base_url.empty() || !o.model.empty() || !o.api_key_env.empty()) {
        usage_error("--base-url, --model and --api-key-env describe a target: add --provider");
    }
    if (!o.scenario.empty()) {
        auto loaded = ScenarioLoader::load(o.scenario);
        if (!loaded.ok())
            usage_error("--scenario " + o.scenario + ": " + join_errors(loaded.errors));
        scenario = std::move(loaded.scenario);
        bool any = false;
        for (TargetConfig& t : policy.targets) {
            if (t.provider == ProviderKind::Simulator) {
                // A file's scenario is registered in the embedded simulator under its own name (Runtime), so
                // the model is sim-NAME either way.
                t.scenario = scenario->name;
                any = true;
            }
        }
        if (!any)
            usage_error("--scenario applies to simulator targets, and the chain has none");
    }
    return policy;
}

std::string seconds(std::int64_t ms) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f s", static_cast<double>(ms) / 1000.0);
    return buffer;
}

int validate(const Options& o) {
    if (o.positional.size() != 1)
        usage_error("validate takes exactly one FILE");
    const std::string& path = o.positional.front();
    const PolicyLoadResult result = PolicyLoader::from_file(path);
    if (!result.ok()) {
        std::fprintf(stderr, "%s\n", join_errors(result.errors, path).c_str());
        return kExitUsage;
    }
    std::printf("%s: ok (%zu target%s)\n", path.c_str(), result.policy->targets.size(),
                result.policy->targets.size() == 1 ? "" : "s");
    return kExitOk;
}

// Wires the client, the embedded simulator when the chain needs it, and the event log.
struct Runtime {
    QtTimeSystem time;
    SeededRandom random{SeededRandom::entropy_seed()};
    EventBus bus;
    EnvironmentSecretStore secrets;
    std::unique_ptr<SimulatorServer> simulator;
    std::unique_ptr<ResilientClient> client;
    std::unique_ptr<JsonlEventLog> events;

    Runtime(const Options& o, const Policy& policy, const std::optional<Scenario>& scenario) {
        client = std::make_unique<ResilientClient>(time, time, random, bus, secrets);
        client->set_policy(policy);
        bool needs_simulator = false;
        for (const auto& t : policy.targets)
            needs_simulator |= t.provider == ProviderKind::Simulator && t.base_url.empty();
        if (needs_simulator) {
            simulator =
                std::make_unique<SimulatorServer>(time, time, o.seed.value_or(SeededRandom::entropy_seed()));
            QString error;
            if (simulator->start(QHostAddress::LocalHost, 0, &error) == 0) {
                std::fprintf(stderr, "stormproof-cli: cannot start the built-in simulator: %s\n",
                             qPrintable(error));
                std::exit(kExitFailed);
            }
            if (scenario)
                simulator->register_scenario(scenario->name, *scenario);
            const std::string url = simulator->base_url().toStdString();
            client->set_simulator_url([url] { return url; });
        }
        if (!o.events_file.empty()) {
            events = std::make_unique<JsonlEventLog>(bus, client->redactor());
            const std::string error = events->open(o.events_file);
            if (!error.empty()) {
                std::fprintf(stderr, "stormproof-cli: %s\n", error.c_str());
                std::exit(kExitUsage);
            }
        }
    }
};

int chat(const Options& o) {
    std::optional<Scenario> scenario;
    const Policy policy = build_policy(o, scenario);
    std::string prompt = o.prompt;
    if (!o.has_prompt)
        prompt = text_from_bytes(
            std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()));
    while (!prompt.empty() && (prompt.back() == '\n' || prompt.back() == '\r'))
        prompt.pop_back();
    if (prompt.empty())
        usage_error("the prompt is empty (give --prompt TEXT or text on standard input)");

    Runtime rt(o, policy, scenario);
    ChatRequest request;
    request.system = o.system;
    request.messages.push_back({"user", prompt});
    request.stream = o.stream;
    request.conversation = "cli";
    ChatCall* call = rt.client->chat(request);
    const bool live = o.stream && !o.json;
    const bool tty = isatty(STDERR_FILENO) != 0;
    if (live) {
        QObject::connect(call, &ChatCall::delta, [](const QString& text) {
            std::fputs(text.toUtf8().constData(), stdout);
            std::fflush(stdout);
        });
        QObject::connect(call, &ChatCall::text_reset, [] { std::fputs("\n[stream restarted]\n", stderr); });
    }
    if (!o.json && tty) {
        QObject::connect(call, &ChatCall::waiting, [](const WaitInfo& w) {
            std::fprintf(stderr, "retrying in %s — %s%s, %s — attempt %d of %d\n",
                         seconds(w.delay_ms).c_str(),
                         w.status ? (std::to_string(*w.status) + " ").c_str() : "", w.error_class.c_str(),
                         w.delay_source.c_str(), w.next_attempt_on_target, w.max_attempts);
        });
    }
    int exit_code = kExitOk;
    QObject::connect(call, &ChatCall::finished, [&](const ChatResult& result) {
        if (o.json) {
            std::printf("%s\n", to_json_text(result.to_json(), 2).c_str());
        } else {
            if (!live && !result.text.empty())
                std::fputs(result.text.c_str(), stdout);
            if (!result.text.empty())
                std::fputs("\n", stdout);
            if (!result.ok && result.error) {
                std::fprintf(
                    stderr, "stormproof-cli: %s%s: %s%s — %s\n", result.error->error_class.c_str(),
                    result.error->status ? (" (" + std::to_string(*result.error->status) + ")").c_str() : "",
                    rt.client->redactor().redact(result.error->message).c_str(),
                    result.partial ? " (the partial reply is above)" : "", result.error->hint.c_str());
            }
        }
        exit_code = result.ok ? kExitOk : kExitFailed;
        QCoreApplication::quit();
    });
    call->start();
    QCoreApplication::exec();
    return exit_code;
}

int load(const Options& o) {
    if (!o.requests || !o.concurrency)
        usage_error("load needs --requests N and --concurrency C");
    std::optional<Scenario> scenario;
    const Policy policy = build_policy(o, scenario);
    Runtime rt(o, policy, scenario);
    LoadRunner runner(*rt.client, *o.requests, *o.concurrency, o.stream);
    runner.set_rate(o.rate_per_s);
    runner.keep_replies(!o.replies_file.empty());
    const bool tty = isatty(STDERR_FILENO) != 0;
    if (tty) {
        QObject::connect(&runner, &LoadRunner::progress, [](int done, int total) {
            if (done == total || done % 25 == 0)
                std::fprintf(stderr, "\r%d/%d requests done", done, total);
        });
    }
    int exit_code = kExitOk;
    QObject::connect(&runner, &LoadRunner::finished, [&](const LoadSummary& s) {
        if (tty)
            std::fputs("\n", stderr);
        if (o.json) {
            std::printf("%s\n", to_json_text(s.to_json(), 2).c_str());
        } else {
            std::printf("requests %d: %d succeeded, %d failed\n", s.requests, s.succeeded, s.failed);
            std::printf(
                "attempts %d (retries %d, fallbacks %d, hedges %d); budget denied %d; short-circuited %d\n",
                s.attempts, s.retries, s.fallbacks, s.hedges, s.budget_denied, s.short_circuited);
            std::printf(
                "latency p50 %lld ms, p95 %lld ms, p99 %lld ms; wall %lld ms, cpu %lld ms; peak in flight "
                "%d\n",
                static_cast<long long>(s.p50_ms), static_cast<long long>(s.p95_ms),
                static_cast<long long>(s.p99_ms), static_cast<long long>(s.wall_ms),
                static_cast<long long>(s.cpu_ms), s.peak_in_flight);
            for (const auto& [error_class, count] : s.errors)
                std::printf("  %s: %d\n", error_class.c_str(), count);
        }
        exit_code = s.failed == 0 ? kExitOk : kExitFailed;
        if (!o.replies_file.empty()) {
            std::string lines;
            for (const LoadReply& r : runner.replies()) {
                nlohmann::json line = {{"index", r.index},
                                       {"started_unix_ms", r.started_unix_ms},
                                       {"ok", r.result.ok},
                                       {"partial", r.result.partial},
                                       {"text", r.result.text},
                                       {"total_ms", r.result.total_ms},
                                       {"attempts", r.result.attempts.size()},
                                       {"fallback_used", r.result.fallback_used},
                                       {"served_by", r.result.served_by ? r.result.served_by->target : ""},
                                       {"error_class", r.result.error ? r.result.error->error_class : ""}};
                lines += to_json_text(line) + "\n";
            }
            const std::string error = ProfileFile::write_atomically(o.replies_file, lines);
            if (!error.empty()) {
                std::fprintf(stderr, "stormproof-cli: --replies: %s\n", error.c_str());
                exit_code = kExitUsage;
            }
        }
        QCoreApplication::quit();
    });
    runner.start();
    QCoreApplication::exec();
    return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("stormproof-cli"));
    const Options o = parse(argc, argv);
    if (o.command == "validate")
        return validate(o);
    if (o.command == "chat")
        return chat(o);
    if (o.command == "load")
        return load(o);
    if (o.command == "--help" || o.command == "-h" || o.command == "help") {
        std::fputs(kUsage, stdout);
        return kExitOk;
    }
    usage_error("unknown command \"" + o.command + "\"");
}
