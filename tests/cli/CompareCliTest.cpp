// `stormproof-cli compare --json` as a script runs it (issue 21 item 4): against a stormproof-sim started
// here on a free loopback port, three targets of a policy file -- one healthy, one that fails once with a 503
// (a scenario whose fault has max_count 1), one whose model the simulator does not have (404, not retried) --
// then one target under two policies.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <nlohmann/json.hpp>
#include <set>

namespace {

using nlohmann::json;

// Reads stormproof-sim's "listening on URL" line; no time limit here (ctest's TIMEOUT ends a hang).
QString start_sim(QProcess& sim, const QString& scenario_file) {
    sim.start(QStringLiteral(STORMPROOF_SIM),
              {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--seed"), QStringLiteral("3"),
               QStringLiteral("--scenario"), scenario_file});
    EXPECT_TRUE(sim.waitForStarted(-1));
    QByteArray out;
    while (!out.contains('\n')) {
        if (!sim.waitForReadyRead(-1))
            break;
        out += sim.readAllStandardOutput();
    }
    const QString line = QString::fromUtf8(out.left(out.indexOf('\n')));
    EXPECT_TRUE(line.startsWith(QStringLiteral("listening on "))) << line.toStdString();
    return line.mid(13).trimmed();
}

struct CliRun {
    int exit_code = -1;
    json output;
    std::string stderr_text;
};

CliRun run_cli(const QStringList& args) {
    QProcess cli;
    cli.start(QStringLiteral(STORMPROOF_CLI), args);
    EXPECT_TRUE(cli.waitForStarted(-1));
    cli.closeWriteChannel();
    EXPECT_TRUE(cli.waitForFinished(-1));
    CliRun run;
    run.exit_code = cli.exitCode();
    run.stderr_text = cli.readAllStandardError().toStdString();
    const std::string out = cli.readAllStandardOutput().toStdString();
    run.output = json::parse(out, nullptr, false);
    EXPECT_FALSE(run.output.is_discarded()) << out << run.stderr_text;
    return run;
}

void write(const QString& path, const std::string& text) {
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(text.data(), static_cast<qint64>(text.size()));
}

class CompareCli : public ::testing::Test {
protected:
    QTemporaryDir dir;
    QProcess sim;
    QString url;

    void SetUp() override {
        write(dir.filePath(QStringLiteral("once.json")),
              R"({"name": "once-503", "reply": {"first_token_ms": 0, "tokens_per_s": 400},)"
              R"( "faults": [{"kind": "unavailable", "max_count": 1}]})");
        url = start_sim(sim, dir.filePath(QStringLiteral("once.json")));
    }
    void TearDown() override {
        sim.kill();
        sim.waitForFinished(-1);
    }

    // A policy with the three targets on the simulator; small exact waits so the retry is quick.
    QString policy(const std::string& name, int max_attempts) {
        const std::string base = url.toStdString() + "/v1";
        const std::string text =
            R"({"version": 1, "targets": [)"
            R"({"name": "steady", "provider": "simulator", "base_url": ")" +
            base +
            R"(", "model": "sim-healthy"},)"
            R"({"name": "retried", "provider": "simulator", "base_url": ")" +
            base +
            R"(", "model": "sim-once-503"},)"
            R"({"name": "gone", "provider": "simulator", "base_url": ")" +
            base +
            R"(", "model": "sim-no-such-model"}],)"
            R"( "retry": {"max_attempts": )" +
            std::to_string(max_attempts) +
            R"(, "base_delay_ms": 20, "max_delay_ms": 100, "backoff": "exponential", "jitter": "none"}})";
        const QString path = dir.filePath(QString::fromStdString(name));
        write(path, text);
        return path;
    }
};

TEST_F(CompareCli, ThreeTargetsSideBySideWithTheirVerdict) {
    const CliRun run =
        run_cli({QStringLiteral("compare"), QStringLiteral("--policy"), policy("p.json", 3),
                 QStringLiteral("--json"), QStringLiteral("--stream"), QStringLiteral("Why retry?")});
    EXPECT_EQ(run.exit_code, 1) << "a column failed: " << run.stderr_text;
    const json& out = run.output;
    ASSERT_TRUE(out["columns"].is_array()) << out.dump(2);
    ASSERT_EQ(out["columns"].size(), 3U);
    EXPECT_EQ(out["prompt"], "Why retry?");
    const json& steady = out["columns"][0];
    const json& retried = out["columns"][1];
    const json& gone = out["columns"][2];
    EXPECT_EQ(steady["label"], "steady");
    EXPECT_EQ(steady["result"]["ok"], true);
    EXPECT_EQ(steady["result"]["served_by"]["target"], "steady");
    EXPECT_EQ(steady["figures"]["attempts"], 1);
    EXPECT_EQ(steady["figures"]["retries"], 0);
    EXPECT_GT(steady["figures"]["output_tokens"].get<int>(), 0);
    EXPECT_TRUE(steady["figures"]["cost_usd"].is_number()) << "sim-* is priced in resources/prices.json";
    EXPECT_EQ(retried["result"]["ok"], true);
    EXPECT_EQ(retried["figures"]["attempts"], 2);
    EXPECT_EQ(retried["figures"]["waits"], 1);
    EXPECT_EQ(retried["figures"]["waited_ms"], 20) << "the policy's first backoff, without jitter";
    EXPECT_EQ(retried["result"]["attempts"][0]["status"], 503);
    EXPECT_EQ(gone["result"]["ok"], false);
    EXPECT_EQ(gone["result"]["error"]["class"], "not_found");
    EXPECT_EQ(gone["figures"]["attempts"], 1)
        << "not retried, and no fallback: the column is its target alone";
    EXPECT_EQ(gone["result"]["fallback_used"], false);

    const json& v = out["verdict"];
    EXPECT_EQ(v["needed_retries"], json::array({"retried"}));
    EXPECT_EQ(v["clean"], json::array({"steady"}));
    EXPECT_EQ(v["failed"], json::array({"gone"}));
    const std::set<std::string> answered{"steady", "retried"};
    ASSERT_TRUE(v["fastest"].is_string());
    EXPECT_TRUE(answered.count(v["fastest"].get<std::string>()));
    EXPECT_NE(v["line"].get<std::string>().find("needed retries: retried (1 retry, waited 0.02 s)"),
              std::string::npos)
        << v["line"];
}

TEST_F(CompareCli, OneTargetUnderTwoPolicies) {
    const CliRun run =
        run_cli({QStringLiteral("compare"), QStringLiteral("--policy"), policy("a.json", 3),
                 QStringLiteral("--versus-policy"), policy("b.json", 1), QStringLiteral("--targets"),
                 QStringLiteral("steady"), QStringLiteral("--json"), QStringLiteral("Hello")});
    EXPECT_EQ(run.exit_code, 0) << run.stderr_text;
    ASSERT_EQ(run.output["columns"].size(), 2U) << run.output.dump(2);
    EXPECT_EQ(run.output["columns"][0]["label"], "steady");
    EXPECT_EQ(run.output["columns"][0]["policy"], "main");
    EXPECT_EQ(run.output["columns"][1]["label"], "steady · policy B");
    EXPECT_EQ(run.output["columns"][1]["policy"], "versus");
    EXPECT_EQ(run.output["columns"][1]["result"]["ok"], true);
    EXPECT_TRUE(run.output["verdict"]["failed"].empty());
}

TEST_F(CompareCli, ColumnsOutsideTwoToFourAreRefused) {
    QProcess cli;
    cli.start(QStringLiteral(STORMPROOF_CLI),
              {QStringLiteral("compare"), QStringLiteral("--policy"), policy("p.json", 1),
               QStringLiteral("--targets"), QStringLiteral("steady"), QStringLiteral("Hello")});
    ASSERT_TRUE(cli.waitForFinished(-1));
    EXPECT_EQ(cli.exitCode(), 2);
    EXPECT_NE(cli.readAllStandardError().indexOf("a compare needs two"), -1);
}

}  // namespace
