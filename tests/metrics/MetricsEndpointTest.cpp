// /metrics over real loopback sockets: the gateway's route (its token rules) after real requests through
// the client and a simulator, and the standalone MetricsEndpoint the CLI and the GUI use.
#include "gateway/MetricsEndpoint.h"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QUrl>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gateway/GatewayServer.h"
#include "metrics/MetricsRegistry.h"
#include "resilience/SimulatedTime.h"
#include "support/AppHarness.h"
#include "support/HttpProbe.h"

namespace stormproof {
namespace {

using test::AppHarness;
using test::ProbeResult;
using Headers = QList<std::pair<QByteArray, QByteArray>>;

constexpr const char* kUpstreamKey = "sk-upstream-canary-key-0123456789";

bool has_line(const QByteArray& text, const std::string& line) {
    for (const QByteArray& l : text.split('\n'))
        if (l.toStdString() == line)
            return true;
    return false;
}

class GatewayMetricsTest : public ::testing::Test {
protected:
    AppHarness h;
    std::unique_ptr<MetricsRegistry> metrics;
    std::unique_ptr<GatewayServer> gateway;
    QNetworkAccessManager nam;
    GatewayOptions options;

    void start() {
        h.secrets().set({KeyRef::Source::Env, "UP_KEY"}, kUpstreamKey);
        Policy policy;
        TargetConfig p;
        p.name = "primary";
        p.provider = ProviderKind::OpenAI;
        p.base_url = h.simulator().base_url().toStdString() + "/v1";
        p.model = "gpt-test";
        p.api_keys = {{KeyRef::Source::Env, "UP_KEY"}};
        policy.targets = {p};
        policy.resilience.retry.max_attempts = 3;
        policy.resilience.retry.backoff = {BackoffKind::Exponential, JitterKind::None, 10, 50, 0};
        h.client().set_policy(policy);
        metrics = std::make_unique<MetricsRegistry>(h.bus());
        metrics->set_policy(policy);
        options.port = 0;
        gateway = std::make_unique<GatewayServer>(h.client(), h.context(), options);
        gateway->set_metrics([this] { return metrics->exposition(); });
        const Status s = gateway->listen();
        ASSERT_TRUE(s) << s.error().to_string();
    }
    ProbeResult get(const std::string& path, Headers headers = {}) {
        return test::probe(nam, QString::fromStdString(gateway->url() + path), QByteArray(),
                           std::move(headers));
    }
    ProbeResult chat(Headers headers = {}) {
        headers.append(std::make_pair(QByteArray("Content-Type"), QByteArray("application/json")));
        const nlohmann::json body = {{"model", "default"},
                                     {"messages", {{{"role", "user"}, {"content", "hello"}}}}};
        return test::probe(nam, QString::fromStdString(gateway->url() + "/v1/chat/completions"),
                           QByteArray::fromStdString(body.dump()), std::move(headers));
    }
};

TEST_F(GatewayMetricsTest, MetricsCountWhatTheGatewayReports) {
    start();
    test::set_faults(h.simulator(), R"({"kind":"unavailable","probability":1,"max_count":2})");
    const ProbeResult r = chat();
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    ASSERT_EQ(r.header("x-stormproof-attempts"), "3");
    const ProbeResult m = get("/metrics");
    ASSERT_EQ(m.status, 200) << m.body.toStdString();
    EXPECT_EQ(m.header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_TRUE(has_line(
        m.body,
        R"(stormproof_attempts_total{error_class="server_error",outcome="failure",target="primary"} 2)"))
        << m.body.toStdString();
    EXPECT_TRUE(has_line(
        m.body, R"(stormproof_attempts_total{error_class="none",outcome="success",target="primary"} 1)"));
    EXPECT_TRUE(has_line(m.body, R"(stormproof_retries_total{target="primary"} 2)"));
    EXPECT_TRUE(has_line(m.body, R"(stormproof_requests_total{outcome="success"} 1)"));
    EXPECT_TRUE(has_line(m.body,
                         R"(gen_ai_client_operation_duration_seconds_count{gen_ai_operation_name="chat",)"
                         R"(gen_ai_provider_name="openai",gen_ai_request_model="gpt-test"} 1)"));
    EXPECT_EQ(get("/metrics/").status, 404);
}

TEST_F(GatewayMetricsTest, WithATokenMetricsNeedItLikeEveryRoute) {
    options.token = "gateway-token-1";
    start();
    EXPECT_EQ(get("/metrics").status, 401);
    EXPECT_EQ(get("/metrics", {{"Authorization", "Bearer wrong"}}).status, 401);
    const ProbeResult ok = get("/metrics", {{"Authorization", "Bearer gateway-token-1"}});
    EXPECT_EQ(ok.status, 200);
    // Before any request: the breakers of the policy's targets (a family with no series yet is not written).
    EXPECT_TRUE(has_line(ok.body, R"(stormproof_circuit_state{state="closed",target="primary"} 1)"))
        << ok.body.toStdString();
}

TEST_F(GatewayMetricsTest, WithoutATokenWebPagesAreRefused) {
    start();
    EXPECT_EQ(get("/metrics", {{"Origin", "https://evil.example"}}).status, 403);
    EXPECT_EQ(test::probe(nam, QString::fromStdString(gateway->url() + "/metrics"), "x").status, 405);
}

TEST(MetricsEndpointTest, ServesMetricsAndNothingElse) {
    QtTimeSystem time;
    int scrapes = 0;
    MetricsEndpoint endpoint(time, [&scrapes] {
        ++scrapes;
        return std::string("# TYPE up gauge\nup 1\n");
    });
    const Status s = endpoint.listen("127.0.0.1", 0);
    ASSERT_TRUE(s) << s.error().to_string();
    ASSERT_EQ(endpoint.url().rfind("http://127.0.0.1:", 0), 0u) << endpoint.url();
    QNetworkAccessManager nam;
    const QString url = QString::fromStdString(endpoint.url());
    const ProbeResult r = test::probe(nam, url, QByteArray());
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_EQ(r.body, "# TYPE up gauge\nup 1\n");
    EXPECT_EQ(scrapes, 1);
    // Several scrapes, each on its own connection.
    EXPECT_EQ(test::probe(nam, url, QByteArray()).status, 200);
    EXPECT_EQ(scrapes, 2);
    const QString base = url.left(url.size() - static_cast<int>(std::string_view("/metrics").size()));
    EXPECT_EQ(test::probe(nam, base + "/v1/models", QByteArray()).status, 404);
    EXPECT_EQ(test::probe(nam, url, "body").status, 413);  // a POST with a body: no body is read here
    EXPECT_EQ(test::probe(nam, url, QByteArray(), {{"Origin", "https://evil.example"}}).status, 403);
    EXPECT_EQ(test::probe(nam, url, QByteArray(), {{"Host", "evil.example"}}).status, 403);
    EXPECT_EQ(scrapes, 2);
}

// A client that sends its request and then never reads (a stuck or hostile scraper, any local process): the
// answer cannot be flushed, and before it was held for ever -- the connection, and the whole exposition in
// Qt's write buffer -- so kMaxConnections such clients locked every scrape out for good. It is let go after
// kWriteTimeoutMs.
TEST(MetricsEndpointTest, AClientThatNeverReadsIsLetGo) {
    SimulatedTime time;
    int scrapes = 0;
    // More than the kernel can buffer on both sides: the client's receive buffer is cut to 4 KiB below, the
    // server's send buffer grows to tcp_wmem's maximum (4 MiB on Debian 12).
    const std::string big(16 << 20, '#');
    MetricsEndpoint endpoint(time, [&] {
        ++scrapes;
        return big;
    });
    ASSERT_TRUE(endpoint.listen("127.0.0.1", 0));
    const int port = QUrl(QString::fromStdString(endpoint.url())).port();
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    const int small = 4096;
    ASSERT_EQ(::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small), 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
    const std::string head = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    ASSERT_EQ(::send(fd, head.data(), head.size(), 0), static_cast<ssize_t>(head.size()));
    while (scrapes == 0)  // a hang here is ended by ctest's TIMEOUT
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    for (int i = 0; i < 20; ++i)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    EXPECT_EQ(endpoint.open_connections(), 1u);  // answered, and stuck writing
    time.advance_ms(MetricsEndpoint::kWriteTimeoutMs - 1);
    EXPECT_EQ(endpoint.open_connections(), 1u);
    time.advance_ms(1);
    EXPECT_EQ(endpoint.open_connections(), 0u);
    ::close(fd);
}

TEST(MetricsEndpointTest, LoopbackOnlyAndClearErrors) {
    QtTimeSystem time;
    MetricsEndpoint endpoint(time, [] { return std::string(); });
    const Status remote = endpoint.listen("0.0.0.0", 0);
    ASSERT_FALSE(remote);
    EXPECT_NE(remote.error().to_string().find("loopback"), std::string::npos) << remote.error().to_string();
    ASSERT_TRUE(endpoint.listen("127.0.0.1", 0));
    const int port = QUrl(QString::fromStdString(endpoint.url())).port();
    MetricsEndpoint second(time, [] { return std::string(); });
    const Status taken = second.listen("127.0.0.1", port);
    ASSERT_FALSE(taken);
    EXPECT_NE(taken.error().to_string().find("address in use"), std::string::npos)
        << taken.error().to_string();
}

}  // namespace
}  // namespace stormproof
