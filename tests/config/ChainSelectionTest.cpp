// What the window's toolbar does to the policy in force, and how applied settings are saved: pure functions,
// no window.
#include "config/ChainSelection.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include "config/PolicyLoader.h"
#include "config/ProfileSettings.h"

namespace stormproof {
namespace {

Policy three_targets() {
    Policy p;
    TargetConfig openai{"openai", ProviderKind::OpenAI, "", "gpt-4o-mini", {}, false, ""};
    TargetConfig sim{"simulator", ProviderKind::Simulator, "", "sim-flaky", {}, false, ""};
    TargetConfig backup{"backup", ProviderKind::Simulator, "", "sim-healthy", {}, false, "healthy"};
    p.targets = {openai, sim, backup};
    return p;
}

struct NarrowCase {
    const char* what;
    ChainSelection selection;
    std::vector<std::string> names;
    std::string first_model;
    std::string simulator_scenario;  // of the first simulator target left
    std::string backup_scenario;     // the second simulator keeps its own
};

class NarrowPolicy : public ::testing::TestWithParam<NarrowCase> {};

TEST_P(NarrowPolicy, NarrowsTheConfiguredPolicy) {
    const NarrowCase& c = GetParam();
    const Policy p = narrow_policy(three_targets(), c.selection);
    std::vector<std::string> names;
    for (const auto& t : p.targets)
        names.push_back(t.name);
    EXPECT_EQ(names, c.names) << c.what;
    ASSERT_FALSE(p.targets.empty());
    EXPECT_EQ(p.targets.front().model, c.first_model) << c.what;
    for (const auto& t : p.targets) {
        if (t.name == "simulator") {
            EXPECT_EQ(t.scenario, c.simulator_scenario) << c.what;
        } else if (t.name == "backup") {
            EXPECT_EQ(t.scenario, c.backup_scenario) << c.what;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, NarrowPolicy,
    ::testing::Values(NarrowCase{"nothing picked: as configured",
                                 {},
                                 {"openai", "simulator", "backup"},
                                 "gpt-4o-mini",
                                 "",
                                 "healthy"},
                      NarrowCase{"the whole chain, a scenario and a model",
                                 {"", "chaos", "gpt-4o"},
                                 {"openai", "simulator", "backup"},
                                 "gpt-4o",
                                 "chaos",
                                 "healthy"},
                      NarrowCase{"one simulator target: the model picker does not rename it",
                                 {"simulator", "down", "gpt-4o"},
                                 {"simulator"},
                                 "sim-flaky",
                                 "down",
                                 ""},
                      NarrowCase{"the backup alone gets the picked scenario",
                                 {"backup", "flaky", ""},
                                 {"backup"},
                                 "sim-healthy",
                                 "",
                                 "flaky"}),
    [](const ::testing::TestParamInfo<NarrowCase>& param) { return "case" + std::to_string(param.index); });

TEST(ChainSelection, TheConfiguredScenarioAndTheFirstTarget) {
    Policy p = three_targets();
    EXPECT_EQ(configured_scenario(p), "flaky") << "from the sim-NAME model";
    p.targets[1].scenario = "overloaded";
    EXPECT_EQ(configured_scenario(p), "overloaded");
    p.targets[1].model = "custom";
    p.targets[1].scenario.clear();
    EXPECT_EQ(configured_scenario(p), "healthy");
    p.targets.erase(p.targets.begin() + 1, p.targets.end());
    EXPECT_EQ(configured_scenario(p), "") << "no simulator target";
    const Policy q = three_targets();
    ASSERT_NE(first_target(q, ""), nullptr);
    EXPECT_EQ(first_target(q, "")->name, "openai");
    EXPECT_EQ(first_target(q, "backup")->name, "backup");
    EXPECT_EQ(first_target(q, "gone"), nullptr);
}

TEST(ProfileSettings, SavesBothFilesAndNamesTheOneThatFailed) {
    QTemporaryDir dir;
    AppSettings app;
    app.font_scale_pct = 130;
    app.send_on_enter = false;
    ASSERT_TRUE(save_profile_settings(dir.path().toStdString(), three_targets(), app));
    QFile policy(QDir(dir.path()).filePath(QStringLiteral("policy.json")));
    ASSERT_TRUE(policy.open(QIODevice::ReadOnly));
    const auto loaded = PolicyLoader::from_text(policy.readAll().toStdString());
    ASSERT_TRUE(loaded.policy) << "written policy loads back";
    EXPECT_EQ(loaded.policy->targets.size(), 3U);
    QFile settings(QDir(dir.path()).filePath(QStringLiteral("settings.json")));
    ASSERT_TRUE(settings.open(QIODevice::ReadOnly));
    AppSettings back;
    EXPECT_TRUE(AppSettings::parse(settings.readAll().toStdString(), back).empty());
    EXPECT_EQ(back, app);

    const Status failed = save_profile_settings(dir.filePath(QStringLiteral("no/such/dir")).toStdString(),
                                                three_targets(), app);
    ASSERT_FALSE(failed);
    EXPECT_NE(failed.error().where.find("policy.json"), std::string::npos) << failed.error().to_string();
}

}  // namespace
}  // namespace stormproof
