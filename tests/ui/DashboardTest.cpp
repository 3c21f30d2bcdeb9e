// The dashboard offscreen, fed synthetic telemetry on a simulated clock.
#include <gtest/gtest.h>

#include <QApplication>
#include <QFile>
#include <QTableWidget>
#include <QTemporaryDir>

#include "dashboard/DashboardView.h"
#include "dashboard/WaterfallWidget.h"
#include "llm/ResilientClient.h"
#include "resilience/SeededRandom.h"
#include "resilience/SimulatedTime.h"

namespace stormproof {
namespace {

class DashboardTest : public ::testing::Test {
protected:
    SimulatedTime time;
    SeededRandom random{3};
    EventBus bus;
    MemorySecretStore secrets;
    ResilientClient client{time, time, random, bus, secrets};
    DashboardView view{client, bus};
    int n = 0;

    TelemetryEvent ev(EventKind kind, const std::string& trace, const std::string& target) {
        TelemetryEvent e;
        e.ts_ms = time.system_ms();
        e.event = kind;
        e.trace_id = trace;
        e.target = target;
        return e;
    }
    void request(const std::string& target, int failures, bool ok) {
        const std::string trace = "trace" + std::to_string(++n);
        bus.publish(ev(EventKind::RequestStarted, trace, target));
        int attempt = 0;
        for (int i = 0; i < failures; ++i) {
            auto s = ev(EventKind::AttemptStarted, trace, target);
            s.attempt = ++attempt;
            bus.publish(s);
            time.advance_ms(40);
            auto f = ev(EventKind::AttemptFinished, trace, target);
            f.attempt = attempt;
            f.status = 503;
            f.error_class = "server_error";
            bus.publish(f);
            auto r = ev(EventKind::RetryScheduled, trace, target);
            r.attempt = attempt;
            r.delay_ms = 200;
            r.delay_source = "backoff";
            bus.publish(r);
            time.advance_ms(200);
        }
        auto s = ev(EventKind::AttemptStarted, trace, target);
        s.attempt = ++attempt;
        bus.publish(s);
        time.advance_ms(60);
        auto f = ev(EventKind::AttemptFinished, trace, target);
        f.attempt = attempt;
        f.status = ok ? 200 : 503;
        if (!ok)
            f.error_class = "server_error";
        f.ttft_ms = 30;
        f.ok = ok;
        f.ratelimit_remaining_requests = 42;
        f.ratelimit_limit_requests = 50;
        bus.publish(f);
        auto done = ev(EventKind::RequestFinished, trace, target);
        done.ok = ok;
        done.duration_ms = 100 + failures * 240;
        done.attempt = attempt;
        bus.publish(done);
    }
    QString cell(int row, int column) const { return view.tiles()->item(row, column)->text(); }
    int row_of(const QString& target) const {
        for (int r = 0; r < view.tiles()->rowCount(); ++r) {
            if (view.tiles()->item(r, 0)->text() == target)
                return r;
        }
        return -1;
    }
};

TEST_F(DashboardTest, EventsInTilesAndHeaderOut) {
    view.refresh();
    EXPECT_EQ(view.tiles()->rowCount(), 0);
    for (int i = 0; i < 8; ++i)
        request("primary", i % 2, true);
    request("backup", 0, true);
    view.refresh();
    ASSERT_EQ(view.tiles()->rowCount(), 2);
    const int primary = row_of(QStringLiteral("primary"));
    ASSERT_GE(primary, 0);
    EXPECT_EQ(cell(primary, 2), QStringLiteral("12")) << "8 requests, 4 of them with one failed attempt";
    EXPECT_EQ(cell(primary, 3), QStringLiteral("33.3")) << "4 failed of 12 attempts";
    EXPECT_EQ(cell(primary, 8), QStringLiteral("42/50 req")) << "rate-limit headroom from headers";
    EXPECT_TRUE(view.header_text().contains(QStringLiteral("success 100.0%")))
        << view.header_text().toStdString();
    const MetricsSnapshot s = view.metrics().snapshot(120);
    EXPECT_EQ(s.retries, 4);
    EXPECT_EQ(s.succeeded_after_retry, 4);
}

TEST_F(DashboardTest, AForcedBreakerShowsItsState) {
    request("primary", 0, true);
    view.refresh();
    client.state().breaker("primary").force_open(time.steady_ms());
    view.refresh();
    EXPECT_EQ(cell(row_of(QStringLiteral("primary")), 1), QStringLiteral("forced_open"));
    EXPECT_TRUE(view.header_text().contains(QStringLiteral("1 open"))) << view.header_text().toStdString();
    EXPECT_TRUE(view.alert_text().contains(QStringLiteral("Breaker of primary is forced_open")))
        << view.alert_text().toStdString();
    client.state().breaker("primary").release_force(time.steady_ms());
    view.refresh();
    EXPECT_EQ(cell(row_of(QStringLiteral("primary")), 1), QStringLiteral("closed"));
}

TEST_F(DashboardTest, AlertsFireAboveTheirThresholdsAndLinkToTheEvents) {
    for (int i = 0; i < 6; ++i)
        request("primary", 2, i % 2 == 0);
    view.refresh();
    const QString alert = view.alert_text();
    EXPECT_TRUE(alert.contains(QStringLiteral("Retry rate"))) << alert.toStdString();
    EXPECT_TRUE(alert.contains(QStringLiteral("Error rate"))) << alert.toStdString();
    EXPECT_TRUE(alert.contains(QStringLiteral("href=\"retry_scheduled\"")))
        << "one click to the events behind it";
    time.advance_ms(40000);  // the alerts look at the last 30 s
    view.refresh();
    EXPECT_TRUE(view.alert_text().isEmpty()) << view.alert_text().toStdString();
}

TEST_F(DashboardTest, TheWaterfallDrawsTheLatestRetriedRequest) {
    request("primary", 2, true);
    EXPECT_EQ(view.waterfall()->segments(), 3 + 2) << "three attempts and two waits";
    request("primary", 0, true);
    EXPECT_EQ(view.waterfall()->segments(), 5) << "a request without retries does not replace it";
}

TEST_F(DashboardTest, ExportsMetricsAsCsvAndPausesAndResets) {
    request("primary", 1, true);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("metrics.csv"));
    view.export_metrics_csv(path);
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().split('\n');
    EXPECT_TRUE(lines[0].startsWith("unix_s,requests,succeeded"));
    EXPECT_EQ(lines.size(), MetricsAggregator::kHistorySeconds + 2);  // header, 600 seconds, final newline
    view.set_paused(true);
    EXPECT_TRUE(view.paused());
    view.set_paused(false);
    view.set_range_s(60);
    EXPECT_EQ(view.metrics().snapshot(60).requests, 1);
}

}  // namespace
}  // namespace stormproof
