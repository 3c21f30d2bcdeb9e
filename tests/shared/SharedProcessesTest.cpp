// Real processes sharing through a real Redis (issue 20 item 5): stormproof-gateway ×3 in front of one
// stormproof-sim, with Debian's redis-server started here on a free loopback port. What the simulator's own
// request log (GET /_sim/requests) says is the evidence: attempts sent to the dead primary, 429s earned.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <functional>
#include <nlohmann/json.hpp>

#include "RedisServer.h"
#include "support/EventLoopWait.h"
#include "support/HttpProbe.h"

using nlohmann::json;
using stormproof::test::RedisServer;
using stormproof::test::wait_until;

namespace {

// A child process whose stdout's first "listening on URL" line gives its URL; stderr kept for assertions.
struct Child {
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    QString url;
    QByteArray err;
    QByteArray out;

    bool start(const QString& program, const QStringList& args, QString* error) {
        QObject::connect(process.get(), &QProcess::readyReadStandardError, process.get(),
                         [this] { err += process->readAllStandardError(); });
        QObject::connect(process.get(), &QProcess::readyReadStandardOutput, process.get(),
                         [this] { out += process->readAllStandardOutput(); });
        process->start(program, args);
        if (!process->waitForStarted(10000)) {
            *error = program + ": " + process->errorString();
            return false;
        }
        const bool listening = wait_until([&] {
            const int at = out.indexOf("listening on ");
            if (at < 0)
                return process->state() == QProcess::NotRunning;
            const int end = out.indexOf('\n', at);
            if (end < 0)
                return false;
            url = QString::fromUtf8(out.mid(at + 13, end - at - 13)).trimmed();
            return true;
        });
        if (!listening || url.isEmpty()) {
            *error = program + " did not say where it listens: " + QString::fromUtf8(err);
            return false;
        }
        return true;
    }
    ~Child() {
        if (process->state() != QProcess::NotRunning) {
            process->terminate();
            if (!process->waitForFinished(5000))
                process->kill();
            process->waitForFinished(5000);
        }
    }
};

// One command to Redis on a plain socket, its raw reply (the test's own view, without Stormproof's client).
QByteArray redis_command(int port, const std::vector<std::string>& argv) {
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(port));
    if (!s.waitForConnected(5000))
        return "connect failed";
    QByteArray bytes = "*" + QByteArray::number(static_cast<int>(argv.size())) + "\r\n";
    for (const std::string& a : argv)
        bytes += "$" + QByteArray::number(static_cast<int>(a.size())) + "\r\n" +
                 QByteArray::fromStdString(a) + "\r\n";
    s.write(bytes);
    s.waitForBytesWritten(5000);
    if (!s.waitForReadyRead(5000))
        return "no reply";
    return s.readAll();
}

json sim_log(const QString& sim_url) {
    QNetworkAccessManager nam;
    const auto r = stormproof::test::probe(nam, sim_url + "/_sim/requests", QByteArray());
    return json::parse(r.body.toStdString(), nullptr, false);
}

int count(const json& log, const std::string& model, int status = 0) {
    int n = 0;
    for (const json& r : log["requests"]) {
        if (r.value("model", "") == model &&
            (status == 0 || (r["status"].is_number() && r["status"] == status)))
            ++n;
    }
    return n;
}

// The events a gateway wrote (--events FILE), one JSON object a line.
std::vector<json> events_of(const QString& file) {
    QFile f(file);
    std::vector<json> out;
    if (!f.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (!line.trimmed().isEmpty())
            out.push_back(json::parse(line.toStdString(), nullptr, false));
    }
    return out;
}

class SharedProcesses : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(dir.isValid());
        QString error;
        ASSERT_TRUE(redis.start(&error)) << error.toStdString();
    }

    // One simulator; its scenario file adds sim-always-503 (the dead primary) to the built-in ones.
    void start_sim() {
        QString error;
        ASSERT_TRUE(sim.start(STORMPROOF_SIM,
                              {"--port", "0", "--seed", "7", "--scenario",
                               QString(STORMPROOF_SOURCE_DIR) + "/tests/cli/always-503.json"},
                              &error))
            << error.toStdString();
    }

    QString write_policy(const std::string& name, const std::string& primary_model, bool shared,
                         const json& retry = json::object()) {
        json policy = {{"version", 1},
                       {"targets",
                        {{{"name", "primary"},
                          {"provider", "openai"},
                          {"base_url", sim.url.toStdString() + "/v1"},
                          {"model", primary_model}},
                         {{"name", "backup"},
                          {"provider", "openai"},
                          {"base_url", sim.url.toStdString() + "/v1"},
                          {"model", "sim-healthy"}}}},
                       {"retry", retry}};
        if (shared)
            policy["shared_state"] = {{"redis_url", redis.url().toStdString()}};
        const QString path = dir.filePath(QString::fromStdString(name + ".json"));
        QFile f(path);
        EXPECT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(policy.dump()));
        return path;
    }

    // n gateways on one policy; with sharing, each has said its link is up before this returns.
    void start_gateways(int n, const QString& policy, bool shared) {
        for (int i = 0; i < n; ++i) {
            auto g = std::make_unique<Child>();
            const QString events = dir.filePath(QString("gateway%1-%2.jsonl").arg(gateways.size()).arg(i));
            QString error;
            ASSERT_TRUE(
                g->start(STORMPROOF_GATEWAY, {"--policy", policy, "--port", "0", "--events", events}, &error))
                << error.toStdString();
            event_files.push_back(events);
            gateways.push_back(std::move(g));
        }
        if (shared) {
            for (auto& g : gateways)
                ASSERT_TRUE(wait_until([&] { return g->err.contains("shared state up"); }))
                    << "a gateway's link never came up: " << g->err.toStdString();
        }
    }

    // Sends `total` chat requests round-robin over the gateways, one every interval_ms, and waits for all.
    struct Load {
        int ok = 0;
        int failed = 0;
        std::vector<qint64> latency_ms;
        std::vector<int> statuses;
    };
    Load run_load(int total, int interval_ms, const std::function<void(int)>& at_request = {}) {
        QNetworkAccessManager nam;
        Load load;
        int sent = 0;
        int done = 0;
        QTimer pacer;
        QElapsedTimer clock;
        clock.start();
        std::vector<QUrl> urls;
        for (const auto& g : gateways)
            urls.emplace_back(g->url + "/v1/chat/completions");
        const QByteArray body =
            R"({"model":"default","messages":[{"role":"user","content":"hi"}],"max_tokens":16})";
        // Explicit captures throughout: gcc 12 stops with an internal error on [&] lambdas here.
        Load* l = &load;
        int* finished = &done;
        int* count_sent = &sent;
        const QElapsedTimer* c = &clock;
        QNetworkAccessManager* n = &nam;
        const std::function<void(int)>* hook = &at_request;
        const std::vector<QUrl>* targets = &urls;
        const QByteArray* payload = &body;
        const std::function<void()> send_one = [l, finished, count_sent, c, n, hook, targets, payload] {
            if (*hook)
                (*hook)(*count_sent);
            QNetworkRequest req((*targets)[static_cast<std::size_t>(*count_sent) % targets->size()]);
            req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            const qint64 started = c->elapsed();
            QNetworkReply* reply = n->post(req, *payload);
            QObject::connect(reply, &QNetworkReply::finished, reply, [l, finished, c, reply, started] {
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                l->statuses.push_back(status);
                (status == 200 ? l->ok : l->failed) += 1;
                l->latency_ms.push_back(c->elapsed() - started);
                ++*finished;
                reply->deleteLater();
            });
            ++*count_sent;
        };
        QTimer* t = &pacer;
        QObject::connect(&pacer, &QTimer::timeout, &pacer, [t, count_sent, total, &send_one] {
            if (*count_sent < total)
                send_one();
            else
                t->stop();
        });
        send_one();
        pacer.start(interval_ms);
        // Bounded only as a guard against a hang, which is what the caller then reports.
        EXPECT_TRUE(wait_until([finished, total] { return *finished == total; }, 120000))
            << "requests hung: " << done << "/" << total;
        return load;
    }

    QTemporaryDir dir;
    RedisServer redis;
    Child sim;
    std::vector<std::unique_ptr<Child>> gateways;
    std::vector<QString> event_files;
};

// retry: quick backoff so a request's five attempts on the dead primary take ~0.3 s, not ~15 s.
const json kQuickRetry = {{"base_delay_ms", 20}, {"max_delay_ms", 100}};

// Load balancer traffic: request i goes to gateway i % 3, one every 300 ms. With quick retries one request's
// five attempts on the dead primary (~0.2 s) trip its gateway's breaker; the next request lands on another
// gateway, which without sharing must spend its own five attempts to learn the same thing.
constexpr int kOutageRequests = 21;
constexpr int kOutageIntervalMs = 300;

TEST_F(SharedProcesses, ThreeGatewaysWasteAboutWhatOneWastesAndTheOthersShortCircuitWithinASecond) {
    start_sim();
    start_gateways(3, write_policy("outage", "sim-always-503", true, kQuickRetry), true);
    const Load load = run_load(kOutageRequests, kOutageIntervalMs);
    EXPECT_EQ(load.failed, 0) << "the backup is healthy: every request should end 200";
    const int shared = count(sim_log(sim.url), "sim-always-503");
    // The first trip anywhere, and when each gateway's primary breaker opened.
    std::int64_t first_trip = 0;
    std::vector<std::int64_t> opened(3, 0);
    int shared_trips = 0;
    for (std::size_t g = 0; g < 3; ++g) {
        for (const json& e : events_of(event_files[g])) {
            if (e.value("event", "") != "breaker_transition" || e.value("target", "") != "primary" ||
                e.value("to_state", "") != "open")
                continue;
            const std::int64_t ts = e["ts_ms"].get<std::int64_t>();
            if (opened[g] == 0)
                opened[g] = ts;
            if (e.value("reason", "") == "shared_trip")
                ++shared_trips;
            else if (first_trip == 0 || ts < first_trip)
                first_trip = ts;
        }
    }
    ASSERT_GT(first_trip, 0) << "no gateway tripped its primary breaker";
    for (std::size_t g = 0; g < 3; ++g) {
        ASSERT_GT(opened[g], 0) << "gateway " << g << " never opened its primary breaker";
        EXPECT_LT(opened[g] - first_trip, 1000) << "gateway " << g << " short-circuited late";
    }
    EXPECT_GE(shared_trips, 2) << "the other two gateways did not learn the trip from the first";

    // The same traffic on one gateway alone, then on three that do not share, in the same simulator.
    const auto again = [&](int n, bool with_redis, const std::string& name) {
        gateways.clear();
        event_files.clear();
        const int before = count(sim_log(sim.url), "sim-always-503");
        start_gateways(n, write_policy(name, "sim-always-503", with_redis, kQuickRetry), with_redis);
        const Load l = run_load(kOutageRequests, kOutageIntervalMs);
        EXPECT_EQ(l.failed, 0);
        return count(sim_log(sim.url), "sim-always-503") - before;
    };
    const int alone = again(1, false, "alone");
    const int apart = again(3, false, "apart");
    std::printf("primary attempts: 1 gateway %d; 3 gateways sharing %d, not sharing %d\n", alone, shared,
                apart);
    EXPECT_LE(shared, alone + 2) << "three sharing gateways wasted more than one alone";
    EXPECT_GE(apart, 2 * alone) << "without sharing each gateway should pay for the outage itself";
}

TEST_F(SharedProcesses, ARetryAfterSeenByOneGatewayIsHonouredByTheOthersWithoutA429OfTheirOwn) {
    start_sim();
    // sim-rate-limited: 6 requests a minute per key, exact retry-after-ms on its 429s. A wait above 1 s goes
    // to the backup at once rather than holding the request.
    const QString policy = write_policy("limited", "sim-rate-limited", true, {{"max_retry_after_ms", 1000}});
    start_gateways(3, policy, true);
    QNetworkAccessManager nam;
    const QByteArray body =
        R"({"model":"default","messages":[{"role":"user","content":"hi"}],"max_tokens":8})";
    // Gateway 0 alone until it earns a 429.
    for (int i = 0; i < 8 && count(sim_log(sim.url), "sim-rate-limited", 429) == 0; ++i) {
        const auto r =
            stormproof::test::probe(nam, gateways[0]->url + "/v1/chat/completions", body, {}, 0, 30000);
        ASSERT_EQ(r.status, 200) << r.body.toStdString();
    }
    ASSERT_EQ(count(sim_log(sim.url), "sim-rate-limited", 429), 1) << "gateway 0 never hit the rate limit";
    const int primary_before = count(sim_log(sim.url), "sim-rate-limited");
    // The wait is in Redis (and was published to the others with it).
    // Gateways 1 and 2: three requests each, all answered, none sent to the limited primary.
    for (int i = 0; i < 6; ++i) {
        const auto r = stormproof::test::probe(nam, gateways[1 + i % 2]->url + "/v1/chat/completions", body,
                                               {}, 0, 30000);
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
    }
    const json log = sim_log(sim.url);
    EXPECT_EQ(count(log, "sim-rate-limited", 429), 1) << "another gateway earned a 429 of its own";
    EXPECT_EQ(count(log, "sim-rate-limited"), primary_before)
        << "another gateway sent to the blocked primary";
}

TEST_F(SharedProcesses, RedisKilledMidLoadFailsNoRequestHangsNothingAndSharingResumesWhenItReturns) {
    start_sim();
    const QString policy = write_policy("healthy", "sim-healthy", true, kQuickRetry);
    start_gateways(3, policy, true);
    const Load load = run_load(60, 50, [&](int i) {
        if (i == 15)
            redis.kill();
        if (i == 35) {
            QString error;
            EXPECT_TRUE(redis.start(&error)) << error.toStdString();
        }
    });
    EXPECT_EQ(load.ok, 60) << "a request failed while Redis was away";
    for (auto& g : gateways) {
        EXPECT_TRUE(g->err.contains("shared state down")) << "a gateway did not say its link went down";
        ASSERT_TRUE(wait_until([&] {
            return g->err.lastIndexOf("shared state up") > g->err.lastIndexOf("shared state down");
        })) << "a gateway's link never came back: "
            << g->err.toStdString();
    }
    // Sharing resumed: a trip published now (as another process would, by the same script) reaches every
    // gateway's breaker.
    // (A message says how long the trip lasts from now: 30 s.)
    const QByteArray reply = redis_command(
        redis.port(), {"PUBLISH", "stormproof:events", "trip\tfeedfacefeedface\tprimary\t30000"});
    EXPECT_TRUE(reply.startsWith(":3")) << "not three subscribers: " << reply.toStdString();
    for (std::size_t g = 0; g < 3; ++g) {
        ASSERT_TRUE(wait_until([&] {
            for (const json& e : events_of(event_files[g])) {
                if (e.value("event", "") == "breaker_transition" && e.value("reason", "") == "shared_trip")
                    return true;
            }
            return false;
        })) << "gateway "
            << g << " did not apply a trip shared after Redis returned";
    }
    for (std::size_t g = 0; g < 3; ++g) {
        bool down_logged = false;
        for (const json& e : events_of(event_files[g]))
            down_logged |= e.value("event", "") == "shared_state_changed" && e.value("ok", true) == false;
        EXPECT_TRUE(down_logged) << "gateway " << g << "'s event log has no shared_state_changed ok=false";
    }
}

}  // namespace
