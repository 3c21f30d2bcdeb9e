// Issue 21 item 1: adding a target from a provider preset fills provider, base URL, key header and key
// variable; the policy it makes is the one a person would have typed.
#include <gtest/gtest.h>

#include <QComboBox>
#include <QLabel>
#include <QListWidget>

#include "config/PolicyLoader.h"
#include "settings/SettingsDialog.h"
#include "settings/TargetsPage.h"

namespace stormproof {
namespace {

int preset_index(const TargetsPage& page, const std::string& id) {
    for (std::size_t i = 0; i < page.presets().size(); ++i) {
        if (page.presets()[i].id == id)
            return static_cast<int>(i) + 1;  // item 0 is "Add from preset…"
    }
    return -1;
}

TEST(TargetPresets, PickingAPresetAddsItsTarget) {
    SettingsDialog dialog(Policy::default_policy(), AppSettings{}, {});
    auto* targets = static_cast<TargetsPage*>(dialog.page(QStringLiteral("Targets and keys")));
    ASSERT_TRUE(targets);
    QComboBox* picker = targets->preset_picker();
    ASSERT_TRUE(picker && picker->isEnabled()) << picker->toolTip().toStdString();
    EXPECT_EQ(picker->count(), static_cast<int>(targets->presets().size()) + 1);

    const int gemini = preset_index(*targets, "gemini");
    ASSERT_GT(gemini, 0);
    emit picker->activated(gemini);
    EXPECT_EQ(picker->currentIndex(), 0) << "back to the prompt, ready for the next";
    // The preset's source and what is left to do are said beside the target.
    const QString said = targets->connection_result();
    EXPECT_TRUE(said.contains(QStringLiteral("https://ai.google.dev/gemini-api/docs/openai")))
        << said.toStdString();
    EXPECT_TRUE(said.contains(QStringLiteral("GEMINI_API_KEY"))) << said.toStdString();
    auto applied = dialog.validate();
    ASSERT_TRUE(applied) << dialog.errors_text().toStdString();
    const TargetConfig& t = applied->targets.back();
    EXPECT_EQ(t.name, "gemini");
    EXPECT_EQ(t.provider, ProviderKind::OpenAI);
    EXPECT_EQ(t.base_url, "https://generativelanguage.googleapis.com/v1beta/openai");
    EXPECT_EQ(t.auth_header, AuthHeader::Default);
    ASSERT_EQ(t.api_keys.size(), 1U);
    EXPECT_EQ(t.api_keys[0], (KeyRef{KeyRef::Source::Env, "GEMINI_API_KEY"}));
    EXPECT_EQ(targets->targets()->currentRow(), static_cast<int>(applied->targets.size()) - 1);

    // Azure: the api-key header, and a base URL the person must finish ({resource}), flagged until then.
    emit picker->activated(preset_index(*targets, "azure-openai"));
    EXPECT_FALSE(dialog.validate()) << "the {resource} placeholder is not a URL yet";
    // A second Gemini gets a numbered name, not a duplicate.
    emit picker->activated(gemini);
    const std::string all = dialog.errors_text().toStdString();
    EXPECT_EQ(all.find("duplicates"), std::string::npos) << all;
}

TEST(TargetPresets, ALocalServerNeedsNoKey) {
    SettingsDialog dialog(Policy::default_policy(), AppSettings{}, {});
    auto* targets = static_cast<TargetsPage*>(dialog.page(QStringLiteral("Targets and keys")));
    ASSERT_TRUE(targets);
    emit targets->preset_picker()->activated(preset_index(*targets, "ollama"));
    auto applied = dialog.validate();
    ASSERT_TRUE(applied) << dialog.errors_text().toStdString();
    EXPECT_EQ(applied->targets.back().base_url, "http://localhost:11434/v1");
    EXPECT_TRUE(applied->targets.back().api_keys.empty());
}

}  // namespace
}  // namespace stormproof
