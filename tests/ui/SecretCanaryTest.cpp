// A canary key, used for real against the simulator over loopback, must never surface: not in the JSONL event
// log, the dashboard's event export, a conversation export (even when the user pastes it into a message), the
// settings files, the simulator's request log, or anything logged through Qt's message handler.
#include <gtest/gtest.h>

#include <QApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <mutex>
#include <nlohmann/json.hpp>

#include "MainWindow.h"
#include "chat/ChatSession.h"
#include "dashboard/DashboardView.h"
#include "dashboard/EventLogPanel.h"
#include "llm/ResilientClient.h"
#include "simulator/ScenarioLoader.h"
#include "simulator/SimulatorServer.h"
#include "storage/ConversationExporter.h"
#include "storage/ConversationStore.h"
#include "support/GuiHarness.h"
#include "telemetry/JsonlEventLog.h"

namespace stormproof {
namespace {

const std::string kCanary = "sk-canary-7f3a9c2e1b4d6f8a0c2e4b6d8f0a1c3e";

std::mutex g_log_mutex;
std::string g_logged;  // everything qDebug/qWarning/qCritical printed during the test
void capture(QtMsgType, const QMessageLogContext&, const QString& message) {
    std::lock_guard lock(g_log_mutex);
    g_logged += message.toStdString() + "\n";
}

std::string slurp(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string();
}

TEST(SecretCanaryTest, TheKeyNeverAppearsInAnythingStormproofWritesOrSays) {
    const QtMessageHandler previous = qInstallMessageHandler(capture);
    test::GuiHarnessOptions options;
    options.app.random_seed = 13;
    options.app.simulator_seed = 17;
    options.use_profile = true;
    // The window's only target: the simulator over the OpenAI wire, with the canary as its key.
    test::GuiHarness gui(
        [](test::AppHarness& app) {
            Policy policy = Policy::default_policy();
            TargetConfig target;
            target.name = "canary-target";
            target.provider = ProviderKind::OpenAI;
            target.base_url = app.simulator().base_url().toStdString() + "/v1";
            target.model = "gpt-4o-mini";
            target.api_keys = {{KeyRef::Source::Env, "CANARY_KEY"}};
            policy.targets = {target};
            policy.resilience.retry.backoff = {BackoffKind::Constant, JitterKind::None, 5, 5, 0};
            policy.resilience.stream.after_first_token = AfterFirstToken::Restart;
            return policy;
        },
        options);
    const QDir dir(gui.app().profile_dir());
    EventBus& bus = gui.bus();
    ResilientClient& client = gui.client();
    SimulatorServer& simulator = gui.simulator();
    ConversationStore& store = gui.store();
    MainWindow& window = gui.window();
    gui.app().secrets().set({KeyRef::Source::Env, "CANARY_KEY"}, kCanary);
    // The first request is refused as unauthorized, then a stream is cut mid-way, then all is well: error
    // paths carry free text, which is where keys leak in other tools.
    test::set_scenario(simulator, R"({"name": "canary", "reply": {"first_token_ms": 0, "tokens_per_s": 0},
        "faults": [{"kind": "unauthorized", "probability": 1, "max_count": 1},
                   {"kind": "cut", "probability": 1, "max_count": 1, "after_tokens": 2}]})");
    JsonlEventLog log(bus, client.redactor());
    ASSERT_TRUE(log.open(dir.filePath(QStringLiteral("events.jsonl")).toStdString()));

    const auto run = [&gui](const QString& text) {
        gui.send_and_wait(text);
        return !gui.window().session().busy();
    };
    ASSERT_TRUE(run(QStringLiteral("First question")));
    ASSERT_TRUE(run(QStringLiteral("Here is my key, keep it safe: %1").arg(QString::fromStdString(kCanary))));
    ASSERT_EQ(window.session().messages().size(), 4u);
    EXPECT_EQ(window.session().messages().back().status, "complete");
    EXPECT_GT(simulator.log().total(), 2u) << "the key was really sent";

    // Every artifact a person or a script can get hold of.
    const QString events_export = dir.filePath(QStringLiteral("export.jsonl"));
    ASSERT_EQ(window.dashboard().export_events_jsonl(events_export), QString());
    const auto info = store.conversation(window.session().conversation_id());
    ASSERT_TRUE(info);
    const auto messages = store.messages(info->id);
    const std::vector<TelemetryEvent> events(window.event_log().events().begin(),
                                             window.event_log().events().end());
    ASSERT_EQ(window.apply_settings(window.policy(), window.app_settings()), QString());
    const std::map<std::string, std::string> artifacts = {
        {"JSONL event log", slurp(dir.filePath(QStringLiteral("events.jsonl")))},
        {"dashboard event export", slurp(events_export)},
        {"conversation Markdown", ConversationExporter::to_markdown(*info, messages, client.redactor())},
        {"conversation JSON", ConversationExporter::to_json(*info, messages, events, client.redactor())},
        {"policy.json", slurp(dir.filePath(QStringLiteral("policy.json")))},
        {"settings.json", slurp(dir.filePath(QStringLiteral("settings.json")))},
        {"simulator request log", simulator.log().to_json().dump()},
    };
    qInstallMessageHandler(previous);
    for (const auto& [what, text] : artifacts) {
        EXPECT_FALSE(text.empty()) << what << " was produced";
        EXPECT_EQ(text.find(kCanary), std::string::npos) << "the key leaked into the " << what;
        EXPECT_EQ(text.find(kCanary.substr(0, 24)), std::string::npos)
            << "a prefix of the key leaked into the " << what;
    }
    EXPECT_NE(artifacts.at("policy.json").find("CANARY_KEY"), std::string::npos)
        << "files name the key, never hold it";
    std::lock_guard lock(g_log_mutex);
    EXPECT_EQ(g_logged.find(kCanary), std::string::npos) << "Qt's message log: " << g_logged;
}

}  // namespace
}  // namespace stormproof
