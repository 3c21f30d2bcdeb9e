// Settings files a person may break by hand: clear errors, the last good copy kept, atomic writes.
#include "config/ProfileFile.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include "config/AppSettings.h"
#include "config/PolicyLoader.h"
#include "config/PolicyWriter.h"

namespace stormproof {
namespace {

std::string slurp(const std::string& path) {
    QFile f(QString::fromStdString(path));
    return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string("<missing>");
}

std::vector<ConfigError> validate_policy(std::string_view text) {
    return PolicyLoader::from_text(text).errors;
}

TEST(ProfileFileTest, AGoodFileIsRememberedAndAHandBrokenOneNamesFileLineAndProblem) {
    QTemporaryDir dir;
    const std::string path = QDir(dir.path()).filePath(QStringLiteral("policy.json")).toStdString();
    ProfileFile file(path);
    EXPECT_FALSE(file.load(validate_policy).exists) << "no file yet: defaults, no complaint";

    Policy policy = Policy::default_policy();
    policy.resilience.retry.max_attempts = 7;
    ASSERT_TRUE(file.save(PolicyWriter::to_text(policy)));
    const auto good = file.load(validate_policy);
    ASSERT_TRUE(good.ok) << good.problem;
    EXPECT_EQ(slurp(file.last_good_path()), good.text);

    // A person edits the file and leaves a trailing comma on line 3.
    const std::string broken = "{\n  \"version\": 1,\n  \"retry\": {\"max_attempts\": 3,}\n}\n";
    ASSERT_TRUE(ProfileFile::write_atomically(path, broken));
    const auto bad = file.load(validate_policy);
    EXPECT_TRUE(bad.exists);
    EXPECT_FALSE(bad.ok);
    EXPECT_NE(bad.problem.find(path), std::string::npos) << bad.problem;
    EXPECT_NE(bad.problem.find("line 3"), std::string::npos) << bad.problem;
    EXPECT_EQ(bad.last_good, file.last_good_path());
    EXPECT_EQ(slurp(path), broken) << "the broken file is left for the person to fix";
    EXPECT_NE(slurp(file.last_good_path()).find("\"max_attempts\": 7"), std::string::npos)
        << "the last good copy survives the broken load";

    // A valid file with a wrong value: the JSON path and the reason.
    ASSERT_TRUE(ProfileFile::write_atomically(path, R"({"retry": {"max_attempts": 0}})"));
    EXPECT_NE(file.load(validate_policy).problem.find("retry.max_attempts: must be 1..20, got 0"),
              std::string::npos);
}

TEST(ProfileFileTest, AFailedWriteLeavesTheOldFileWhole) {
    QTemporaryDir dir;
    const QString blocked = QDir(dir.path()).filePath(QStringLiteral("sub"));
    ASSERT_TRUE(QDir().mkpath(blocked));
    // Writing over a directory cannot succeed; the error names the path.
    const Status written = ProfileFile::write_atomically(blocked.toStdString(), "{}");
    ASSERT_FALSE(written);
    EXPECT_EQ(written.error().where, blocked.toStdString());
    EXPECT_NE(written.error().to_string().find(blocked.toStdString()), std::string::npos);
    const std::string path = QDir(dir.path()).filePath(QStringLiteral("settings.json")).toStdString();
    ASSERT_TRUE(ProfileFile::write_atomically(path, "old"));
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("settings.json")})
        << "no temporary file left behind";
}

TEST(AppSettingsTest, RoundTripsAndRefusesBadValuesWithTheirPaths) {
    AppSettings s;
    s.theme = AppSettings::Theme::Dark;
    s.font_scale_pct = 125;
    s.preview_scenario = "outage-and-recovery";
    s.alert_retry_rate_pct = 40;
    AppSettings back;
    ASSERT_TRUE(AppSettings::parse(s.to_text(), back).empty());
    EXPECT_EQ(back, s);

    AppSettings untouched = s;
    const auto errors = AppSettings::parse(
        R"({"appearance": {"theme": "neon", "font_scale_pct": 500}, "alerts": {"retry_rate_pct": 0}, "x": 1})",
        untouched);
    const std::string all = join_errors(errors);
    EXPECT_NE(all.find("appearance.theme: must be one of system|light|dark"), std::string::npos) << all;
    EXPECT_NE(all.find("appearance.font_scale_pct: must be 80..200"), std::string::npos) << all;
    EXPECT_NE(all.find("alerts.retry_rate_pct"), std::string::npos) << all;
    EXPECT_NE(all.find("x"), std::string::npos) << all;
    EXPECT_EQ(untouched, s) << "nothing changes unless everything is valid";
    EXPECT_FALSE(AppSettings::parse(R"({"version": 2})", untouched).empty()) << "a newer file is refused";
}

}  // namespace
}  // namespace stormproof
