// The settings dialog offscreen: inline validation, the live preview, import/export, keys without a keyring,
// and a value applied that the next request really uses.
#include <gtest/gtest.h>

#include <qt6keychain/keychain.h>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

#include "MainWindow.h"
#include "chat/ChatSession.h"
#include "config/PolicyLoader.h"
#include "llm/KeyringSecretStore.h"
#include "llm/QtKeychainBackend.h"
#include "llm/ResilientClient.h"
#include "settings/FallbackPage.h"
#include "settings/PreviewPanel.h"
#include "settings/SettingsDialog.h"
#include "settings/SettingsPage.h"
#include "settings/TargetsPage.h"
#include "simulator/ScenarioLoader.h"
#include "simulator/SimulatorServer.h"
#include "storage/ConversationStore.h"
#include "support/GuiHarness.h"

namespace stormproof {
namespace {

class NoKeyring final : public KeyringBackend {
public:
    int writes = 0;
    Status available() override { return make_error("no D-Bus session bus"); }
    void read(const std::string&, ReadDone done) override { done(make_error("no D-Bus session bus")); }
    Status write(const std::string&, const std::string&) override {
        ++writes;
        return make_error("no D-Bus session bus");
    }
    Status remove(const std::string&) override { return make_error("no D-Bus session bus"); }
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
    // In the form's words (issue 17): the page, the field's label and the other field's label, no JSON path.
    EXPECT_TRUE(dialog.errors_text().contains(
        QStringLiteral("Retry and backoff › Cap: must be at least Base delay (5000), got 1000")))
        << dialog.errors_text().toStdString();
    EXPECT_FALSE(dialog.errors_text().contains(QStringLiteral("retry.")))
        << dialog.errors_text().toStdString();
    EXPECT_FALSE(cap->styleSheet().isEmpty()) << "the field itself is marked";
    EXPECT_TRUE(cap->toolTip().contains(QStringLiteral("must be at least Base delay (5000)")))
        << cap->toolTip().toStdString();
    EXPECT_FALSE(dialog.apply());
    EXPECT_FALSE(applied);
    cap->setValue(8000);
    EXPECT_TRUE(dialog.can_apply());
    EXPECT_TRUE(cap->styleSheet().isEmpty());
    EXPECT_TRUE(dialog.apply());
    EXPECT_TRUE(applied);
}

// Enter-to-send is a person's choice (issue 17): a checkbox on the Appearance page, applied with the rest.
TEST(SettingsDialogTest, EnterToSendIsAChoiceOnTheAppearancePage) {
    SettingsDialog dialog(Policy::default_policy(), AppSettings{}, {});
    std::optional<AppSettings> applied;
    QObject::connect(&dialog, &SettingsDialog::applied,
                     [&applied](const Policy&, const AppSettings& app) { applied = app; });
    auto* box = dialog.findChild<QCheckBox*>(QStringLiteral("chat.send_on_enter"));
    ASSERT_NE(box, nullptr);
    EXPECT_TRUE(box->isChecked()) << "the default: Enter sends";
    box->setChecked(false);
    ASSERT_TRUE(dialog.apply());
    ASSERT_TRUE(applied.has_value());
    EXPECT_FALSE(applied->send_on_enter);
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
    test::GuiHarnessOptions options;
    options.use_profile = true;
    // A scenario of the profile's own (as Settings > Simulator saves them): every request gets a 503.
    options.prepare_profile = [](const QDir& profile) {
        ASSERT_TRUE(profile.mkpath(QStringLiteral("scenarios")));
        QFile down(profile.filePath(QStringLiteral("scenarios/down.json")));
        ASSERT_TRUE(down.open(QIODevice::WriteOnly));
        down.write(R"({"name": "down", "faults": [{"kind": "unavailable", "probability": 1}]})");
    };
    Policy policy = Policy::default_policy();
    policy.resilience.retry.backoff = {BackoffKind::Constant, JitterKind::None, 10, 10, 0};
    policy.resilience.budget.enabled = false;
    test::GuiHarness gui(policy, options);
    MainWindow& window = gui.window();
    ResilientClient& client = gui.client();
    const QDir dir(gui.app().profile_dir());
    window.set_scenario(QStringLiteral("down"));
    ASSERT_EQ(window.scenario_picker().currentText(), QStringLiteral("down"))
        << "the profile's scenario is offered";

    SettingsDialog dialog(window.policy(), window.app_settings(), {});
    QObject::connect(&dialog, &SettingsDialog::applied, &window, &MainWindow::apply_settings);
    spin(dialog, "retry.max_attempts")->setValue(2);
    ASSERT_TRUE(dialog.apply());
    EXPECT_EQ(client.policy().resilience.retry.max_attempts, 2) << "in force without a restart";

    gui.send_and_wait(QStringLiteral("hello"));
    ASSERT_FALSE(window.session().busy());
    const auto& reply = window.session().messages().back();
    std::string trail;
    for (const auto& a : reply.attempts)
        trail += std::string(a.decision ? to_string(*a.decision) : "pending") + "/" +
                 std::string(a.error_class ? to_string(*a.error_class) : "none") + " ";
    EXPECT_EQ(reply.attempts.size(), 2u)
        << "the new limit, not the default 5: " << trail << reply.error_message;

    const auto saved =
        PolicyLoader::from_file(QDir(dir.path()).filePath(QStringLiteral("policy.json")).toStdString());
    ASSERT_TRUE(saved.ok());
    EXPECT_EQ(saved.policy->resilience.retry.max_attempts, 2);
    EXPECT_TRUE(QFile::exists(QDir(dir.path()).filePath(QStringLiteral("settings.json"))));
    EXPECT_TRUE(QFile::exists(QDir(dir.path()).filePath(QStringLiteral("policy.json.last-good"))));
}

// Issue 17: settings never silently discard an edit. A number out of range is kept as typed, shown in red
// with the form's words, and blocks Apply; it is never clamped to the spin box's limits.
struct Typed {
    const char* name;
    const char* path;
    const char* keys;      // typed over the selected text
    const char* shown;     // what the field then shows
    const char* expected;  // a line of the dialog's error list
};

void PrintTo(const Typed& t, std::ostream* os) {
    *os << t.name;
}

class SettingsDialogTyping : public ::testing::TestWithParam<Typed> {};

TEST_P(SettingsDialogTyping, AnOutOfRangeNumberIsKeptShownAndRefused) {
    const Typed& t = GetParam();
    SettingsDialog dialog(Policy::default_policy(), AppSettings{}, {});
    dialog.show();
    bool applied = false;
    QObject::connect(&dialog, &SettingsDialog::applied, [&applied] { applied = true; });
    auto* field = dialog.findChild<QAbstractSpinBox*>(QString::fromLatin1(t.path));
    ASSERT_TRUE(field) << t.path;
    field->setFocus();
    field->selectAll();
    QTest::keyClicks(field, QString::fromUtf8(t.keys));
    if (QString::fromUtf8(t.keys).isEmpty())
        QTest::keyClick(field, Qt::Key_Backspace);
    EXPECT_EQ(field->text(), QString::fromUtf8(t.shown)) << "what was typed stays on screen";
    EXPECT_FALSE(dialog.can_apply());
    EXPECT_FALSE(dialog.apply());
    EXPECT_FALSE(applied);
    EXPECT_FALSE(field->styleSheet().isEmpty()) << "the field is marked red";
    auto* list = dialog.findChild<QLabel*>(QStringLiteral("settingsErrors"));
    ASSERT_TRUE(list);
    EXPECT_TRUE(list->isVisible());
    EXPECT_TRUE(list->text().split(QLatin1Char('\n')).contains(QString::fromUtf8(t.expected)))
        << list->text().toStdString();
    EXPECT_FALSE(list->text().contains(QString::fromLatin1(t.path))) << "no JSON path";
    // The arrows step back into the range, and then Apply is allowed again.
    field->stepBy(-1);
    field->stepBy(1);
    EXPECT_TRUE(dialog.can_apply()) << dialog.errors_text().toStdString();
}

INSTANTIATE_TEST_SUITE_P(
    Table, SettingsDialogTyping,
    ::testing::Values(
        Typed{"zero_attempts", "retry.max_attempts", "0", "0",
              "Retry and backoff › Attempts per target: must be 1..20, got 0"},
        Typed{"fifty_attempts", "retry.max_attempts", "50", "50",
              "Retry and backoff › Attempts per target: must be 1..20, got 50"},
        Typed{
            "emptied", "retry.max_attempts", "", "",
            "Retry and backoff › Attempts per target: must be a number (the field is empty or not a number)"},
        Typed{"six_hedges", "hedging.max_hedges", "6", "6 hedges", "Hedging › At most: must be 1..5, got 6"},
        Typed{"rate_above_100", "circuit_breaker.failure_rate_threshold_pct", "150", "150 %",
              "Circuit breaker › …or a failure rate of: must be 1..100, got 150.0"}),
    [](const ::testing::TestParamInfo<Typed>& typed) { return std::string(typed.param.name); });

TEST(SettingsDialogTest, TheDialogReopensOnThePageWhereItWasLeft) {
    AppSettings app;
    SettingsDialog first(Policy::default_policy(), app, {});
    EXPECT_EQ(first.current_page_id(), QStringLiteral("retry")) << "the first time: retry and backoff";
    first.show_page(QStringLiteral("Circuit breaker"));
    EXPECT_EQ(first.current_page_id(), QStringLiteral("breaker"));
    EXPECT_EQ(first.app_settings().settings_page, "breaker");
    // Kept in settings.json like the rest of the app's settings.
    AppSettings reread;
    app.settings_page = first.current_page_id().toStdString();
    ASSERT_TRUE(AppSettings::parse(app.to_text(), reread).empty());
    SettingsDialog again(Policy::default_policy(), reread, {});
    EXPECT_EQ(again.current_page_id(), QStringLiteral("breaker"));
    EXPECT_TRUE(again.page(QStringLiteral("Circuit breaker"))->isVisibleTo(&again));
    reread.settings_page = "no-such-page";
    SettingsDialog unknown(Policy::default_policy(), reread, {});
    EXPECT_EQ(unknown.current_page_id(), QStringLiteral("retry"));
}

TEST(SettingsDialogTest, ImportAndExportAreNotBetweenOkAndCancel) {
    SettingsDialog dialog(Policy::default_policy(), AppSettings{}, {});
    dialog.resize(1200, 700);
    dialog.show();
    QApplication::processEvents();
    auto* box = dialog.findChild<QDialogButtonBox*>(QStringLiteral("dialogButtons"));
    ASSERT_TRUE(box);
    const auto x = [&dialog](QWidget* w) { return w->mapTo(&dialog, QPoint(0, 0)).x(); };
    QWidget* ok = box->button(QDialogButtonBox::Ok);
    QWidget* cancel = box->button(QDialogButtonBox::Cancel);
    ASSERT_TRUE(ok && cancel && box->button(QDialogButtonBox::Apply));
    for (const char* name : {"importPolicy", "exportPolicy"}) {
        auto* button = dialog.findChild<QPushButton*>(QString::fromLatin1(name));
        ASSERT_TRUE(button) << name;
        EXPECT_TRUE(box->buttons().indexOf(button) < 0) << name << " is not one of the dialog's own buttons";
        EXPECT_LT(x(button), std::min(x(ok), x(cancel))) << name << " sits left of OK and Cancel";
    }
}

TEST(SettingsDialogTest, ThePreviewShowsTheSavedPolicyBeforeTheEditedOne) {
    AppSettings app;
    app.preview_scenario = "flaky";
    SettingsDialog dialog(Policy::default_policy(), app, {});
    dialog.flush_preview();
    const PreviewResult saved = dialog.preview()->saved_result();
    EXPECT_DOUBLE_EQ(dialog.preview()->result().mean_attempts, saved.mean_attempts) << "nothing edited yet";
    spin(dialog, "retry.max_attempts")->setValue(1);
    dialog.flush_preview();
    EXPECT_DOUBLE_EQ(dialog.preview()->saved_result().mean_attempts, saved.mean_attempts)
        << "before: in force";
    EXPECT_DOUBLE_EQ(dialog.preview()->result().mean_attempts, 1.0) << "after: as edited";
    const QString summary = dialog.preview()->summary();
    const auto pct = [](double p) { return QString::number(p * 100, 'f', 1) + QStringLiteral(" %"); };
    EXPECT_TRUE(summary.contains(pct(saved.success_probability()))) << summary.toStdString();
    EXPECT_TRUE(summary.contains(pct(dialog.preview()->result().success_probability())));
    EXPECT_TRUE(summary.contains(QStringLiteral("→")));
    // Once applied, the edited policy is the one in force.
    ASSERT_TRUE(dialog.apply());
    dialog.flush_preview();
    EXPECT_DOUBLE_EQ(dialog.preview()->saved_result().mean_attempts, 1.0);
}

TEST(SettingsDialogTest, EachPageChartsWhatItsKnobsChange) {
    AppSettings app;
    app.preview_scenario = "outage-and-recovery";
    SettingsDialog dialog(Policy::default_policy(), app, {});
    const std::pair<const char*, PreviewChart> pages[] = {
        {"Retry and backoff", PreviewChart::Waits},
        {"Circuit breaker", PreviewChart::Breaker},
        {"Retry budget", PreviewChart::BudgetDenials},
        {"Timeouts and deadline", PreviewChart::DeadlineCuts},
    };
    QStringList titles;
    for (const auto& [page, chart] : pages) {
        dialog.show_page(QString::fromLatin1(page));
        EXPECT_EQ(dialog.preview()->chart(), chart) << page;
        titles << dialog.preview()->chart_title();
    }
    titles.removeDuplicates();
    EXPECT_EQ(titles.size(), 4) << "four pages, four different charts";
    dialog.show_page(QStringLiteral("Circuit breaker"));
    dialog.flush_preview();
    const auto& timeline = dialog.preview()->result().primary_breaker;
    EXPECT_TRUE(std::any_of(timeline.begin(), timeline.end(), [](const auto& p) {
        return p.state == BreakerState::Open;
    })) << "the outage opens the breaker on the chart's data";
}

TEST(SettingsDialogTest, TheTargetsFormLeavesNoButtonOfAnEarlierTargetBehind) {
    SettingsDialog dialog(two_targets(), AppSettings{}, {});
    dialog.show();
    auto* targets = static_cast<TargetsPage*>(dialog.page(QStringLiteral("Targets and keys")));
    ASSERT_TRUE(targets);
    for (int i : {0, 1, 0, 1}) {
        targets->select(i);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
    int remove_buttons = 0;
    for (QPushButton* b : targets->findChildren<QPushButton*>()) {
        if (b->text() == QStringLiteral("Remove key"))
            ++remove_buttons;
    }
    EXPECT_EQ(remove_buttons, 1) << "one editor, one Remove key";
}

TEST(SettingsDialogTest, TheScenarioPickerDescribesEachScenarioAndIsOnlyForSimulatorTargets) {
    SettingsDialog dialog(two_targets(), AppSettings{}, {});
    auto* targets = static_cast<TargetsPage*>(dialog.page(QStringLiteral("Targets and keys")));
    targets->select(1);
    QComboBox* picker = targets->scenario_picker();
    ASSERT_TRUE(picker);
    EXPECT_TRUE(picker->isEnabled());
    const int flaky = picker->findData(QStringLiteral("flaky"));
    ASSERT_GE(flaky, 0);
    EXPECT_TRUE(picker->itemData(flaky, Qt::ToolTipRole).toString().contains(QStringLiteral("503")));
    auto* about = targets->findChild<QLabel*>(QStringLiteral("scenarioDescription"));
    ASSERT_TRUE(about);
    EXPECT_FALSE(about->text().isEmpty()) << "the chosen scenario (healthy) says what it does";
    const int index = targets->add_target(QStringLiteral("openai"));
    targets->select(index);
    picker = targets->scenario_picker();
    EXPECT_FALSE(picker->isEnabled());
    EXPECT_TRUE(picker->toolTip().contains(QStringLiteral("Only simulator targets play a scenario")))
        << picker->toolTip().toStdString();
}

// The keyring's failure in words a person can act on: never QtKeychain's bare "Unknown error".
TEST(SettingsDialogTest, AKeyringFailureSaysWhatFailed) {
    struct Case {
        int code;
        const char* detail;
        bool bus;
        const char* says;
    };
    for (const Case& c :
         {Case{QKeychain::NoBackendAvailable, "Unknown error", true, "No Secret Service is running"},
          Case{QKeychain::OtherError, "Unknown error", false, "No D-Bus session bus"},
          Case{QKeychain::OtherError, "Unknown error", true, "No Secret Service answered"},
          Case{QKeychain::AccessDeniedByUser, "", true, "permission"},
          Case{QKeychain::OtherError, "org.freedesktop.Secret.Error.IsLocked", true,
               "org.freedesktop.Secret.Error.IsLocked"}}) {
        const std::string said = QtKeychainBackend::describe_error(c.code, c.detail, c.bus);
        EXPECT_NE(said.find(c.says), std::string::npos) << said;
        EXPECT_EQ(said.find("Unknown error"), std::string::npos) << said;
    }
}

}  // namespace
}  // namespace stormproof
