// The dashboard offscreen, fed synthetic telemetry on a simulated clock.
#include <gtest/gtest.h>

#include <QApplication>
#include <QAreaSeries>
#include <QChartView>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineSeries>
#include <QTableWidget>
#include <QTemporaryDir>

#include "dashboard/DashboardView.h"
#include "dashboard/PriceTableDialog.h"
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
    DashboardView view{client, ClientContext{time, time, random, bus, secrets}};
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
            f.error_class = ErrorClass::ServerError;
            bus.publish(f);
            auto r = ev(EventKind::RetryScheduled, trace, target);
            r.attempt = attempt;
            r.delay_ms = 200;
            r.delay_source = DelaySource::Backoff;
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
            f.error_class = ErrorClass::ServerError;
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
    client.force_breaker("primary", BreakerOverride::ForceOpen);
    view.refresh();
    EXPECT_EQ(cell(row_of(QStringLiteral("primary")), 1), QStringLiteral("forced_open"));
    EXPECT_TRUE(view.header_text().contains(QStringLiteral("1 open"))) << view.header_text().toStdString();
    EXPECT_TRUE(view.alert_text().contains(QStringLiteral("Breaker of primary is forced_open")))
        << view.alert_text().toStdString();
    client.force_breaker("primary", BreakerOverride::Automatic);
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

TEST_F(DashboardTest, WaterfallLabelsNeverOverlapAndEveryBarHasItsTooltip) {
    request("primary", 3, true);  // four quick attempts and three waits: slivers next to wide waits
    WaterfallWidget* w = view.waterfall();
    w->resize(420, 150);
    w->grab();  // paints
    const auto& drawn = w->drawn();
    ASSERT_EQ(drawn.size(), 7U);
    int labelled = 0;
    for (std::size_t i = 0; i < drawn.size(); ++i) {
        EXPECT_FALSE(drawn[i].full_label.isEmpty());
        const QPoint centre = drawn[i].bar.center().toPoint();
        EXPECT_FALSE(w->tooltip_at(centre).isEmpty()) << "bar " << i << " has no tooltip";
        if (drawn[i].label.isEmpty())
            continue;
        ++labelled;
        EXPECT_LE(drawn[i].label_rect.right(), w->width()) << "label " << i << " runs off the widget";
        for (std::size_t j = 0; j < drawn.size(); ++j) {
            if (j == i || drawn[j].label.isEmpty())
                continue;
            EXPECT_FALSE(drawn[i].label_rect.intersects(drawn[j].label_rect))
                << drawn[i].label.toStdString() << " overlaps " << drawn[j].label.toStdString();
        }
    }
    EXPECT_GE(labelled, 3) << "the waits at least have room for their labels";
    EXPECT_TRUE(w->tooltip_at(QPoint(1, 1)).isEmpty());
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

TEST_F(DashboardTest, ExportsEventsAsJsonlAndEveryChartAsPng) {
    client.redactor().add_secret("sk-canary-0123456789abcdefghij");
    request("primary", 2, true);
    auto leaky = ev(EventKind::AttemptFinished, "trace-leak", "primary");
    leaky.detail = "upstream said: bad key sk-canary-0123456789abcdefghij";
    bus.publish(leaky);
    QTemporaryDir dir;
    const QString events = dir.filePath(QStringLiteral("events.jsonl"));
    ASSERT_EQ(view.export_events_jsonl(events), QString());
    QFile f(events);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QByteArray body = f.readAll();
    const QList<QByteArray> lines = body.trimmed().split('\n');
    // started + 3 x (attempt started, finished) + 2 waits + finished = 10, and the leaky one.
    EXPECT_EQ(lines.size(), 11) << body.toStdString();
    EXPECT_TRUE(lines.front().contains("\"event\":\"request_started\"")) << lines.front().toStdString();
    EXPECT_FALSE(body.contains("sk-canary")) << "free text is censored in exports";

    QStringList names = view.chart_names();
    names << QStringLiteral("dashboard");
    for (const QString& name : names) {
        const QString png = dir.filePath(name + QStringLiteral(".png"));
        ASSERT_EQ(view.export_png(name, png), QString()) << name.toStdString();
        QImage image(png);
        EXPECT_FALSE(image.isNull()) << name.toStdString();
        EXPECT_GT(image.width(), 100);
    }
    EXPECT_EQ(view.chart_names().size(), 4);
    EXPECT_TRUE(view.export_png(QStringLiteral("nope"), dir.filePath(QStringLiteral("x.png")))
                    .contains(QStringLiteral("no chart")));
    EXPECT_FALSE(view.export_events_jsonl(dir.filePath(QStringLiteral("missing/dir/e.jsonl"))).isEmpty());
}

TEST_F(DashboardTest, TheCostLineCountsWastedTokensAndNamesUnpricedModels) {
    const std::string trace = "costly";
    bus.publish(ev(EventKind::RequestStarted, trace, "primary"));
    auto cut = ev(EventKind::AttemptFinished, trace, "primary");
    cut.model = "gpt-4o-mini";
    cut.ok = false;
    cut.error_class = ErrorClass::Network;  // how a cut stream is classed
    cut.input_tokens = 1000;
    cut.output_tokens = 500;
    bus.publish(cut);
    auto done = ev(EventKind::RequestFinished, trace, "primary");
    done.model = "my-local-model";
    done.ok = true;
    done.input_tokens = 1000;
    done.output_tokens = 800;
    bus.publish(done);
    view.refresh();
    const QString text = view.cost_text();
    EXPECT_TRUE(text.contains(QStringLiteral("1800 delivered, 1500 wasted"))) << text.toStdString();
    // 1000 x 0.15 + 500 x 0.60 per million = $0.00045
    EXPECT_TRUE(text.contains(QStringLiteral("of which $0.00045 wasted"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("my-local-model"))) << text.toStdString();
}

TEST_F(DashboardTest, APriceFileIsReadAndABrokenOneIsReportedWithTheBuiltInKept) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("prices.json"));
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(R"({"models": [{"match": "house-model", "input_per_mtok": 1, "output_per_mtok": 2}]})");
    f.close();
    view.set_price_file(path);
    EXPECT_TRUE(view.price_problem().isEmpty()) << view.price_problem().toStdString();
    EXPECT_TRUE(view.metrics().prices().price_of("house-model"));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(R"({"models": [{"match": "house-model", "input_per_mtok": "cheap"}]})");
    f.close();
    view.set_price_file(path);
    EXPECT_TRUE(view.price_problem().contains(QStringLiteral("models[0].input_per_mtok")))
        << view.price_problem().toStdString();
    EXPECT_TRUE(view.metrics().prices().price_of("gpt-4o")) << "the built-in table is in force";
    EXPECT_TRUE(view.cost_text().contains(view.price_problem()));
}

TEST_F(DashboardTest, ThePriceDialogNamesTheRowOfABadValueAndSavesAGoodTable) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("prices.json"));
    PriceTableDialog dialog(PriceTable::builtin(), path);
    QTableWidget* table = dialog.table();
    ASSERT_GT(table->rowCount(), 2);
    table->item(2, 1)->setText(QStringLiteral("-3"));
    EXPECT_FALSE(dialog.save());
    EXPECT_FALSE(QFile::exists(path)) << "nothing is written while the table is invalid";
    auto* error = dialog.findChild<QLabel*>(QStringLiteral("priceError"));
    ASSERT_TRUE(error);
    EXPECT_TRUE(error->text().startsWith(QStringLiteral("row 3, input_per_mtok")))
        << error->text().toStdString();
    table->item(2, 1)->setText(QStringLiteral("3"));
    ASSERT_TRUE(dialog.save());
    std::vector<ConfigError> errors;
    const auto saved = PriceTable::load_file(path.toStdString(), errors);
    ASSERT_TRUE(saved);
    EXPECT_DOUBLE_EQ(saved->entries()[2].price.input_usd_per_mtok, 3);
}

TEST_F(DashboardTest, TheRatesChartShowsTheSlowCallRateAgainstItsThreshold) {
    Policy p = Policy::default_policy();
    p.resilience.breaker.slow_call_ms = 1000;
    p.resilience.breaker.slow_call_rate_threshold_pct = 50;
    client.set_policy(p);
    for (int i = 0; i < 4; ++i) {
        auto f = ev(EventKind::AttemptFinished, "s" + std::to_string(i), "primary");
        f.ttft_ms = i < 3 ? 5000 : 10;  // three of four slow
        f.ok = true;
        bus.publish(f);
    }
    view.refresh();
    auto* chart = view.findChild<QChartView*>(QStringLiteral("chart_rates"));
    ASSERT_TRUE(chart);
    QLineSeries* slow = nullptr;
    QLineSeries* threshold = nullptr;
    for (QAbstractSeries* s : chart->chart()->series()) {
        if (s->name() == QStringLiteral("slow calls"))
            slow = qobject_cast<QLineSeries*>(s);
        if (s->name() == QStringLiteral("slow limit"))
            threshold = qobject_cast<QLineSeries*>(s);
    }
    ASSERT_TRUE(slow && threshold);
    ASSERT_FALSE(slow->points().isEmpty());
    EXPECT_DOUBLE_EQ(slow->points().back().y(), 75.0);
    EXPECT_DOUBLE_EQ(threshold->points().back().y(), 50.0);
}

TEST_F(DashboardTest, AnIdleDashboardSkipsRedrawingTheSamePicture) {
    request("primary", 0, true);
    view.refresh();
    auto* chart = view.findChild<QChartView*>(QStringLiteral("chart_outcomes"));
    ASSERT_TRUE(chart);
    auto* area = qobject_cast<QAreaSeries*>(chart->chart()->series().front());
    ASSERT_TRUE(area);
    int replaced = 0;
    QObject::connect(area->upperSeries(), &QXYSeries::pointsReplaced, [&replaced] { ++replaced; });
    view.refresh();
    EXPECT_EQ(replaced, 1) << "events still in range: redrawn";
    time.advance_ms(200 * 1000);  // past the 2-minute range
    view.refresh();
    EXPECT_EQ(replaced, 2) << "one last drawing of the empty range";
    view.refresh();
    view.refresh();
    EXPECT_EQ(replaced, 2) << "then nothing until something happens";
    request("primary", 0, true);
    view.refresh();
    EXPECT_EQ(replaced, 3);
}

}  // namespace
}  // namespace stormproof
