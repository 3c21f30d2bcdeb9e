#include "support/AppHarness.h"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QEventLoop>
#include <QHostAddress>
#include <QTimer>
#include <iostream>

#include "simulator/ScenarioLoader.h"

namespace stormproof::test {

namespace {
// How often a wait that has not ended says so on stderr (a diagnostic, never a failure: ctest's TIMEOUT ends
// a real hang). Long enough that a healthy run never prints it.
constexpr int kStillWaitingNoticeMs = 10'000;
}  // namespace

void wait_until(const std::function<bool()>& done, const std::string& what) {
    QTimer notice;  // also wakes the loop now and then, in case done() turns true without an event
    int notices = 0;
    QObject::connect(&notice, &QTimer::timeout, [&] {
        ++notices;
        std::cerr << "[still waiting for " << what << " after " << notices * kStillWaitingNoticeMs / 1000
                  << " s]\n";
    });
    notice.start(kStillWaitingNoticeMs);
    QCoreApplication::processEvents();
    while (!done())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    // Let what was queued by the last step run (a second finished signal, a deferred deletion).
    QCoreApplication::processEvents();
}

void set_scenario(SimulatorServer& simulator, const std::string& json_text) {
    auto r = ScenarioLoader::from_text(json_text);
    ASSERT_TRUE(r.ok()) << join_errors(r.errors);
    simulator.set_scenario(*r.scenario);
}

void set_faults(SimulatorServer& simulator, const std::string& faults_json) {
    set_scenario(simulator,
                 R"({"name": "t", "reply": {"first_token_ms": 0, "tokens_per_s": 400}, "faults": [)" +
                     faults_json + "]}");
}

std::unique_ptr<SimulatorServer> start_simulator(Clock& clock, Scheduler& scheduler, std::uint64_t seed) {
    auto s = std::make_unique<SimulatorServer>(clock, scheduler, seed);
    const Result<quint16> listening = s->start(QHostAddress::LocalHost, 0);
    EXPECT_TRUE(listening) << listening.error().to_string();
    set_scenario(*s, R"({"name": "fast", "reply": {"first_token_ms": 0, "tokens_per_s": 0}})");
    return s;
}

ChatRequest user_request(const std::string& prompt, bool stream) {
    ChatRequest r;
    r.messages.push_back({"user", prompt});
    r.stream = stream;
    r.conversation = "test";
    return r;
}

AppHarness::AppHarness(Options options) : random_(options.random_seed) {
    if (options.time == Options::Time::Real) {
        clock_ = &real_time_;
        scheduler_ = &real_time_;
    } else {
        simulated_time_ = std::make_unique<SimulatedTime>();
        clock_ = simulated_time_.get();
        scheduler_ = simulated_time_.get();
    }
    EXPECT_TRUE(profile_.isValid()) << "no temporary profile directory";
    recorder_ = bus_.subscription([this](const TelemetryEvent& e) { events_.push_back(e); });
    if (options.start_simulator)
        simulator_ = start_simulator(real_time_, real_time_, options.simulator_seed);
    client_ = std::make_unique<ResilientClient>(context());
    if (simulator_) {
        // As gui_main does: targets of provider "simulator" reach this server.
        const std::string url = simulator_->base_url().toStdString();
        client_->set_simulator_url([url] { return url; });
    }
}

AppHarness::~AppHarness() {
    client_.reset();  // before the simulator and the time system its calls use
    QCoreApplication::processEvents();
}

SimulatedTime& AppHarness::simulated_time() {
    EXPECT_TRUE(simulated_time_) << "this harness's client runs on real time";
    return *simulated_time_;
}

SimulatorServer& AppHarness::simulator() {
    EXPECT_TRUE(simulator_) << "this harness started no simulator";
    return *simulator_;
}

CallOutcome AppHarness::run(ChatRequest request, const std::function<void(ChatCall&)>& on_start) {
    CallOutcome out;
    std::unique_ptr<ChatCall> call(client_->chat(std::move(request)));
    QObject::connect(call.get(), &ChatCall::delta,
                     [&](const QString& t) { out.streamed += t.toStdString(); });
    QObject::connect(call.get(), &ChatCall::text_reset, [&] {
        ++out.resets;
        out.streamed.clear();
    });
    QObject::connect(call.get(), &ChatCall::waiting, [&](const WaitInfo& w) { out.waits.push_back(w); });
    QObject::connect(call.get(), &ChatCall::attempt_finished,
                     [&](const AttemptRecord&) { out.streamed_at_attempt_end.push_back(out.streamed); });
    QObject::connect(call.get(), &ChatCall::finished, [&](const ChatResult& r) {
        ++out.finished_signals;
        out.result = r;
    });
    call->start();
    if (on_start)
        on_start(*call);
    wait_until([&] { return out.finished_signals > 0; }, "a request to finish");
    EXPECT_TRUE(call->is_finished());
    return out;
}

}  // namespace stormproof::test
