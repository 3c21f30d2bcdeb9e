// stormproof-gateway: Stormproof as a local OpenAI- and Anthropic-compatible endpoint (core/gateway).
//
//   stormproof-gateway [--policy FILE] [--host 127.0.0.1] [--port 8787] [--token-env VAR] [--events FILE]
//
// The first stdout line is "listening on http://HOST:PORT". Without --policy the built-in default policy
// runs, whose one target is the embedded simulator (started here on 127.0.0.1, any free port). A non-loopback
// --host without --token-env exits 2. SIGINT/SIGTERM close the listener and exit 0.

#include <QCoreApplication>
#include <QHostAddress>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "cli/Interrupts.h"
#include "config/NetworkRules.h"
#include "config/PolicyLoader.h"
#include "gateway/GatewayServer.h"
#include "llm/ResilientClient.h"
#include "llm/SecretStore.h"
#include "metrics/MetricsRegistry.h"
#include "platform/QtTimeSystem.h"
#include "resilience/SeededRandom.h"
#include "shared/SharedStateLink.h"
#include "simulator/SimulatorServer.h"
#include "telemetry/EventBus.h"
#include "telemetry/JsonlEventLog.h"

using namespace stormproof;

namespace {
constexpr int kExitUsage = 2;
constexpr int kExitFailed = 1;

[[noreturn]] void usage(const std::string& message) {
    std::fprintf(stderr,
                 "stormproof-gateway: %s\nusage: stormproof-gateway [--policy FILE] [--host 127.0.0.1] "
                 "[--port 8787] [--token-env VAR] [--events FILE]\n",
                 message.c_str());
    std::exit(kExitUsage);
}
}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    std::string policy_file, token_env, events_file;
    GatewayOptions options;
    const QStringList args = QCoreApplication::arguments();
    for (int i = 1; i < args.size(); ++i) {
        const std::string a = args[i].toStdString();
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size())
                usage(a + " needs a value");
            return args[++i].toStdString();
        };
        if (a == "--policy")
            policy_file = value();
        else if (a == "--host")
            options.host = value();
        else if (a == "--port") {
            bool ok = false;
            options.port = QString::fromStdString(value()).toInt(&ok);
            if (!ok || options.port < 0 || options.port > 65535)
                usage("--port must be 0-65535");
        } else if (a == "--token-env")
            token_env = value();
        else if (a == "--events")
            events_file = value();
        else if (a == "--help" || a == "-h")
            usage("help");
        else
            usage("unknown option " + a);
    }
    if (!token_env.empty()) {
        const char* token = std::getenv(token_env.c_str());
        if (!token || !*token)
            usage("--token-env " + token_env + ": the variable is not set or empty");
        options.token = token;
    }
    if (options.token.empty() && !NetworkRules::is_loopback_host(options.host))
        usage("--host " + options.host +
              " is not a loopback address: add --token-env VAR (anyone who can reach it could spend your "
              "keys)");

    Policy policy = Policy::default_policy();
    if (!policy_file.empty()) {
        const auto loaded = PolicyLoader::from_file(policy_file);
        if (!loaded.ok()) {
            std::fprintf(stderr, "%s\n", join_errors(loaded.errors, policy_file).c_str());
            return kExitUsage;
        }
        policy = *loaded.policy;
    }

    QtTimeSystem time;
    SeededRandom random{SeededRandom::entropy_seed()};
    EventBus bus;
    EnvironmentSecretStore secrets;
    const ClientContext context{time, time, random, bus, secrets};
    ResilientClient client(context);
    client.set_policy(policy);
    // shared_state (docs/SHARED_STATE.md): trips and provider waits shared with the other processes through
    // Redis. Connects in the background: the gateway listens at once and every request decides locally.
    const EventBus::Subscription shared_log = bus.subscription([](const TelemetryEvent& e) {
        if (e.event == EventKind::SharedStateChanged)
            std::fprintf(stderr, "stormproof-gateway: shared state %s%s%s\n",
                         e.ok.value_or(false) ? "up" : "down", e.detail.empty() ? "" : ": ",
                         e.detail.c_str());
    });
    SharedStateLink shared(context, client);
    if (const Status applied = shared.apply_policy(policy); !applied) {
        std::fprintf(stderr, "stormproof-gateway: %s\n", applied.error().to_string().c_str());
        return kExitUsage;
    }

    // The embedded simulator, when a simulator target has no base URL (the default policy's does not).
    std::unique_ptr<SimulatorServer> simulator;
    bool needs_simulator = false;
    for (const TargetConfig& t : policy.targets)
        needs_simulator |= t.provider == ProviderKind::Simulator && t.base_url.empty();
    if (needs_simulator) {
        simulator = std::make_unique<SimulatorServer>(time, time, SeededRandom::entropy_seed());
        if (const Result<quint16> listening = simulator->start(QHostAddress::LocalHost, 0); !listening) {
            std::fprintf(stderr, "stormproof-gateway: cannot start the built-in simulator: %s\n",
                         listening.error().to_string().c_str());
            return kExitFailed;
        }
        const std::string url = simulator->base_url().toStdString();
        client.set_simulator_url([url] { return url; });
    }
    std::unique_ptr<JsonlEventLog> events;
    if (!events_file.empty()) {
        events = std::make_unique<JsonlEventLog>(bus, client.redactor());
        if (const Status opened = events->open(events_file); !opened) {
            std::fprintf(stderr, "stormproof-gateway: %s\n", opened.error().to_string().c_str());
            return kExitUsage;
        }
    }

    // GET /metrics (docs/METRICS.md): counted from the start, served under the API routes' token rules.
    MetricsRegistry metrics(bus);
    metrics.set_policy(policy);
    metrics.set_shared_state_configured(policy.resilience.shared_state.enabled());  // 0 until the link is up
    GatewayServer gateway(client, context, options);
    gateway.set_metrics([&metrics] { return metrics.exposition(); });
    if (const Status listening = gateway.listen(); !listening) {
        std::fprintf(stderr, "stormproof-gateway: %s\n", listening.error().to_string().c_str());
        return kExitFailed;
    }
    std::printf("listening on %s\n", gateway.url().c_str());
    std::fflush(stdout);

    cli::Interrupts interrupts([&](int) {
        gateway.close();
        QCoreApplication::exit(0);
    });
    return QCoreApplication::exec();
}
