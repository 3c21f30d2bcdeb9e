// stormproof-sim [--host 127.0.0.1] [--port 0] [--scenario NAME|FILE] [--seed N]
#include <QCommandLineParser>
#include <QCoreApplication>
#include <cstdio>

#include "platform/QtTimeSystem.h"
#include "resilience/SeededRandom.h"
#include "simulator/ScenarioLoader.h"
#include "simulator/SimulatorServer.h"

using namespace stormproof;

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("stormproof-sim"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Stormproof's LLM simulator: OpenAI and Anthropic wire formats with scripted faults, on loopback."));
    parser.addHelpOption();
    const QCommandLineOption host({QStringLiteral("host")},
                                  QStringLiteral("Address to bind (default 127.0.0.1)."),
                                  QStringLiteral("ADDR"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port({QStringLiteral("port")}, QStringLiteral("Port (0: any free one)."),
                                  QStringLiteral("PORT"), QStringLiteral("0"));
    const QCommandLineOption scenario({QStringLiteral("scenario")},
                                      QStringLiteral("Built-in scenario name or a scenario JSON file."),
                                      QStringLiteral("NAME|FILE"), QStringLiteral("healthy"));
    const QCommandLineOption seed({QStringLiteral("seed")},
                                  QStringLiteral("Seed for replies and fault draws."), QStringLiteral("N"));
    parser.addOptions({host, port, scenario, seed});
    parser.process(app);

    const QHostAddress address(parser.value(host));
    if (address.isNull()) {
        std::fprintf(stderr, "stormproof-sim: --host: not an IP address: %s\n",
                     qPrintable(parser.value(host)));
        return 2;
    }
    bool ok = false;
    const uint port_value = parser.value(port).toUInt(&ok);
    if (!ok || port_value > 65535) {
        std::fprintf(stderr, "stormproof-sim: --port must be 0..65535\n");
        return 2;
    }
    std::uint64_t seed_value = SeededRandom::entropy_seed();
    if (parser.isSet(seed)) {
        seed_value = parser.value(seed).toULongLong(&ok);
        if (!ok) {
            std::fprintf(stderr, "stormproof-sim: --seed must be a non-negative integer\n");
            return 2;
        }
    }
    const auto loaded = ScenarioLoader::load(parser.value(scenario).toStdString());
    if (!loaded.ok()) {
        std::fprintf(stderr, "stormproof-sim: --scenario %s:\n%s\n", qPrintable(parser.value(scenario)),
                     join_errors(loaded.errors).c_str());
        return 2;
    }
    if (!address.isLoopback()) {
        std::fprintf(stderr, "stormproof-sim: warning: serving on %s, not only on this machine\n",
                     qPrintable(address.toString()));
    }

    QtTimeSystem time;
    SimulatorServer server(time, time, seed_value);
    const std::string chosen = parser.value(scenario).toStdString();
    Status selected;
    if (ScenarioLoader::builtin(chosen).ok()) {
        selected = server.select_scenario(chosen);
    } else if (const Status added = server.register_scenario(loaded.scenario->name, *loaded.scenario);
               added) {
        // A file's scenario answers to sim-NAME (its "name") and is listed in /v1/models, like a built-in.
        selected = server.select_scenario(loaded.scenario->name);
    } else {
        std::fprintf(stderr,
                     "stormproof-sim: warning: --scenario %s: its name cannot be a model name (%s); it runs "
                     "for every model except sim-NAME\n",
                     qPrintable(parser.value(scenario)), added.error().message.c_str());
        server.set_scenario(*loaded.scenario);
    }
    if (!selected) {
        std::fprintf(stderr, "stormproof-sim: --scenario: %s\n", selected.error().to_string().c_str());
        return 1;
    }
    if (const Result<quint16> listening = server.start(address, static_cast<quint16>(port_value));
        !listening) {
        std::fprintf(stderr, "stormproof-sim: cannot listen on %s\n", listening.error().to_string().c_str());
        return 1;
    }
    std::printf("listening on %s\n", qPrintable(server.base_url()));
    std::printf("scenario %s, seed %llu\n", loaded.scenario->name.c_str(),
                static_cast<unsigned long long>(seed_value));
    std::fflush(stdout);
    return QCoreApplication::exec();
}
