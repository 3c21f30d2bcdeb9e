#pragma once

#include <QTimer>
#include <QWidget>

#include "llm/ClientContext.h"
#include "resilience/CircuitBreaker.h"
#include <deque>
#include <map>
#include <memory>

#include "telemetry/EventBus.h"
#include "telemetry/MetricsAggregator.h"

class QChart;
class QChartView;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineSeries;
class QProgressBar;
class QPushButton;
class QScatterSeries;
class QSpinBox;
class QSystemTrayIcon;
class QTableWidget;
class QValueAxis;
class QLogValueAxis;

namespace stormproof {

class LoadRunner;
class ResilientClient;
class WaterfallWidget;

// The live resilience dashboard: fleet header, a tile per target, attempts per second by outcome, scheduled
// waits by source against the cap, breaker states over time, retry and success-after-retry rates, a request's
// waterfall, the cost of resilience; controls, alerts and a load panel. Everything is computed in core
// (MetricsAggregator) from telemetry events; charts are redrawn 5 times a second, one replace() per series.
class DashboardView final : public QWidget {
    Q_OBJECT

public:
    static constexpr int kRefreshMs = 200;  // 5 redraws a second: live, and cheap

    DashboardView(ResilientClient& client, const ClientContext& context, QWidget* parent = nullptr);
    ~DashboardView() override;

    void refresh();
    void show_trace(const std::string& trace_id, const std::vector<TelemetryEvent>& events);
    void set_paused(bool paused);
    bool paused() const { return paused_; }
    void set_range_s(int seconds);
    void set_alert_thresholds(int retry_rate_pct, int error_rate_pct);
    const MetricsAggregator& metrics() const { return metrics_; }
    QString alert_text() const;
    QString header_text() const;
    QTableWidget* tiles() const { return tiles_; }
    WaterfallWidget* waterfall() const { return waterfall_; }
    QWidget* charts_area() const { return charts_; }
    // Exports; each returns an empty string on success, else why it failed (naming the file).
    QString export_metrics_csv(const QString& path) const;
    // The recent events (up to kMaxRecentEvents) as docs/INTERFACES.md's JSONL, free text censored.
    QString export_events_jsonl(const QString& path) const;
    // A chart by name (chart_names()), or "dashboard" for the whole view, as PNG.
    QString export_png(const QString& name, const QString& path);
    QStringList chart_names() const;
    // The price table of the cost estimate: read from path when it exists (else the built-in one); "Prices…"
    // saves edits there. A broken file is reported in the cost line and the built-in rates stay in force.
    void set_price_file(const QString& path);
    QString price_problem() const { return price_problem_; }
    QString cost_text() const;
    static constexpr std::size_t kMaxRecentEvents = 5000;

signals:
    void investigate(const QString& filter);

private:
    void build();
    void check_alerts(const MetricsSnapshot& recent);
    void update_tiles();
    void force_breaker(const QString& target, BreakerOverride mode);
    void start_load();
    void show_export_menu();
    void edit_prices();
    std::map<QString, QChartView*> chart_views_;

    ResilientClient& client_;
    ClientContext context_;
    EventBus& bus_;
    MetricsAggregator metrics_;
    EventBus::SubscriptionId subscription_ = 0;
    QTimer refresh_timer_;
    bool paused_ = false;
    int range_s_ = 120;

    QLabel* header_ = nullptr;
    QLabel* banner_ = nullptr;
    QLabel* cost_ = nullptr;
    QComboBox* range_ = nullptr;
    QPushButton* pause_ = nullptr;
    QSpinBox* retry_alert_pct_ = nullptr;
    QSpinBox* error_alert_pct_ = nullptr;
    QTableWidget* tiles_ = nullptr;
    QWidget* charts_ = nullptr;
    WaterfallWidget* waterfall_ = nullptr;

    QChart* outcome_chart_ = nullptr;
    std::vector<QLineSeries*> outcome_lines_;  // cumulative upper bounds of the stacked areas
    QValueAxis* outcome_x_ = nullptr;
    QValueAxis* outcome_y_ = nullptr;
    QChart* delay_chart_ = nullptr;
    std::map<std::string, QScatterSeries*> delay_points_;
    QLineSeries* delay_cap_ = nullptr;
    QLineSeries* hint_cap_ = nullptr;
    QValueAxis* delay_x_ = nullptr;
    QLogValueAxis* delay_y_ = nullptr;
    QChart* breaker_chart_ = nullptr;
    std::map<std::string, QLineSeries*> breaker_lines_;
    QValueAxis* breaker_x_ = nullptr;
    QChart* rate_chart_ = nullptr;
    QLineSeries* retry_rate_ = nullptr;
    QLineSeries* success_after_retry_ = nullptr;
    QLineSeries* error_rate_ = nullptr;
    QLineSeries* failure_threshold_ = nullptr;
    QLineSeries* slow_rate_ = nullptr;
    QLineSeries* slow_threshold_ = nullptr;
    QValueAxis* rate_x_ = nullptr;

    QSpinBox* load_requests_ = nullptr;
    QSpinBox* load_concurrency_ = nullptr;
    QPushButton* load_start_ = nullptr;
    QProgressBar* load_progress_ = nullptr;
    QLabel* load_result_ = nullptr;
    LoadRunner* load_ = nullptr;
    QSystemTrayIcon* tray_ = nullptr;  // created on the first alert, where a tray exists

    // Recent events, to draw the waterfall of the latest request that needed more than one attempt until the
    // user picks one.
    std::deque<TelemetryEvent> recent_;
    bool trace_pinned_ = false;
    QString price_file_;
    QString price_problem_;
    QPushButton* export_ = nullptr;
    // Idle: with no event in the visible range and nothing new since the last drawing, a refresh would draw
    // the same empty picture; skip it so an idle dashboard costs (almost) no CPU.
    std::int64_t last_event_ms_ = 0;
    bool drawn_idle_ = false;
    int tiles_refreshes_ = 0;
};

}  // namespace stormproof
