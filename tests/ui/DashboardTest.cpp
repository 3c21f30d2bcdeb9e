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

#include <QCategoryAxis>
#include <QChart>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>

#include "dashboard/AlertArea.h"
#include "dashboard/DashboardCharts.h"
#include "dashboard/DashboardView.h"
#include "dashboard/EventLogPanel.h"
#include "dashboard/PriceTableDialog.h"
#include "dashboard/WaterfallWidget.h"
#include "llm/ResilientClient.h"
#include "resilience/SeededRandom.h"
#include "resilience/SimulatedTime.h"
#include "support/AppHarness.h"

namespace stormproof {
namespace {

// The app harness on the fake clock (no simulator: the events are made here), with the dashboard on it.
class DashboardTest : public ::testing::Test {
protected:
    test::AppHarness app{{test::AppHarnessOptions::Time::Simulated, /*random_seed=*/3, /*simulator_seed=*/0,
                          /*start_simulator=*/false}};
    SimulatedTime& time = app.simulated_time();
    EventBus& bus = app.bus();
    ResilientClient& client = app.client();
    DashboardView view{client, app.context()};
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

// The link to the shared state (Redis, policy shared_state): no line without one; once there is, whether it
// is up, and when down, why.
TEST_F(DashboardTest, TheSharedStateLinkIsShownOnceThereIsOneAndSaysWhyItIsDown) {
    EXPECT_TRUE(view.shared_state_text().isEmpty());
    TelemetryEvent down;
    down.ts_ms = time.system_ms();
    down.event = EventKind::SharedStateChanged;
    down.ok = false;
    down.detail = "redis://127.0.0.1:6390: Connection refused";
    bus.publish(down);
    EXPECT_TRUE(view.shared_state_text().contains(QStringLiteral("down")))
        << view.shared_state_text().toStdString();
    EXPECT_TRUE(view.shared_state_text().contains(QStringLiteral("Connection refused")))
        << view.shared_state_text().toStdString();
    TelemetryEvent up = down;
    up.ok = true;
    up.detail.clear();
    bus.publish(up);
    EXPECT_TRUE(view.shared_state_text().contains(QStringLiteral("connected")))
        << view.shared_state_text().toStdString();
}

TEST_F(DashboardTest, AlertsFireAboveTheirThresholdsAndLinkToTheEvents) {
    // A real sample (kMinRequestsForErrorAlert finished requests, more attempts than the retry alert needs).
    for (int i = 0; i < kMinRequestsForErrorAlert; ++i)
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
    // The canary is shaped like a provider key, which the client's redactor masks whether registered or not.
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
    cut.error_class = ErrorClass::Network;
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
    EXPECT_EQ(replaced, 0) << "the same points: the series is left alone";
    time.advance_ms(1000);
    view.refresh();
    EXPECT_EQ(replaced, 1) << "events still in range, a second older: redrawn";
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

// ---- issue 17: every chart reads without its title --------------------------------------------------------

TEST_F(DashboardTest, TheBreakerAxisNamesTheStates) {
    QCategoryAxis* axis = view.charts()->breaker_axis();
    ASSERT_TRUE(axis);
    EXPECT_EQ(axis->categoriesLabels(),
              (QStringList{QStringLiteral("closed"), QStringLiteral("half-open"), QStringLiteral("open")}));
    // Each state's line sits inside its own named band.
    request("primary", 0, true);
    client.force_breaker("primary", BreakerOverride::ForceOpen);
    view.refresh();
    auto* chart = view.findChild<QChartView*>(QStringLiteral("chart_breakers"));
    ASSERT_TRUE(chart);
    QLineSeries* line = nullptr;
    for (QAbstractSeries* series : chart->chart()->series()) {
        if (series->name() == QStringLiteral("primary"))
            line = qobject_cast<QLineSeries*>(series);
    }
    ASSERT_TRUE(line && !line->points().isEmpty());
    const double y = line->points().back().y();
    EXPECT_GT(y, axis->startValue(QStringLiteral("open")));
    EXPECT_LT(y, axis->endValue(QStringLiteral("open")));
}

TEST_F(DashboardTest, LegendsNameEverySeriesWholeAndWrapInsteadOfCutting) {
    request("primary", 1, true);
    view.refresh();
    view.resize(560, 1200);  // a dock beside the chat at 1366x768: two charts of ~270 px side by side
    for (const QString& name : view.chart_names()) {
        SCOPED_TRACE(name.toStdString());
        const QString legend = view.charts()->legend_text(name);
        EXPECT_FALSE(legend.contains(QChar(0x2026))) << "no name is cut";
        for (QAbstractSeries* series : view.charts()->view(name)->chart()->series()) {
            const QString whole = DashboardCharts::legend_name(series->name());
            EXPECT_FALSE(whole.contains(QLatin1Char('-')) || whole.contains(QLatin1Char(' ')))
                << "no place to break inside a name";
            EXPECT_TRUE(legend.contains(whole)) << series->name().toStdString();
        }
        auto* label = view.findChild<QLabel*>(QStringLiteral("legend_") + name);
        ASSERT_TRUE(label);
        EXPECT_TRUE(label->wordWrap());
        EXPECT_LE(label->minimumSizeHint().width(), 270) << "the legend never widens its chart";
        EXPECT_FALSE(view.charts()->view(name)->chart()->legend()->isVisible());
    }
}

TEST_F(DashboardTest, TheWaterfallHasATimeAxisWhoseLabelsNeverTouch) {
    std::vector<TelemetryEvent> trace;
    auto recorder = bus.subscription([&trace](const TelemetryEvent& e) { trace.push_back(e); });
    request("primary", 3, true);  // 4 attempts, 3 waits: about a second
    WaterfallWidget standalone;   // out of the dashboard's layout, so each width below is the one painted
    WaterfallWidget* w = &standalone;
    w->show_trace(trace);
    for (int width : {260, 420, 900}) {
        SCOPED_TRACE(width);
        w->resize(width, 150);
        w->grab();
        const auto& ticks = w->ticks();
        ASSERT_GE(ticks.size(), 2U) << "a start and at least one more time";
        EXPECT_EQ(ticks.front().label, QStringLiteral("0 ms"));
        for (std::size_t i = 1; i < ticks.size(); ++i) {
            EXPECT_GE(ticks[i].rect.left(), ticks[i - 1].rect.right() + 4)
                << ticks[i - 1].label.toStdString() << " touches " << ticks[i].label.toStdString();
            EXPECT_LE(ticks[i].rect.right(), width);
        }
        for (const auto& bar : w->drawn())
            EXPECT_LE(bar.bar.bottom(), ticks.front().rect.top()) << "bars stay above the axis";
    }
}

TEST_F(DashboardTest, TheClickedTraceStaysWhenOtherRequestsFinishAndFollowsItsOwnEvents) {
    std::vector<TelemetryEvent> seen;
    auto recorder = bus.subscription([&seen](const TelemetryEvent& e) { seen.push_back(e); });
    request("primary", 1, true);  // trace1: 2 attempts, 1 wait
    std::vector<TelemetryEvent> trace1;
    for (const auto& e : seen)
        if (e.trace_id == "trace1")
            trace1.push_back(e);
    view.show_trace("trace1", trace1);
    EXPECT_EQ(view.waterfall()->trace_id(), "trace1");
    EXPECT_EQ(view.waterfall()->segments(), 3);
    request("primary", 2, true);
    request("backup", 3, false);
    view.refresh();
    EXPECT_EQ(view.waterfall()->trace_id(), "trace1") << "other retried requests do not take it away";
    EXPECT_EQ(view.waterfall()->segments(), 3);
    auto more = ev(EventKind::RetryScheduled, "trace1", "primary");  // the picked request goes on
    more.delay_ms = 500;
    more.delay_source = DelaySource::RetryAfter;
    bus.publish(more);
    view.refresh();
    EXPECT_EQ(view.waterfall()->segments(), 4) << "its own new events are drawn";
    view.follow_latest();
    request("primary", 1, true);
    EXPECT_EQ(view.waterfall()->trace_id(), "trace" + std::to_string(n)) << "following the latest again";
}

// ---- alerts: a real sample, a still layout
// ------------------------------------------------------------------

TEST_F(DashboardTest, AnErrorAlertNeedsItsMinimumSampleThenFires) {
    for (int i = 0; i < kMinRequestsForErrorAlert - 1; ++i)
        request("primary", 0, false);  // every one failed: 100%, but too few to judge
    view.refresh();
    EXPECT_FALSE(view.alert_text().contains(QStringLiteral("Error rate"))) << view.alert_text().toStdString();
    EXPECT_TRUE(view.alert_area()->line(1)->text().contains(QStringLiteral("%1 of the %2 requests")
                                                                .arg(kMinRequestsForErrorAlert - 1)
                                                                .arg(kMinRequestsForErrorAlert)))
        << view.alert_area()->line(1)->text().toStdString();
    request("primary", 0, false);
    view.refresh();
    EXPECT_TRUE(view.alert_text().contains(QStringLiteral("Error rate"))) << view.alert_text().toStdString();
}

TEST_F(DashboardTest, AlertsDoNotMoveTheLayoutAndTheLinkStaysWhereItWas) {
    view.resize(900, 1100);
    view.show();
    QApplication::processEvents();
    const int height = view.alert_area()->height();
    const int tiles_y = view.tiles()->y();
    const QRect error_line = view.alert_area()->line(1)->geometry();
    EXPECT_EQ(view.alert_area()->minimumHeight(), view.alert_area()->maximumHeight()) << "a fixed height";
    for (int i = 0; i < kMinRequestsForErrorAlert; ++i)
        request("primary", 2, i % 2 == 0);
    client.force_breaker("primary", BreakerOverride::ForceOpen);
    view.refresh();
    QApplication::processEvents();
    ASSERT_TRUE(view.alert_text().contains(QStringLiteral("Retry rate")));
    ASSERT_TRUE(view.alert_text().contains(QStringLiteral("Breaker of primary")));
    EXPECT_EQ(view.alert_area()->height(), height);
    EXPECT_EQ(view.tiles()->y(), tiles_y) << "nothing below the alerts moved";
    EXPECT_EQ(view.alert_area()->line(1)->geometry(), error_line);
    EXPECT_TRUE(view.alert_area()->line(1)->text().contains(QStringLiteral("href=\"request_finished\"")))
        << "the error alert's link is on the error line, where the calm text was";
}

TEST_F(DashboardTest, TheThresholdSpinBoxesReportEditsAndTheSettingsDoNotEcho) {
    QSignalSpy edited(&view, &DashboardView::alert_thresholds_changed);
    view.set_alert_thresholds(40, 20);
    EXPECT_EQ(edited.count(), 0) << "setting from the settings is not an edit";
    EXPECT_EQ(view.alert_thresholds(), (AlertThresholds{40, 20}));
    auto* retry = view.findChild<QSpinBox*>(QStringLiteral("retryAlertPct"));
    ASSERT_TRUE(retry);
    retry->setValue(55);
    ASSERT_EQ(edited.count(), 1);
    EXPECT_EQ(edited.front().at(0).toInt(), 55);
    EXPECT_EQ(edited.front().at(1).toInt(), 20);
    EXPECT_EQ(view.alert_thresholds().retry_rate_pct, 55) << "and the alerts use it";
}

// ---- the Events table
// ----------------------------------------------------------------------------------------

TEST_F(DashboardTest, TheEventsHeaderCountsWhatTheFilterShowsAndTheDetailsPaneShowsAllOfAnEvent) {
    EventLogPanel panel(bus);
    request("primary", 1, true);  // 1 + 2x2 + 1 wait + 1 = 7 events
    request("backup", 0, true);   // 4 events
    panel.flush();
    EXPECT_TRUE(panel.counts_text().startsWith(QStringLiteral("11 events · 1 retries")))
        << panel.counts_text().toStdString();
    panel.set_filter(QStringLiteral("backup"));
    EXPECT_TRUE(panel.counts_text().startsWith(QStringLiteral("4 of 11 events match")))
        << panel.counts_text().toStdString();
    EXPECT_TRUE(panel.counts_text().contains(QStringLiteral("0 retries")))
        << panel.counts_text().toStdString();
    panel.set_filter(QString());
    EXPECT_TRUE(panel.counts_text().startsWith(QStringLiteral("11 events")));

    // Column 5 (class) of the first failed attempt: its tooltip is its whole text, and selecting the row
    // fills the details pane with every field.
    QTableView* table = panel.table();
    int failed_row = -1;
    for (int r = 0; r < table->model()->rowCount(); ++r) {
        if (table->model()->index(r, 5).data().toString() == QStringLiteral("server_error"))
            failed_row = r;
    }
    ASSERT_GE(failed_row, 0);
    EXPECT_EQ(table->model()->index(failed_row, 5).data(Qt::ToolTipRole).toString(),
              QStringLiteral("server_error"));
    EXPECT_TRUE(panel.details_text().isEmpty());
    table->setCurrentIndex(table->model()->index(failed_row, 0));
    const QString details = panel.details_text();
    EXPECT_TRUE(details.contains(QStringLiteral("trace_id: trace1"))) << details.toStdString();
    EXPECT_TRUE(details.contains(QStringLiteral("error_class: server_error"))) << details.toStdString();
    EXPECT_TRUE(details.contains(QStringLiteral("status: 503"))) << details.toStdString();
    panel.resize(560, 400);
    panel.show();
    QApplication::processEvents();
    const QFontMetrics fm = table->fontMetrics();
    EXPECT_GE(table->columnWidth(5), fm.horizontalAdvance(QStringLiteral("server_error")))
        << "the class column shows a class whole";
    EXPECT_LT(table->columnWidth(8), table->width() / 4) << "the trace column no longer takes half";
}

// ---- prices and themes
// -----------------------------------------------------------------------------------------

TEST_F(DashboardTest, TheSimulatorsCostIsLabelledAsAnEstimateAtAnotherModelsPrice) {
    auto done = ev(EventKind::RequestFinished, "sim", "simulator");
    done.model = "sim-flaky";
    done.ok = true;
    done.input_tokens = 1000;
    done.output_tokens = 1000;
    bus.publish(done);
    view.refresh();
    const QString text = view.cost_text();
    EXPECT_TRUE(text.contains(QStringLiteral("an estimate at list prices"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("sim-flaky at $2.50/$10.00"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("priced like gpt-4o"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("no real charge"))) << text.toStdString();
}

TEST_F(DashboardTest, InADarkPaletteTheChartsAreDarkWithLightText) {
    QPalette dark = view.palette();
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    view.setPalette(dark);
    for (const QString& name : view.chart_names()) {
        SCOPED_TRACE(name.toStdString());
        QChart* chart = view.charts()->view(name)->chart();
        EXPECT_EQ(chart->backgroundBrush().color(), QColor(0x1e, 0x1e, 0x1e));
        EXPECT_EQ(chart->titleBrush().color(), QColor(0xe6, 0xe6, 0xe6));
        for (QAbstractAxis* axis : chart->axes())
            EXPECT_EQ(axis->labelsBrush().color(), QColor(0xe6, 0xe6, 0xe6));
    }
}

}  // namespace
}  // namespace stormproof
