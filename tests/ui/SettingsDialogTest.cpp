// The settings dialog offscreen: inline validation, the live preview, import/export, keys without a keyring,
// and a value applied that the next request really uses.
#include <gtest/gtest.h>

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>

#include "MainWindow.h"
#include "chat/ChatSession.h"
#include "config/PolicyLoader.h"
#include "llm/KeyringSecretStore.h"
#include "llm/ResilientClient.h"
#include "resilience/QtTimeSystem.h"
#include "resilience/SeededRandom.h"
#include "settings/FallbackPage.h"
#include "settings/PreviewPanel.h"
#include "settings/SettingsDialog.h"
#include "settings/TargetsPage.h"
#include "simulator/ScenarioLoader.h"
#include "simulator/SimulatorServer.h"
#include "storage/ConversationStore.h"

namespace stormproof {
namespace {

class NoKeyring final : public KeyringBackend {
public:
    int writes = 0;
    bool available(std::string& why_not) override {
        why_not = "no D-Bus session bus";
        return false;
    }
    std::optional<std::string> read(const std::string&, std::string&) override { return std::nullopt; }
    bool write(const std::string&, const std::string&, std::string&) override { return ++writes, false; }
    bool remove(const std::string&, std::string&) override { return false; }
};

Policy two_targets() {
    Policy p = Policy::default_policy();
    TargetConfig backup = p.targets.front();
    backup.name = "backup";
    backup.scenario = "healthy";
    p.targets.push_back(backup);
    return p;
}

QSpinBox* spin(SettingsDialog& d, const char* path) {
    return d.findChild<QSpinBox*>(QString::fromLatin1(path));
}

TEST(SettingsDialogTest, InvalidValuesAreFlaggedOnTheirFieldAndCannotBeApplied) {
    SettingsDialog dialog(Policy::default_policy(), AppSettings{}, {});
    bool applied = false;
    QObject::connect(&dialog, &SettingsDialog::applied, [&applied] { applied = true; });
    QSpinBox* base = spin(dialog, "retry.base_delay_ms");
    QSpinBox* cap = spin(dialog, "retry.max_delay_ms");
    ASSERT_TRUE(base && cap);
    base->setValue(5000);
    cap->setValue(1000);
    EXPECT_FALSE(dialog.can_apply());
    EXPECT_TRUE(dialog.errors_text().contains(
        QStringLiteral("retry.max_delay_ms: must be at least retry.base_delay_ms (5000), got 1000")))
        << dialog.errors_text().toStdString();
    EXPECT_FALSE(cap->styleSheet().isEmpty()) << "the field itself is marked";
    EXPECT_TRUE(cap->toolTip().contains(QStringLiteral("must be at least")));
    EXPECT_FALSE(dialog.apply());
    EXPECT_FALSE(applied);
    cap->setValue(8000);
    EXPECT_TRUE(dialog.can_apply());
    EXPECT_TRUE(cap->styleSheet().isEmpty());
    EXPECT_TRUE(dialog.apply());
    EXPECT_TRUE(applied);
}

TEST(SettingsDialogTest, ThePreviewMovesWithTheEditsAndIsTheSameForTheSameInputs) {
    AppSettings app;
    app.preview_scenario = "flaky";
    SettingsDialog dialog(Policy::default_policy(), app, {});
    dialog.flush_preview();
    const PreviewResult before = dialog.preview()->result();
    ASSERT_EQ(before.requests, PreviewOptions::kDefaultRequests);
    EXPECT_GT(before.mean_attempts, 1.0);
    spin(dialog, "retry.max_attempts")->setValue(1);
    dialog.flush_preview();
    const PreviewResult one = dialog.preview()->result();
    EXPECT_DOUBLE_EQ(one.mean_attempts, 1.0) << "no retries with one attempt";
    EXPECT_LT(one.success_probability(), before.success_probability() - 0.1);
    EXPECT_TRUE(one.wait_before_attempt.empty());
    spin(dialog, "retry.max_attempts")->setValue(5);
    dialog.flush_preview();
    EXPECT_EQ(dialog.preview()->result().succeeded, before.succeeded) << "deterministic per seed";
    EXPECT_TRUE(dialog.preview()->summary().contains(QStringLiteral("succeed")));
}

TEST(SettingsDialogTest, TheFallbackChainReordersAndImportRefusesABadFile) {
    SettingsDialog dialog(two_targets(), AppSettings{}, {});
    auto* fallback = static_cast<FallbackPage*>(dialog.page(QStringLiteral("Fallback chain")));
    ASSERT_TRUE(fallback);
    ASSERT_EQ(fallback->list()->count(), 2);
    fallback->move(1, 0);
    auto policy = dialog.validate();
    ASSERT_TRUE(policy);
    EXPECT_EQ(policy->targets.front().name, "backup");
    EXPECT_TRUE(fallback->list()->item(0)->text().startsWith(QStringLiteral("backup")));

    QTemporaryDir dir;
    const QString bad = dir.filePath(QStringLiteral("bad.json"));
    QFile f(bad);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(R"({"retry": {"max_attempts": 0}})");
    f.close();
    const QString problem = dialog.import_policy(bad);
    EXPECT_TRUE(problem.contains(QStringLiteral("retry.max_attempts: must be 1..20, got 0")))
        << problem.toStdString();
    EXPECT_EQ(dialog.validate()->targets.front().name, "backup") << "nothing changed";

    const QString good = dir.filePath(QStringLiteral("good.json"));
    ASSERT_EQ(dialog.export_as(QStringLiteral("policy"), good), QString());
    SettingsDialog again(Policy::default_policy(), AppSettings{}, {});
    ASSERT_EQ(again.import_policy(good), QString());
    EXPECT_EQ(again.validate()->targets.front().name, "backup") << "export then import round-trips";
}

TEST(SettingsDialogTest, PeerExportsSayWhatTheyCannotExpress) {
    SettingsDialog dialog(two_targets(), AppSettings{}, {});
    QTemporaryDir dir;
    QString notes;
    ASSERT_EQ(dialog.export_as(QStringLiteral("litellm"), dir.filePath(QStringLiteral("l.yaml")), &notes),
              QString());
    EXPECT_TRUE(notes.contains(QStringLiteral("half-open probes"))) << notes.toStdString();
    EXPECT_TRUE(notes.contains(QStringLiteral("retry budget")));
    QFile yaml(dir.filePath(QStringLiteral("l.yaml")));
    ASSERT_TRUE(yaml.open(QIODevice::ReadOnly));
    const QByteArray text = yaml.readAll();
    EXPECT_TRUE(text.contains("num_retries: 4"));
    EXPECT_TRUE(text.contains("fallbacks:"));
    ASSERT_EQ(dialog.export_as(QStringLiteral("portkey"), dir.filePath(QStringLiteral("p.json")), &notes),
              QString());
    QFile json(dir.filePath(QStringLiteral("p.json")));
    ASSERT_TRUE(json.open(QIODevice::ReadOnly));
    const auto doc = nlohmann::json::parse(json.readAll().toStdString());
    EXPECT_EQ(doc["strategy"]["mode"], "fallback");
    EXPECT_EQ(doc["targets"].size(), 2u);
    EXPECT_EQ(doc["targets"][0]["retry"]["attempts"], 4);
    EXPECT_TRUE(notes.contains(QStringLiteral("circuit breaker")));
}

TEST(SettingsDialogTest, WithoutAKeyringAKeyIsHeldForTheSessionAndNeverWritten) {
    QTemporaryDir profile;
    NoKeyring backend;
    KeyringSecretStore keyring(&backend);
    SettingsServices services;
    services.keyring = &keyring;
    services.profile_dir = profile.path();
    Policy policy = Policy::default_policy();
    SettingsDialog dialog(policy, AppSettings{}, services);
    auto* targets = static_cast<TargetsPage*>(dialog.page(QStringLiteral("Targets and keys")));
    ASSERT_TRUE(targets);
    EXPECT_TRUE(targets->keyring_status().contains(QStringLiteral("session only")));
    EXPECT_TRUE(targets->keyring_status().contains(QStringLiteral("no D-Bus session bus")));
    const int index = targets->add_target(QStringLiteral("openai"));
    targets->select(index);
    const QString canary = QStringLiteral("sk-canary-settings-0123456789");
    const QString said = targets->add_keyring_key(QStringLiteral("work"), canary);
    EXPECT_TRUE(said.contains(QStringLiteral("held for this session only"))) << said.toStdString();
    EXPECT_EQ(backend.writes, 0);
    EXPECT_EQ(keyring.lookup({KeyRef::Source::Keychain, "work"}), canary.toStdString());
    EXPECT_TRUE(targets->keys()->item(0)->text().contains(QStringLiteral("••••")));
    EXPECT_FALSE(targets->keys()->item(0)->text().contains(canary)) << "masked in the UI";
    auto applied = dialog.validate();
    ASSERT_TRUE(applied) << dialog.errors_text().toStdString();
    EXPECT_EQ(applied->targets.back().api_keys.front(), (KeyRef{KeyRef::Source::Keychain, "work"}));
    // Saved settings name the key, never hold it.
    ASSERT_EQ(dialog.export_as(QStringLiteral("policy"),
                               QDir(profile.path()).filePath(QStringLiteral("policy.json"))),
              QString());
    QDirIterator it(profile.path(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        ASSERT_TRUE(file.open(QIODevice::ReadOnly));
        EXPECT_FALSE(file.readAll().contains(canary.toUtf8())) << file.fileName().toStdString();
    }
}

// The whole loop a person makes: edit a value, apply, and the next request runs under it.
TEST(SettingsDialogTest, AnAppliedValueIsUsedByTheNextRequestAndSaved) {
    QTemporaryDir dir;
    QtTimeSystem time;
    SeededRandom random{5};
    EventBus bus;
    MemorySecretStore secrets;
    SimulatorServer simulator{time, time, 11};
    ASSERT_NE(simulator.start(QHostAddress::LocalHost, 0, nullptr), 0u);
    // A scenario of the profile's own (as Settings > Simulator saves them): every request gets a 503.
    ASSERT_TRUE(QDir().mkpath(dir.filePath(QStringLiteral("scenarios"))));
    QFile down(dir.filePath(QStringLiteral("scenarios/down.json")));
    ASSERT_TRUE(down.open(QIODevice::WriteOnly));
    down.write(R"({"name": "down", "faults": [{"kind": "unavailable", "probability": 1}]})");
    down.close();
    ResilientClient client{time, time, random, bus, secrets};
    const std::string url = simulator.base_url().toStdString();
    client.set_simulator_url([url] { return url; });
    ConversationStore store;
    ASSERT_EQ(store.open(dir.filePath(QStringLiteral("c.db"))), "");
    Policy policy = Policy::default_policy();
    policy.resilience.retry.backoff = {BackoffKind::Constant, JitterKind::None, 10, 10, 0};
    policy.resilience.budget.enabled = false;
    MainWindow window(client, ClientContext{time, time, random, bus, secrets}, store, policy);
    window.set_scenario_registrar(
        [&simulator](const std::string& name, const Scenario& s) { simulator.register_scenario(name, s); });
    window.set_profile(dir.path(), nullptr, AppSettings{});
    window.show();
    window.set_scenario(QStringLiteral("down"));
    ASSERT_EQ(window.scenario_picker().currentText(), QStringLiteral("down"))
        << "the profile's scenario is offered";

    SettingsDialog dialog(window.policy(), window.app_settings(), {});
    QObject::connect(&dialog, &SettingsDialog::applied, &window, &MainWindow::apply_settings);
    spin(dialog, "retry.max_attempts")->setValue(2);
    ASSERT_TRUE(dialog.apply());
    EXPECT_EQ(client.policy().resilience.retry.max_attempts, 2) << "in force without a restart";

    window.send(QStringLiteral("hello"));
    QElapsedTimer t;
    t.start();
    while (window.session().busy() && t.elapsed() < 10000)
        QApplication::processEvents(QEventLoop::AllEvents, 20);
    ASSERT_FALSE(window.session().busy());
    const auto& reply = window.session().messages().back();
    std::string trail;
    for (const auto& a : reply.attempts)
        trail += a.decision + "/" + a.error_class + " ";
    EXPECT_EQ(reply.attempts.size(), 2u)
        << "the new limit, not the default 5: " << trail << reply.error_message;

    const auto saved =
        PolicyLoader::from_file(QDir(dir.path()).filePath(QStringLiteral("policy.json")).toStdString());
    ASSERT_TRUE(saved.ok());
    EXPECT_EQ(saved.policy->resilience.retry.max_attempts, 2);
    EXPECT_TRUE(QFile::exists(QDir(dir.path()).filePath(QStringLiteral("settings.json"))));
    EXPECT_TRUE(QFile::exists(QDir(dir.path()).filePath(QStringLiteral("policy.json.last-good"))));
}

}  // namespace
}  // namespace stormproof
