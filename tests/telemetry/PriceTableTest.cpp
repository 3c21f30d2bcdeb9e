// The price table behind the dashboard's cost estimate: matching rules, validation messages, atomic save.
#include "telemetry/PriceTable.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

namespace stormproof {
namespace {

std::string errors_of(std::string_view text) {
    std::vector<ConfigError> errors;
    EXPECT_FALSE(PriceTable::parse(text, errors).has_value()) << text;
    return join_errors(errors);
}

TEST(PriceTableTest, TheBuiltInTableParsesAndPricesTheCommonModels) {
    const PriceTable table = PriceTable::builtin();
    ASSERT_FALSE(table.entries().empty()) << "resources/prices.json must be valid";
    ASSERT_TRUE(table.price_of("gpt-4o-mini"));
    EXPECT_DOUBLE_EQ(table.price_of("gpt-4o-mini")->input_usd_per_mtok, 0.15);
    EXPECT_TRUE(table.price_of("claude-3-5-haiku-latest"));
    EXPECT_TRUE(table.price_of("sim-flaky")) << "demos on the simulator show a cost too";
    EXPECT_FALSE(table.price_of("some-local-model"));
}

TEST(PriceTableTest, ExactBeatsPrefixAndTheLongestPrefixWinsWhateverTheOrder) {
    std::vector<ConfigError> errors;
    const auto table = PriceTable::parse(R"({"models": [
        {"match": "gpt-4o*", "input_per_mtok": 2.5, "output_per_mtok": 10},
        {"match": "gpt-4o-mini*", "input_per_mtok": 0.15, "output_per_mtok": 0.6},
        {"match": "gpt-4o-mini-special", "input_per_mtok": 1, "output_per_mtok": 1}]})",
                                         errors);
    ASSERT_TRUE(table) << join_errors(errors);
    EXPECT_DOUBLE_EQ(table->price_of("gpt-4o-2024-08-06")->input_usd_per_mtok, 2.5);
    EXPECT_DOUBLE_EQ(table->price_of("gpt-4o-mini-2024-07-18")->input_usd_per_mtok, 0.15);
    EXPECT_DOUBLE_EQ(table->price_of("gpt-4o-mini-special")->input_usd_per_mtok, 1);
    // 1M input at 0.15 + 2M output at 0.6 = 1.35 USD.
    EXPECT_NEAR(table->cost_usd("gpt-4o-mini", 1'000'000, 2'000'000), 1.35, 1e-9);
    EXPECT_EQ(table->cost_usd("unknown", 1'000'000, 1'000'000), 0) << "unpriced models read $0";
}

TEST(PriceTableTest, BadFilesAreRefusedWithThePathOfEachProblem) {
    EXPECT_NE(errors_of(R"({"models": [{"match": "m", "input_per_mtok": -1, "output_per_mtok": 1}]})")
                  .find("models[0].input_per_mtok: must be"),
              std::string::npos);
    EXPECT_NE(
        errors_of(R"({"models": [{"input_per_mtok": 1, "output_per_mtok": 1}]})").find("models[0].match"),
        std::string::npos);
    EXPECT_NE(errors_of(R"({"models": [{"match": "*", "input_per_mtok": 1, "output_per_mtok": 1}]})")
                  .find("models[0].match"),
              std::string::npos)
        << "a bare * would price every unknown model silently";
    EXPECT_NE(errors_of(R"({"models": [{"match": "m", "input_per_mtok": 1}]})")
                  .find("models[0].output_per_mtok: is required"),
              std::string::npos);
    EXPECT_NE(errors_of(R"({"models": [{"match": "m", "input_per_mtok": 1, "output_per_mtok": 1},
                                       {"match": "m", "input_per_mtok": 2, "output_per_mtok": 2}]})")
                  .find("models[1].match: \"m\" is listed twice"),
              std::string::npos);
    EXPECT_NE(errors_of(R"({"version": 9, "models": []})").find("newer"), std::string::npos);
    EXPECT_NE(errors_of(R"({"currency": "EUR", "models": []})").find("only USD"), std::string::npos);
    EXPECT_NE(errors_of(R"({"models": {}})").find("models: must be a list"), std::string::npos);
    EXPECT_NE(errors_of("{\"models\": [\n  {\"match\": }").find("line 2"), std::string::npos);
}

TEST(PriceTableTest, SaveAndLoadRoundTripAndASaveNeverLeavesHalfAFile) {
    QTemporaryDir dir;
    const std::string path = QDir(dir.path()).filePath(QStringLiteral("prices.json")).toStdString();
    PriceTable table = PriceTable::builtin();
    auto entries = table.entries();
    entries.push_back({"my-model", {1.25, 5.5}, "our contract"});
    table.set_entries(entries);
    const Status saved = table.save(path);
    ASSERT_TRUE(saved) << saved.error().to_string();
    std::vector<ConfigError> errors;
    const auto back = PriceTable::load_file(path, errors);
    ASSERT_TRUE(back) << join_errors(errors);
    ASSERT_EQ(back->entries().size(), entries.size());
    EXPECT_DOUBLE_EQ(back->price_of("my-model")->output_usd_per_mtok, 5.5);
    EXPECT_EQ(back->entries().back().note, "our contract");
    // A directory where the file should be: the save fails, names the path, and writes nothing else.
    const std::string blocked = QDir(dir.path()).filePath(QStringLiteral("blocked")).toStdString();
    ASSERT_TRUE(QDir().mkpath(QString::fromStdString(blocked)));
    const Status refused = table.save(blocked);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().where, blocked);
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("prices.json")});
}

}  // namespace
}  // namespace stormproof
