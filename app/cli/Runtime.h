#pragma once
// What chat and load share: the policy the options describe, the client, the embedded simulator when the
// chain needs one (its seed reported), and the event log (a file, or stdout for --events -).

#include <cstdint>
#include <cstdio>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>

#include "Options.h"
#include "config/Policy.h"
#include "llm/ResilientClient.h"
#include "llm/SecretStore.h"
#include "platform/QtTimeSystem.h"
#include "resilience/SeededRandom.h"
#include "shared/SharedStateLink.h"
#include "simulator/Scenario.h"
#include "telemetry/EventBus.h"
#include "telemetry/JsonlEventLog.h"

namespace stormproof {
class SimulatorServer;
}

namespace stormproof::cli {

// The policy the options describe (exit 2 on a bad file or option); the --scenario one, when given, is
// loaded here once and handed back for the embedded simulator.
Policy build_policy(const Options& o, std::optional<Scenario>& scenario);

struct Runtime {
    QtTimeSystem time;
    SeededRandom random{SeededRandom::entropy_seed()};
    EventBus bus;
    EnvironmentSecretStore secrets;
    std::unique_ptr<SimulatorServer> simulator;
    std::optional<std::uint64_t> simulator_seed;  // set when the embedded simulator runs
    std::unique_ptr<ResilientClient> client;
    std::unique_ptr<JsonlEventLog> events;
    EventBus::Subscription stdout_events;
    // shared_state: trips and provider waits shared with other processes through Redis (never waited for).
    EventBus::Subscription shared_log;
    std::unique_ptr<SharedStateLink> shared;
    // Where the reply or summary goes: stdout, or stderr when stdout carries the event log (--events -).
    std::FILE* out = stdout;

    Runtime(const Options& o, const Policy& policy, const std::optional<Scenario>& scenario);
    ~Runtime();

    ClientContext context() { return ClientContext{time, time, random, bus, secrets}; }

    // Adds "simulator_seed" to a --json object when the embedded simulator ran.
    void annotate(nlohmann::json& object) const;
};

}  // namespace stormproof::cli
