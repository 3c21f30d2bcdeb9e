#pragma once

// The one test harness for "the app without its widgets": what app/gui_main.cpp wires (a clock and scheduler,
// a seeded random source, the event bus, a secret store, the built-in simulator on 127.0.0.1:0 and a
// ResilientClient pointed at it), in a temporary profile directory. ui tests put a MainWindow on top of it
// (tests/ui/GuiHarness.h); client tests run requests through it.
//
// Waiting is event-driven and has no time limit: wait_until() processes events until a condition holds, so a
// slow machine never fails a test; a real hang is ended by ctest's per-test TIMEOUT (set on the executables
// that use this), after a diagnostic line on stderr every kStillWaitingNoticeMs.

#include <QTemporaryDir>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "llm/ChatCall.h"
#include "llm/ClientContext.h"
#include "llm/ResilientClient.h"
#include "llm/SecretStore.h"
#include "platform/QtTimeSystem.h"
#include "resilience/SeededRandom.h"
#include "resilience/SimulatedTime.h"
#include "simulator/SimulatorServer.h"
#include "telemetry/EventBus.h"

namespace stormproof::test {

// Processes Qt events (blocking until the next one arrives) until done() returns true. No upper bound: see
// above. `what` names the condition in the "still waiting" notice.
void wait_until(const std::function<bool()>& done, const std::string& what = "a condition");

// Loads a scenario from JSON text into a simulator; a test failure (naming the loader's errors) when the text
// is not a valid scenario.
void set_scenario(SimulatorServer& simulator, const std::string& json_text);

// A scenario whose replies stream at once (first token at 0 ms, 400 tokens/s) with the given faults, written
// as the JSON array's members: R"({"kind": "unavailable", "max_count": 1})".
void set_faults(SimulatorServer& simulator, const std::string& faults_json);

// A simulator listening on 127.0.0.1 at a port the system picks, with a scenario that answers at once.
std::unique_ptr<SimulatorServer> start_simulator(Clock& clock, Scheduler& scheduler, std::uint64_t seed);

// A user message, streamed or not, in conversation "test".
ChatRequest user_request(const std::string& prompt = "Tell me about retries.", bool stream = true);

// What one request did, seen from its ChatCall's signals.
struct CallOutcome {
    ChatResult result;
    int finished_signals = 0;                          // exactly one, always
    int resets = 0;                                    // text_reset signals (a restarted stream)
    std::string streamed;                              // the deltas as shown, minus what a reset took back
    std::vector<std::string> streamed_at_attempt_end;  // `streamed` as each attempt finished, in order
    std::vector<WaitInfo> waits;
};

struct AppHarnessOptions {
    enum class Time { Real, Simulated };
    // The client's time. Real: QtTimeSystem. Simulated: SimulatedTime, which moves only when the test calls
    // simulated_time().advance_ms(): the client's waits and timeouts then fire exactly when the test says,
    // while sockets (and the simulator, always on real time) still run on Qt's event loop.
    Time time = Time::Real;
    std::uint64_t random_seed = 5;
    std::uint64_t simulator_seed = 11;
    bool start_simulator = true;
};

class AppHarness {
public:
    using Options = AppHarnessOptions;

    explicit AppHarness(Options options = {});
    ~AppHarness();
    AppHarness(const AppHarness&) = delete;
    AppHarness& operator=(const AppHarness&) = delete;

    // The client's clock and scheduler (real or simulated, per the options).
    Clock& clock() { return *clock_; }
    Scheduler& scheduler() { return *scheduler_; }
    SimulatedTime& simulated_time();                  // a test failure when the client runs on real time
    QtTimeSystem& real_time() { return real_time_; }  // the simulator's; the client's too unless simulated
    SeededRandom& random() { return random_; }
    EventBus& bus() { return bus_; }
    MemorySecretStore& secrets() { return secrets_; }
    SimulatorServer& simulator();  // a test failure when none was started
    ResilientClient& client() { return *client_; }
    // What the app hands the client and whatever works beside it (the load runner, the main window).
    ClientContext context() { return {*clock_, *scheduler_, random_, bus_, secrets_}; }
    // The client's owner: a test may reset it (the GUI quitting with requests in flight).
    std::unique_ptr<ResilientClient>& client_owner() { return client_; }
    // Every event published since the harness was built, in order.
    const std::vector<TelemetryEvent>& events() const { return events_; }
    void clear_events() { events_.clear(); }

    // The temporary profile directory (removed with the harness) and a path inside it.
    QString profile_dir() const { return profile_.path(); }
    QString profile_path(const QString& name) const { return profile_.filePath(name); }

    // The simulator's scenario, from JSON text.
    void scenario(const std::string& json_text) { set_scenario(simulator(), json_text); }

    // Runs one request through the client to its end, by events (real time: on simulated time nothing would
    // move; drive those with wait_until and simulated_time().advance_ms()). on_start runs right after
    // start().
    CallOutcome run(ChatRequest request, const std::function<void(ChatCall&)>& on_start = {});

private:
    QtTimeSystem real_time_;
    std::unique_ptr<SimulatedTime> simulated_time_;
    Clock* clock_ = nullptr;
    Scheduler* scheduler_ = nullptr;
    SeededRandom random_;
    EventBus bus_;
    MemorySecretStore secrets_;
    QTemporaryDir profile_;
    std::unique_ptr<SimulatorServer> simulator_;
    std::unique_ptr<ResilientClient> client_;
    std::vector<TelemetryEvent> events_;
    EventBus::Subscription recorder_;
};

}  // namespace stormproof::test
