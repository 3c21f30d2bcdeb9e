#include "Runtime.h"

#include <QHostAddress>
#include <nlohmann/json.hpp>

#include "config/NetworkRules.h"
#include "config/PolicyLoader.h"
#include "simulator/ScenarioLoader.h"
#include "simulator/SimulatorServer.h"

namespace stormproof::cli {

namespace {
bool needs_embedded_simulator(const Policy& policy) {
    for (const auto& t : policy.targets)
        if (t.provider == ProviderKind::Simulator && t.base_url.empty())
            return true;
    return false;
}
}  // namespace

Policy build_policy(const Options& o, std::optional<Scenario>& scenario) {
    const std::string& c = o.command;
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
            usage_error(c, "--provider must be openai, anthropic or simulator, got \"" + o.provider + "\"");
        t.provider = *kind;
        t.name = o.provider;
        t.base_url = o.base_url;
        // A simulator at --base-url runs its own current scenario for model "sim" (not sim-healthy).
        t.model =
            o.model.empty() && t.provider == ProviderKind::Simulator && !t.base_url.empty() ? "sim" : o.model;
        t.allow_insecure_http = o.allow_insecure_http;
        if (t.model.empty() && t.provider != ProviderKind::Simulator)
            usage_error(c, "--model is required for --provider " + o.provider);
        if (!o.api_key_env.empty())
            t.api_keys.push_back({KeyRef::Source::Env, o.api_key_env});
        if (!t.base_url.empty()) {
            const std::string problem = NetworkRules::base_url_problem(t.base_url, t.allow_insecure_http);
            if (!problem.empty())
                usage_error(c, "--base-url " + problem);
        }
        policy.targets = {t};
    } else if (!o.base_url.empty() || !o.model.empty() || !o.api_key_env.empty()) {
        usage_error(c, "--base-url, --model and --api-key-env describe a target: add --provider");
    }
    if (!o.scenario.empty()) {
        bool any = false;
        for (const TargetConfig& t : policy.targets)
            any |= t.provider == ProviderKind::Simulator;
        if (!any)
            usage_error(c, "--scenario applies to simulator targets, and the chain has none");
        auto loaded = ScenarioLoader::load(o.scenario);
        if (!loaded.ok())
            usage_error(c, "--scenario " + o.scenario + ": " + join_errors(loaded.errors));
        scenario = std::move(loaded.scenario);
        for (TargetConfig& t : policy.targets) {
            // A file's scenario is registered in the embedded simulator under its own name (Runtime), so the
            // model is sim-NAME either way.
            if (t.provider == ProviderKind::Simulator)
                t.scenario = scenario->name;
        }
    }
    if (o.seed && !needs_embedded_simulator(policy))
        usage_error(c,
                    "--seed sets the embedded simulator's seed, and this chain starts none (it runs for "
                    "simulator targets without a base URL)");
    return policy;
}

Runtime::Runtime(const Options& o, const Policy& policy, const std::optional<Scenario>& scenario) {
    if (o.events_to_stdout())
        out = stderr;
    client = std::make_unique<ResilientClient>(time, time, random, bus, secrets);
    client->set_policy(policy);
    if (needs_embedded_simulator(policy)) {
        simulator_seed = o.seed.value_or(SeededRandom::entropy_seed());
        simulator = std::make_unique<SimulatorServer>(time, time, *simulator_seed);
        if (const Result<quint16> listening = simulator->start(QHostAddress::LocalHost, 0); !listening) {
            std::fprintf(stderr, "stormproof-cli: cannot start the built-in simulator: %s\n",
                         listening.error().to_string().c_str());
            std::exit(kExitFailed);
        }
        if (scenario) {
            if (const Status added = simulator->register_scenario(scenario->name, *scenario); !added) {
                std::fprintf(stderr, "stormproof-cli: --scenario: %s\n", added.error().to_string().c_str());
                std::exit(kExitUsage);
            }
        }
        const std::string url = simulator->base_url().toStdString();
        client->set_simulator_url([url] { return url; });
        if (!o.json)
            std::fprintf(
                stderr,
                "stormproof-cli: built-in simulator at %s, seed %llu (--seed %llu repeats its draws)\n",
                url.c_str(), static_cast<unsigned long long>(*simulator_seed),
                static_cast<unsigned long long>(*simulator_seed));
    }
    if (o.events_to_stdout()) {
        const Redactor& redactor = client->redactor();
        stdout_events = bus.subscription([&redactor](const TelemetryEvent& event) {
            const std::string line = JsonlEventLog::line_for(event, redactor);
            std::fwrite(line.data(), 1, line.size(), stdout);
            std::fflush(stdout);
        });
    } else if (!o.events_file.empty()) {
        events = std::make_unique<JsonlEventLog>(bus, client->redactor());
        if (const Status opened = events->open(o.events_file); !opened) {
            std::fprintf(stderr, "stormproof-cli: %s\n", opened.error().to_string().c_str());
            std::exit(kExitUsage);
        }
    }
    if (policy.resilience.shared_state.enabled()) {
        shared_log = bus.subscription([](const TelemetryEvent& e) {
            if (e.event == EventKind::SharedStateChanged)
                std::fprintf(stderr, "stormproof-cli: shared state %s%s%s\n",
                             e.ok.value_or(false) ? "up" : "down", e.detail.empty() ? "" : ": ",
                             e.detail.c_str());
        });
    }
    shared = std::make_unique<SharedStateLink>(context(), *client);
    if (const Status applied = shared->apply_policy(policy); !applied) {
        std::fprintf(stderr, "stormproof-cli: %s\n", applied.error().to_string().c_str());
        std::exit(kExitUsage);
    }
}

Runtime::~Runtime() = default;

void Runtime::annotate(nlohmann::json& object) const {
    if (simulator_seed)
        object["simulator_seed"] = *simulator_seed;
}

}  // namespace stormproof::cli
