// The Gateway panel offscreen: it starts a gateway on the app's client, a request from another application
// (here a QNetworkAccessManager with its own User-Agent) goes through it to the simulator and shows up on the
// app's event bus labelled with that caller, and stopping it closes the port.
#include <gtest/gtest.h>

#include <QApplication>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTcpSocket>
#include <QUrl>
#include <memory>
#include <nlohmann/json.hpp>

#include "dashboard/EventTableModel.h"
#include "gateway/GatewayPanel.h"
#include "gateway/GatewaySnippets.h"
#include "llm/ResilientClient.h"
#include "platform/QtTimeSystem.h"
#include "resilience/SeededRandom.h"
#include "simulator/SimulatorServer.h"
#include "telemetry/EventBus.h"

namespace stormproof {
namespace {

constexpr char kCaller[] = "panel-test-app/2.0";

class GatewayPanelTest : public ::testing::Test {
protected:
    QtTimeSystem time;
    SeededRandom random{5};
    EventBus bus;
    MemorySecretStore secrets;
    SimulatorServer simulator{time, time, 23};
    ClientContext context{time, time, random, bus, secrets};
    ResilientClient client{context};
    std::vector<TelemetryEvent> events;
    EventBus::Subscription subscription =
        bus.subscription([this](const TelemetryEvent& e) { events.push_back(e); });

    void SetUp() override {
        ASSERT_TRUE(simulator.start(QHostAddress::LocalHost, 0));
        Policy policy = Policy::default_policy();
        TargetConfig target;
        target.name = "local-sim";
        target.provider = ProviderKind::OpenAI;
        target.base_url = simulator.base_url().toStdString() + "/v1";
        target.model = "sim-healthy";
        policy.targets = {target};
        client.set_policy(policy);
    }

    // POSTs a chat request to the gateway as another application would; returns the status and the body.
    std::pair<int, QByteArray> post(const QString& base, const QString& token) {
        QNetworkAccessManager manager;
        QNetworkRequest request(QUrl(base + QStringLiteral("/v1/chat/completions")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        request.setHeader(QNetworkRequest::UserAgentHeader, QString::fromLatin1(kCaller));
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        QNetworkReply* reply = manager.post(
            request,
            QByteArrayLiteral(R"({"model": "default", "messages": [{"role": "user", "content": "Hi"}]})"));
        QElapsedTimer t;
        t.start();
        while (!reply->isFinished() && t.elapsed() < 20000)
            QApplication::processEvents(QEventLoop::AllEvents, 20);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        delete reply;
        return {status, body};
    }
};

TEST_F(GatewayPanelTest, StartServeAndStop) {
    GatewayPanel panel(client, context);
    panel.resize(760, 560);
    panel.show();
    panel.set_port(0);
    ASSERT_TRUE(panel.start()) << panel.last_error().toStdString();
    ASSERT_TRUE(panel.running());

    // The URL and the token are shown, and the examples carry them.
    const QString url = panel.url();
    EXPECT_TRUE(url.startsWith(QStringLiteral("http://127.0.0.1:"))) << url.toStdString();
    const int port = QUrl(url).port();
    EXPECT_GT(port, 0);
    EXPECT_EQ(panel.findChild<QLineEdit*>(QStringLiteral("gatewayUrl"))->text(), url);
    const QString token = panel.token();
    EXPECT_TRUE(token.startsWith(QStringLiteral("spgw_")));
    EXPECT_GE(token.size(), 40);
    EXPECT_EQ(panel.findChild<QLineEdit*>(QStringLiteral("gatewayToken"))->text(), token);
    auto* tabs = panel.findChild<QTabWidget*>(QStringLiteral("gatewaySnippets"));
    ASSERT_NE(tabs, nullptr);
    ASSERT_EQ(tabs->count(), 5);
    for (int i = 0; i < tabs->count(); ++i) {
        const QString code = qobject_cast<QPlainTextEdit*>(tabs->widget(i))->toPlainText();
        EXPECT_TRUE(code.contains(url)) << tabs->tabText(i).toStdString();
        EXPECT_TRUE(code.contains(token)) << tabs->tabText(i).toStdString();
    }

    // Without the token: 401, and the simulator sees nothing.
    const auto refused = post(url, QString());
    EXPECT_EQ(refused.first, 401);
    EXPECT_EQ(simulator.log().total(), 0u);

    // With it: the reply comes from the simulator through the app's own client, and the app's bus carries the
    // request labelled with the calling application.
    const auto served = post(url, token);
    ASSERT_EQ(served.first, 200) << served.second.toStdString();
    const auto reply = nlohmann::json::parse(served.second.toStdString(), nullptr, false);
    ASSERT_TRUE(reply.is_object());
    EXPECT_FALSE(reply["choices"][0]["message"]["content"].get<std::string>().empty());
    EXPECT_EQ(simulator.log().total(), 1u);
    bool finished = false;
    for (const auto& e : events) {
        EXPECT_EQ(e.caller, kCaller) << to_string(e.event);
        if (e.event == EventKind::RequestFinished)
            finished = e.ok && e.target == "local-sim";
    }
    EXPECT_TRUE(finished) << "no successful request_finished from local-sim on the bus";
    // The dashboard's event log shows the caller, and filtering by its name finds its events.
    EventTableModel model(100);
    for (const auto& e : events)
        model.append(e);
    model.flush();
    ASSERT_GT(model.rowCount(), 0);
    EXPECT_EQ(model.data(model.index(0, EventTableModel::Caller), Qt::DisplayRole).toString(),
              QString(kCaller));
    model.set_filter(QStringLiteral("panel-test-app"));
    EXPECT_EQ(static_cast<std::size_t>(model.rowCount()), events.size());

    // The panel counts what it answered and names who asked (its status line refreshes 5 times a second).
    EXPECT_EQ(panel.served(), 1);
    EXPECT_EQ(panel.callers(), QStringList{QString::fromLatin1(kCaller)});
    auto* status = panel.findChild<QLabel*>(QStringLiteral("gatewayStatus"));
    QElapsedTimer wait;
    wait.start();
    while (!status->text().contains(QStringLiteral("0 requests in flight, 1 answered")) &&
           wait.elapsed() < 5000)
        QApplication::processEvents(QEventLoop::AllEvents, 20);
    EXPECT_TRUE(status->text().contains(QString::fromLatin1(kCaller))) << status->text().toStdString();

    const QString shot = qEnvironmentVariable("STORMPROOF_GATEWAY_PANEL_SHOT");
    if (!shot.isEmpty())
        panel.grab().save(shot);

    // Stop: the port is closed, the URL gone; a new start makes a new token.
    panel.stop();
    EXPECT_FALSE(panel.running());
    EXPECT_TRUE(panel.url().isEmpty());
    EXPECT_TRUE(panel.findChild<QLineEdit*>(QStringLiteral("gatewayUrl"))->text().isEmpty());
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(port));
    EXPECT_FALSE(socket.waitForConnected(2000)) << "the port still accepts connections after stop";
    ASSERT_TRUE(panel.start());
    EXPECT_NE(panel.token(), token);
    panel.stop();
}

// The app quitting with the gateway running: the panel is destroyed inside its dock, its widgets going with
// it (its destructor once redrew them and crashed), and the port is closed. A token given beforehand (the
// GUI's
// --gateway-token-env) is the one callers must send.
TEST_F(GatewayPanelTest, DestroyedWhileRunningClosesThePort) {
    auto dock = std::make_unique<QWidget>();
    auto* panel = new GatewayPanel(client, context, dock.get());
    panel->set_port(0);
    ASSERT_TRUE(panel->start_with_token(QStringLiteral("given-token-0123456789")))
        << panel->last_error().toStdString();
    EXPECT_EQ(panel->token(), QStringLiteral("given-token-0123456789"));
    const int port = QUrl(panel->url()).port();
    ASSERT_GT(port, 0);
    dock.reset();  // deletes the panel as a child, the server still listening
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(port));
    EXPECT_FALSE(socket.waitForConnected(2000)) << "the port still accepts connections after the panel went";
}

// The "Serve Prometheus metrics" setting: a /metrics of its own on 127.0.0.1, no token, counting the panel's
// gateway traffic; the gateway serves the same text at its /metrics behind its token. Unchecked: closed.
TEST_F(GatewayPanelTest, ServesPrometheusMetricsBehindItsSetting) {
    GatewayPanel panel(client, context);
    EXPECT_TRUE(panel.metrics_url().isEmpty());
    auto* check = panel.findChild<QCheckBox*>(QStringLiteral("gatewayMetrics"));
    ASSERT_NE(check, nullptr);
    EXPECT_FALSE(check->isChecked());
    panel.set_metrics_port(0);
    check->setChecked(true);  // as a person clicks it
    const QString metrics = panel.metrics_url();
    ASSERT_TRUE(metrics.startsWith(QStringLiteral("http://127.0.0.1:"))) << panel.last_error().toStdString();
    panel.set_port(0);
    ASSERT_TRUE(panel.start()) << panel.last_error().toStdString();
    ASSERT_EQ(post(panel.url(), panel.token()).first, 200);

    const auto get = [](const QString& url, const QByteArray& token) {
        QNetworkAccessManager manager;
        QNetworkRequest request{QUrl(url)};
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token);
        QNetworkReply* reply = manager.get(request);
        QElapsedTimer t;
        t.start();
        while (!reply->isFinished() && t.elapsed() < 20000)
            QApplication::processEvents(QEventLoop::AllEvents, 20);
        const auto result = std::make_pair(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                                           reply->readAll());
        delete reply;
        return result;
    };
    const QByteArray line =
        R"(stormproof_attempts_total{error_class="none",outcome="success",target="local-sim"} 1)";
    const auto own = get(metrics, {});
    EXPECT_EQ(own.first, 200);
    EXPECT_TRUE(own.second.split('\n').contains(line)) << own.second.toStdString();
    EXPECT_EQ(get(panel.url() + QStringLiteral("/metrics"), {}).first, 401);
    const auto gateway = get(panel.url() + QStringLiteral("/metrics"), panel.token().toUtf8());
    EXPECT_EQ(gateway.first, 200);
    EXPECT_TRUE(gateway.second.split('\n').contains(line)) << gateway.second.toStdString();

    const int port = QUrl(metrics).port();
    check->setChecked(false);
    EXPECT_TRUE(panel.metrics_url().isEmpty());
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(port));
    EXPECT_FALSE(socket.waitForConnected(2000)) << "the metrics port still accepts connections";
    panel.stop();
}

TEST(GatewaySnippetsTest, EveryExampleNamesTheUrlTheKeyAndTheDefaultChain) {
    const auto snippets = gateway_snippets(QStringLiteral("http://127.0.0.1:8787"), QStringLiteral("spgw_x"));
    ASSERT_EQ(snippets.size(), 5u);
    for (const auto& s : snippets) {
        EXPECT_TRUE(s.code.contains(QStringLiteral("http://127.0.0.1:8787"))) << s.title.toStdString();
        EXPECT_TRUE(s.code.contains(QStringLiteral("spgw_x"))) << s.title.toStdString();
    }
    // The OpenAI SDKs take the base URL with /v1, the Anthropic SDKs without it.
    EXPECT_TRUE(snippets[0].code.contains(QStringLiteral("http://127.0.0.1:8787/v1")));
    EXPECT_TRUE(snippets[1].code.contains(QStringLiteral("http://127.0.0.1:8787/v1")));
    EXPECT_FALSE(snippets[2].code.contains(QStringLiteral("8787/v1")));
    EXPECT_FALSE(snippets[3].code.contains(QStringLiteral("8787/v1")));
    EXPECT_TRUE(snippets[0].code.contains(QStringLiteral("model=\"default\"")));
    // Tokens are 32 random bytes: two are never equal.
    EXPECT_NE(GatewayPanel::new_token(), GatewayPanel::new_token());
}

}  // namespace
}  // namespace stormproof
