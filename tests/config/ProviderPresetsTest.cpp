// Issue 21 item 1: the provider presets file and its loader (hostile input refused with a path, never a
// crash).
#include "config/ProviderPresets.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

namespace stormproof {
namespace {

TEST(ProviderPresets, TheShippedFileHasEveryProviderOfIssue21WithSources) {
    const auto presets = ProviderPresets::builtin();
    ASSERT_TRUE(presets) << presets.error().to_string();
    std::set<std::string> ids;
    for (const auto& p : presets.value()) {
        ids.insert(p.id);
        for (const auto fact : ProviderPresets::kSourcedFacts)
            EXPECT_EQ(p.sources.count(std::string(fact)), 1U) << p.id << " " << fact;
    }
    for (const char* id :
         {"openai", "anthropic", "gemini", "azure-openai", "openrouter", "groq", "deepseek", "mistral",
          "together", "fireworks", "xai", "ollama", "lm-studio", "vllm", "llama-cpp"}) {
        EXPECT_EQ(ids.count(id), 1U) << id;
    }
}

TEST(ProviderPresets, FactsThatMatter) {
    const auto presets = ProviderPresets::builtin();
    ASSERT_TRUE(presets);
    auto find = [&](const std::string& id) -> const ProviderPreset& {
        for (const auto& p : presets.value())
            if (p.id == id)
                return p;
        ADD_FAILURE() << "no preset " << id;
        static ProviderPreset none;
        return none;
    };
    EXPECT_EQ(find("gemini").base_url, "https://generativelanguage.googleapis.com/v1beta/openai");
    EXPECT_EQ(find("gemini").dialect, ProviderDialect::Gemini);
    EXPECT_EQ(find("azure-openai").auth, PresetAuth::ApiKey);
    EXPECT_TRUE(find("azure-openai").needs_editing());
    EXPECT_EQ(find("anthropic").provider, ProviderKind::Anthropic);
    EXPECT_EQ(find("anthropic").auth, PresetAuth::XApiKey);
    EXPECT_EQ(find("openrouter").dialect, ProviderDialect::OpenRouter);
    EXPECT_EQ(find("ollama").auth, PresetAuth::None);
    EXPECT_TRUE(find("ollama").key_variable.empty());
    EXPECT_EQ(find("deepseek").key_variable, "DEEPSEEK_API_KEY");
}

TEST(ProviderPresets, TheSourceFileIsTheEmbeddedOne) {
    std::ifstream in(std::string(STORMPROOF_SOURCE_DIR) + "/resources/provider-presets.json");
    std::stringstream text;
    text << in.rdbuf();
    const auto from_file = ProviderPresets::parse(text.str());
    ASSERT_TRUE(from_file) << from_file.error().to_string();
    EXPECT_EQ(from_file.value().size(), ProviderPresets::builtin().value().size());
}

struct BadCase {
    const char* name;
    std::string text;
    const char* where;  // the error's where
};

void PrintTo(const BadCase& c, std::ostream* os) {
    *os << c.name;
}

std::string one(const std::string& fields) {
    return R"({"presets": [{"id": "x", "name": "X", "provider": "openai", "base_url": "https://x.test/v1",
               "auth_header": "authorization_bearer", "key_variable": "X_KEY", "dialect": "openai",
               "sources": {"base_url": "https://d", "auth_header": "https://d", "key_variable": "https://d",
                           "dialect": "https://d"})" +
           fields + "}]}";
}

class ProviderPresetsRefuses : public ::testing::TestWithParam<BadCase> {};

TEST_P(ProviderPresetsRefuses, WithWhere) {
    const auto r = ProviderPresets::parse(GetParam().text);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().where, GetParam().where) << r.error().to_string();
}

INSTANTIATE_TEST_SUITE_P(
    Table, ProviderPresetsRefuses,
    ::testing::Values(
        BadCase{"not_json", "{", "provider presets"}, BadCase{"array", "[]", "provider presets"},
        BadCase{"no_presets", "{}", "presets"}, BadCase{"presets_not_array", R"({"presets": 1})", "presets"},
        BadCase{"newer_version", R"({"version": 2, "presets": []})", "version"},
        BadCase{"preset_not_object", R"({"presets": [5]})", "presets[0]"},
        BadCase{"missing_id", R"({"presets": [{}]})", "presets[0].id"},
        BadCase{"id_not_string", R"({"presets": [{"id": 5}]})", "presets[0].id"},
        BadCase{"bad_provider", one(R"(, "provider": "simulator")"), "presets[0].provider"},
        BadCase{"bad_auth", one(R"(, "auth_header": "basic")"), "presets[0].auth_header"},
        BadCase{"bad_dialect", one(R"(, "dialect": "klingon")"), "presets[0].dialect"},
        BadCase{"bad_url", one(R"(, "base_url": "ftp://x")"), "presets[0].base_url"},
        BadCase{"bad_key_variable", one(R"(, "key_variable": "rm -rf")"), "presets[0].key_variable"},
        BadCase{"key_with_no_auth", one(R"(, "auth_header": "none")"), "presets[0].key_variable"},
        BadCase{"no_sources", one(R"(, "sources": null)"), "presets[0].sources"},
        BadCase{"source_not_url", one(R"(, "sources": {"base_url": "javascript:x", "auth_header": "https://d",
                                                   "key_variable": "https://d", "dialect": "https://d"})"),
                "presets[0].sources.base_url"},
        BadCase{"huge_field", one(R"(, "notes": ")" + std::string(5000, 'n') + "\""), "presets[0].notes"},
        BadCase{"huge_file", std::string(ProviderPresets::kMaxFileBytes + 1, ' '), "provider presets"},
        BadCase{"duplicate_id",
                R"({"presets": [)" + one("").substr(13, one("").size() - 15) + "," +
                    one("").substr(13, one("").size() - 15) + "]}",
                "presets[1].id"}),
    [](const auto& row) { return std::string(row.param.name); });

TEST(ProviderPresets, DeepOrOddJsonNeverThrows) {
    for (const std::string& text :
         {std::string(100000, '['), std::string("{\"presets\": [") + std::string(50000, '['),
          std::string("\xff\xfe{}"), std::string("{\"presets\": [null, true, \"x\"]}")}) {
        const auto r = ProviderPresets::parse(text);
        EXPECT_FALSE(r);
    }
}

}  // namespace
}  // namespace stormproof
