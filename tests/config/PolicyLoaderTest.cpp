#include "config/PolicyLoader.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <fstream>
#include <nlohmann/json.hpp>

#include "config/JsonReader.h"
#include "config/PolicyWriter.h"

namespace stormproof {
namespace {

std::vector<std::string> messages(const PolicyLoadResult& r) {
    std::vector<std::string> out;
    for (const auto& e : r.errors)
        out.push_back(e.to_string());
    return out;
}

TEST(PolicyLoader, EmptyObjectGivesTheDocumentedDefaults) {
    const auto r = PolicyLoader::from_text("{}");
    ASSERT_TRUE(r.ok()) << join_errors(r.errors);
    const Policy& p = *r.policy;
    ASSERT_EQ(p.targets.size(), 1U);
    EXPECT_EQ(p.targets[0].provider, ProviderKind::Simulator) << "no file, no key: the simulator";
    EXPECT_EQ(p.resilience.retry.max_attempts, 5);
    EXPECT_EQ(p.resilience.retry.backoff.base_delay_ms, 1000);
    EXPECT_EQ(p.resilience.retry.backoff.max_delay_ms, 30000);
    EXPECT_EQ(p.resilience.retry.backoff.kind, BackoffKind::Exponential);
    EXPECT_EQ(p.resilience.retry.backoff.jitter, JitterKind::Full);
    EXPECT_EQ(p.resilience.retry.max_retry_after_ms, 60000);
    EXPECT_EQ(p.resilience.retry.on_retry_after_above_max, AboveMaxAction::Fallback);
    EXPECT_EQ(p.resilience.timeouts.deadline_ms, 60000);
    EXPECT_TRUE(p.resilience.breaker.enabled);
    EXPECT_TRUE(p.resilience.budget.enabled);
    EXPECT_EQ(p.resilience.budget.scope, BudgetScope::Target);
    EXPECT_DOUBLE_EQ(p.resilience.budget.retry_ratio, 1.0);
    EXPECT_FALSE(p.resilience.hedging.enabled);
    EXPECT_EQ(p.resilience.stream.after_first_token, AfterFirstToken::Restart);
}

TEST(PolicyLoader, TheContractExampleLoads) {
    const auto r =
        PolicyLoader::from_file(std::string(STORMPROOF_SOURCE_DIR) + "/resources/policies/example.json");
    ASSERT_TRUE(r.ok()) << join_errors(r.errors);
    const Policy& p = *r.policy;
    ASSERT_EQ(p.targets.size(), 3U);
    EXPECT_EQ(p.targets[0].name, "primary");
    EXPECT_EQ(p.targets[0].provider, ProviderKind::OpenAI);
    EXPECT_EQ(p.targets[0].api_keys, (std::vector<KeyRef>{{KeyRef::Source::Env, "OPENAI_API_KEY"}}));
    EXPECT_EQ(p.targets[1].provider, ProviderKind::Anthropic);
    EXPECT_EQ(p.targets[2].provider, ProviderKind::Simulator);
    EXPECT_EQ(p.targets[2].model, "sim-flaky");
}

struct BadCase {
    const char* name;
    const char* json;
    const char* expected;  // one of the error lines, exactly
};

// Test names in ctest come from the case's name, not a byte dump.
void PrintTo(const BadCase& c, std::ostream* os) {
    *os << c.name;
}

class PolicyLoaderErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(PolicyLoaderErrors, NamesThePathAndTheReason) {
    const auto r = PolicyLoader::from_text(GetParam().json);
    EXPECT_FALSE(r.ok());
    EXPECT_FALSE(r.policy.has_value());
    const auto lines = messages(r);
    EXPECT_NE(std::find(lines.begin(), lines.end(), GetParam().expected), lines.end())
        << "expected: " << GetParam().expected << "\ngot:\n"
        << join_errors(r.errors);
}

INSTANTIATE_TEST_SUITE_P(
    Table, PolicyLoaderErrors,
    ::testing::Values(
        BadCase{"attempts_zero", R"({"retry": {"max_attempts": 0}})",
                "retry.max_attempts: must be 1..20, got 0"},
        BadCase{"attempts_fraction", R"({"retry": {"max_attempts": 2.5}})",
                "retry.max_attempts: must be an integer 1..20, got 2.5"},
        BadCase{"attempts_string", R"({"retry": {"max_attempts": "5"}})",
                "retry.max_attempts: must be an integer 1..20, got a string"},
        BadCase{
            "unknown_top", R"({"retries": {}})",
            "retries: unknown key (allowed here: version, targets, retry, timeouts, circuit_breaker, budget, "
            "hedging, stream, shared_state)"},
        BadCase{"unknown_nested", R"({"hedging": {"enabled": true, "delay": 5}})",
                "hedging.delay: unknown key (allowed here: enabled, delay_ms, max_hedges)"},
        BadCase{"bad_enum", R"({"retry": {"jitter": "sometimes"}})",
                "retry.jitter: must be one of none|full|equal|decorrelated, got \"sometimes\""},
        BadCase{"bad_above_max", R"({"retry": {"on_retry_after_above_max": "sleep"}})",
                "retry.on_retry_after_above_max: must be one of fallback|fail|wait_max, got \"sleep\""},
        BadCase{"bool_type", R"({"circuit_breaker": {"enabled": "yes"}})",
                "circuit_breaker.enabled: must be true or false, got a string"},
        BadCase{"cap_below_base", R"({"retry": {"base_delay_ms": 5000, "max_delay_ms": 1000}})",
                "retry.max_delay_ms: must be at least retry.base_delay_ms (5000), got 1000"},
        BadCase{"pct_range", R"({"circuit_breaker": {"failure_rate_threshold_pct": 150}})",
                "circuit_breaker.failure_rate_threshold_pct: must be 1..100, got 150"},
        BadCase{"failure_class", R"({"circuit_breaker": {"failure_classes": ["server_error", "meltdown"]}})",
                "circuit_breaker.failure_classes[1]: must be one of rate_limited|quota_exhausted|overloaded|"
                "server_error|timeout|network|auth|bad_request|not_found|context_length|content_policy|"
                "malformed_response"},
        BadCase{"class_rule_unknown", R"({"retry": {"classes": {"meltdown": {"retry": true}}}})",
                "retry.classes.meltdown: unknown error class (one of rate_limited|quota_exhausted|overloaded|"
                "server_error|timeout|network|auth|bad_request|not_found|context_length|content_policy|"
                "malformed_response)"},
        BadCase{"version", R"({"version": 2})",
                "version: must be 1 (the only version this Stormproof reads), got 2"},
        BadCase{"targets_empty", R"({"targets": []})",
                "targets: must name at least one target (or be left out for the built-in simulator)"},
        BadCase{"target_provider", R"({"targets": [{"name": "a", "provider": "cohere", "model": "m"}]})",
                "targets[0].provider: must be one of openai|anthropic|simulator, got \"cohere\""},
        BadCase{"target_no_model", R"({"targets": [{"name": "a", "provider": "openai"}]})",
                "targets[0].model: is required for provider openai"},
        BadCase{
            "target_dup",
            R"({"targets": [{"name": "a", "provider": "simulator"}, {"name": "a", "provider": "simulator"}]})",
            "targets[1].name: duplicates an earlier target's name \"a\""},
        BadCase{
            "target_http",
            R"({"targets": [{"name": "a", "provider": "openai", "model": "m", "base_url": "http://api.example.com/v1"}]})",
            "targets[0].base_url: plain http:// to api.example.com would send the API key unencrypted; use "
            "https://, or set allow_insecure_http: true for this target"},
        BadCase{
            "target_scheme",
            R"({"targets": [{"name": "a", "provider": "openai", "model": "m", "base_url": "ftp://x/v1"}]})",
            "targets[0].base_url: must use http:// or https://, got ftp://"},
        BadCase{
            "key_both",
            R"({"targets": [{"name": "a", "provider": "openai", "model": "m", "api_keys": [{"env": "A", "keychain": "b"}]}]})",
            "targets[0].api_keys[0]: must have exactly one of \"env\" or \"keychain\""},
        BadCase{
            "key_env_name",
            R"({"targets": [{"name": "a", "provider": "openai", "model": "m", "api_keys": [{"env": "1BAD"}]}]})",
            "targets[0].api_keys[0].env: must be an environment variable name (letters, digits, '_')"},
        BadCase{"not_object", R"([1, 2])", "(top level): must be an object, got an array"}),
    [](const ::testing::TestParamInfo<BadCase>& param_info) { return std::string(param_info.param.name); });

TEST(PolicyLoader, LoopbackHttpIsAllowedAndOthersOnlyWhenTheTargetSaysSo) {
    EXPECT_TRUE(
        PolicyLoader::from_text(
            R"({"targets": [{"name": "a", "provider": "openai", "model": "m", "base_url": "http://127.0.0.1:8080/v1"}]})")
            .ok());
    EXPECT_TRUE(
        PolicyLoader::from_text(
            R"({"targets": [{"name": "a", "provider": "openai", "model": "m", "base_url": "http://localhost:11434/v1"}]})")
            .ok());
    EXPECT_TRUE(
        PolicyLoader::from_text(
            R"({"targets": [{"name": "a", "provider": "openai", "model": "m", "base_url": "http://[::1]:8080/v1"}]})")
            .ok());
    EXPECT_TRUE(PolicyLoader::from_text(R"({"targets": [{"name": "a", "provider": "openai", "model": "m",
                                            "base_url": "http://gpu-box:8000/v1", "allow_insecure_http": true}]})")
                    .ok());
}

TEST(PolicyLoader, ALiteralKeyIsRejectedWithoutEchoingIt) {
    const std::string canary = "sk-canary-4f1b9e";
    const auto r = PolicyLoader::from_text(R"({"targets": [{"name": "a", "provider": "openai", "model": "m",
                                              "api_keys": [")" +
                                           canary + R"("]}]})");
    ASSERT_FALSE(r.ok());
    const std::string all = join_errors(r.errors);
    EXPECT_NE(all.find("literal keys are not allowed"), std::string::npos) << all;
    EXPECT_EQ(all.find(canary), std::string::npos) << "the key leaked into the error: " << all;
    const auto r2 = PolicyLoader::from_text(R"({"targets": [{"name": "a", "provider": "openai", "model": "m",
                                              "api_keys": [{"key": ")" +
                                            canary + R"("}]}]})");
    EXPECT_EQ(join_errors(r2.errors).find(canary), std::string::npos);
}

TEST(PolicyLoader, ReportsEveryProblemNotJustTheFirst) {
    const auto r =
        PolicyLoader::from_file(std::string(STORMPROOF_SOURCE_DIR) + "/tests/config/data/bad_policy.json");
    const auto lines = messages(r);
    EXPECT_GE(lines.size(), 5U) << join_errors(r.errors);
    EXPECT_EQ(join_errors(r.errors).find("sk-canary"), std::string::npos);
}

TEST(PolicyLoader, SyntaxErrorsGiveLineAndColumn) {
    const auto r = PolicyLoader::from_text("{\n  \"retry\": {\n    \"max_attempts\": 3,\n  }\n}");
    ASSERT_EQ(r.errors.size(), 1U);
    EXPECT_EQ(r.errors[0].line, 4);
    EXPECT_EQ(r.errors[0].column, 3);
    EXPECT_NE(r.errors[0].to_string().find("line 4, column 3: syntax error"), std::string::npos)
        << r.errors[0].to_string();
}

TEST(PolicyLoader, MissingFileIsAClearError) {
    const auto r = PolicyLoader::from_file("/nonexistent/policy.json");
    ASSERT_EQ(r.errors.size(), 1U);
    EXPECT_EQ(r.errors[0].to_string(), "cannot open /nonexistent/policy.json for reading");
}

TEST(PolicyWriter, RoundTripsEveryKnob) {
    Policy p = Policy::default_policy();
    p.targets.push_back({"primary",
                         ProviderKind::OpenAI,
                         "https://api.openai.com/v1",
                         "gpt-4o-mini",
                         {{KeyRef::Source::Env, "OPENAI_API_KEY"}, {KeyRef::Source::Keychain, "work"}},
                         false,
                         ""});
    auto& r = p.resilience;
    r.retry.max_attempts = 7;
    r.retry.backoff = {BackoffKind::Linear, JitterKind::Decorrelated, 250, 9000, 100};
    r.retry.on_retry_after_above_max = AboveMaxAction::WaitMax;
    r.retry.class_rules[ErrorClass::Timeout].max_attempts = 3;
    r.retry.class_rules[ErrorClass::NotFound].on_exhausted = ExhaustedAction::Stop;
    r.timeouts.deadline_ms = 45000;
    r.breaker.window = BreakerWindow::Count;
    r.breaker.failure_classes = {ErrorClass::Timeout};
    r.breaker.open_multiplier = 1.5;
    r.budget.scope = BudgetScope::Conversation;
    r.budget.retry_ratio = 0.35;
    r.hedging = {true, 1500, 2};
    r.stream.after_first_token = AfterFirstToken::Continue;

    const std::string text = PolicyWriter::to_text(p);
    const auto loaded = PolicyLoader::from_text(text);
    ASSERT_TRUE(loaded.ok()) << join_errors(loaded.errors) << "\n" << text;
    EXPECT_EQ(PolicyWriter::to_text(*loaded.policy), text);
    EXPECT_EQ(loaded.policy->targets[1].api_keys[1].name, "work");
    EXPECT_EQ(loaded.policy->resilience.retry.class_rules.at(ErrorClass::Timeout).max_attempts, 3);
}

TEST(PolicyWriter, SaveIsAtomicAndKeepsTheOldFileOnFailure) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string path = QDir(dir.path()).filePath(QStringLiteral("policy.json")).toStdString();
    Policy p = Policy::default_policy();
    ASSERT_TRUE(PolicyWriter::save(p, path));
    p.resilience.retry.max_attempts = 9;
    ASSERT_TRUE(PolicyWriter::save(p, path));
    const auto loaded = PolicyLoader::from_file(path);
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded.policy->resilience.retry.max_attempts, 9);
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files).size(), 1) << "no temporary file left behind";

    // A directory that cannot be written: the error names the file, the old content is untouched.
    QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::ExeOwner);
    if (::geteuid() != 0) {  // root ignores permissions
        const Status saved = PolicyWriter::save(Policy::default_policy(), path);
        ASSERT_FALSE(saved);
        EXPECT_EQ(saved.error().where, path);
        EXPECT_EQ(PolicyLoader::from_file(path).policy->resilience.retry.max_attempts, 9);
    }
    QFile::setPermissions(dir.path(),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const Status saved = PolicyWriter::save(p, "/nonexistent-dir/policy.json");
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().where, "/nonexistent-dir/policy.json");
}

}  // namespace
}  // namespace stormproof

namespace stormproof {
namespace {

// Found by fuzz_policy: a number too large for a double made nlohmann throw out_of_range, which escaped the
// syntax-error handler and terminated the process (the CLI, or the GUI at start-up).
TEST(PolicyLoader, ANumberTooLargeIsAnErrorNotACrash) {
    const auto r = PolicyLoader::from_text(R"({"retry": {"max_attempts": 1111.0001001E865271182}})");
    ASSERT_FALSE(r.ok());
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_NE(r.errors[0].message.find("unreadable JSON"), std::string::npos) << r.errors[0].message;
    EXPECT_NE(r.errors[0].message.find("number overflow"), std::string::npos) << r.errors[0].message;
    std::vector<ConfigError> errors;
    EXPECT_FALSE(JsonReader::parse("[[[[[[[[[[[[ 1111.00010010E86527118210386527118[[$[[[[[[[[[y", errors));
    EXPECT_FALSE(errors.empty());
}

}  // namespace
}  // namespace stormproof
