#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "FaultDraw.h"
#include "RateLimiter.h"
#include "Scenario.h"
#include "resilience/Result.h"

namespace stormproof {

// One scenario as the simulator plays it: its definition and the state that belongs to it alone -- the clock
// its phases count from, its rate-limit buckets, its spent max_count faults. A scenario chosen per request
// (model sim-NAME) has all of it, exactly as the server's current one does.
class ScenarioState {
public:
    explicit ScenarioState(Scenario scenario);

    const Scenario& scenario() const { return scenario_; }
    // Starts the scenario afresh at now_ms: phases from the first, full buckets, no fault spent.
    void restart(std::int64_t now_ms);
    // Starts it on its first use only.
    void start_if_new(std::int64_t now_ms);
    bool started() const { return started_; }
    std::int64_t elapsed_ms(std::int64_t now_ms) const { return started_ ? now_ms - started_ms_ : 0; }
    const Phase& phase_at(std::int64_t now_ms, std::size_t* index = nullptr) const {
        return scenario_.phase_at(elapsed_ms(now_ms), index);
    }
    const ReplyShape& reply_at(std::int64_t now_ms) const { return scenario_.reply_at(elapsed_ms(now_ms)); }
    RateLimiter& limiter() { return limiter_; }
    FaultUses& fault_uses() { return fault_uses_; }

private:
    Scenario scenario_;
    RateLimiter limiter_;
    FaultUses fault_uses_;
    std::int64_t started_ms_ = 0;
    bool started_ = false;
};

// The scenarios a simulator knows, by NAME only: the built-ins (compiled in, loaded on first use) and those
// registered explicitly by its owner (the --scenario file of stormproof-sim and stormproof-cli, the GUI
// profile's scenarios). Nothing a client sends makes it read a file. Plus the current scenario, which answers
// every model that is not sim-NAME.
class ScenarioRegistry {
public:
    explicit ScenarioRegistry(std::int64_t now_ms);

    // Registers scenario under name (a registered name wins over a built-in of the same name). Re-registering
    // an equal scenario keeps its state (clock, buckets); a changed one starts afresh. Refused (where = the
    // name) when the name cannot be a model name.
    Status add(const std::string& name, Scenario scenario);
    // The scenario NAME, registered or built-in; nullptr for no such name or for anything that is not a name.
    ScenarioState* find(const std::string& name);
    // Every name find() answers, sorted.
    std::vector<std::string> names() const;
    std::string names_text() const;  // "chaos, flaky, ..."

    // The scenario a request for model runs: sim-NAME's (its clock starts on its first use), or the current
    // one for any other model ("sim", "gpt-4o-mini", ...). nullptr when model is sim-NAME and NAME is none.
    ScenarioState* for_model(const std::string& model, std::int64_t now_ms);

    ScenarioState& current() { return *current_; }
    const ScenarioState& current() const { return *current_; }
    // Makes scenario current (not addressable by name) and starts it at now_ms.
    void set_current(Scenario scenario, std::int64_t now_ms);
    // Makes the scenario NAME current and restarts it at now_ms, or says why not.
    Status select(const std::string& name, std::int64_t now_ms);

private:
    std::map<std::string, std::unique_ptr<ScenarioState>> registered_;
    std::map<std::string, std::unique_ptr<ScenarioState>> builtins_;  // loaded on first use
    std::vector<std::string> builtin_names_;
    std::unique_ptr<ScenarioState> unnamed_;  // the current scenario when set by value
    ScenarioState* current_ = nullptr;
};

}  // namespace stormproof
