#pragma once

#include <QTimer>
#include <QWidget>
#include <deque>
#include <vector>

#include "llm/ClientContext.h"
#include "resilience/CircuitBreaker.h"
#include "telemetry/AlertPolicy.h"
#include "telemetry/EventBus.h"
#include "telemetry/MetricsAggregator.h"

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace stormproof {

class AlertArea;
class DashboardCharts;
class LoadPanel;
class ResilientClient;
class TargetTiles;
class WaterfallWidget;

// The live resilience dashboard: it lays out and wires the parts, and refreshes them 5 times a second.
// The numbers come from core/telemetry (MetricsAggregator fed by the bus; DashboardSeries, AlertPolicy,
// CostEstimate and FleetSummary compute what is shown); the parts only display: the fleet header, the
// alert area (AlertArea), a tile per target (TargetTiles), the four charts (DashboardCharts), a request's
// waterfall (WaterfallWidget), the cost line, the load panel (LoadPanel). Exports are in DashboardExports,
// the price file in PriceFile.
class DashboardView final : public QWidget {
    Q_OBJECT

public:
    static constexpr int kRefreshMs = 200;  // 5 redraws a second: live, and cheap
    static constexpr std::size_t kMaxRecentEvents = 5000;

    DashboardView(ResilientClient& client, const ClientContext& context, QWidget* parent = nullptr);
    ~DashboardView() override;

    void refresh();
    // Shows one request's waterfall and keeps it (new events of that request update it; others never
    // replace it) until follow_latest().
    void show_trace(const std::string& trace_id, const std::vector<TelemetryEvent>& events);
    // Back to drawing the latest request that needed more than one attempt.
    void follow_latest();
    bool trace_pinned() const { return !pinned_trace_.empty(); }
    void set_paused(bool paused);
    bool paused() const { return paused_; }
    void set_range_s(int seconds);
    // The thresholds in force (from the settings); the spin boxes show them and report edits through
    // alert_thresholds_changed so the settings keep one copy.
    void set_alert_thresholds(int retry_rate_pct, int error_rate_pct);
    AlertThresholds alert_thresholds() const { return thresholds_; }
    const MetricsAggregator& metrics() const { return metrics_; }
    // The firing alerts (rich text, one per line); empty when calm.
    QString alert_text() const;
    QString header_text() const;
    // The link to the shared state (Redis), once the app has one: "Shared state: connected" or why it is
    // down; empty (and hidden) without shared_state in the policy.
    QString shared_state_text() const;
    QTableWidget* tiles() const;
    WaterfallWidget* waterfall() const { return waterfall_; }
    DashboardCharts* charts() const { return charts_; }
    QWidget* charts_area() const;
    AlertArea* alert_area() const { return alerts_; }
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

signals:
    void investigate(const QString& filter);
    void alert_thresholds_changed(int retry_rate_pct, int error_rate_pct);

private:
    void build();
    void on_event(const TelemetryEvent& e);
    void draw_trace(const std::vector<TelemetryEvent>& events);
    void force_breaker(const QString& target, BreakerOverride mode);
    void edit_prices();
    void thresholds_edited();

    ResilientClient& client_;
    ClientContext context_;
    MetricsAggregator metrics_;
    EventBus::Subscription subscription_;
    QTimer refresh_timer_;
    bool paused_ = false;
    int range_s_ = 120;
    AlertThresholds thresholds_;

    QLabel* header_ = nullptr;
    QLabel* shared_state_ = nullptr;
    AlertArea* alerts_ = nullptr;
    QComboBox* range_ = nullptr;
    QPushButton* pause_ = nullptr;
    QPushButton* export_ = nullptr;
    QLabel* export_status_ = nullptr;
    QSpinBox* retry_alert_pct_ = nullptr;
    QSpinBox* error_alert_pct_ = nullptr;
    TargetTiles* tiles_ = nullptr;
    DashboardCharts* charts_ = nullptr;
    WaterfallWidget* waterfall_ = nullptr;
    QPushButton* follow_latest_ = nullptr;
    QLabel* cost_ = nullptr;
    LoadPanel* load_ = nullptr;

    // Recent events, to draw the waterfall of the latest request that needed more than one attempt until the
    // person picks one (then that request's own events, as they come).
    std::deque<TelemetryEvent> recent_;
    std::string pinned_trace_;
    std::vector<TelemetryEvent> pinned_events_;
    bool pinned_dirty_ = false;
    QString price_file_;
    QString price_problem_;
    // Idle: with no event in the visible range and nothing new since the last drawing, a refresh would draw
    // the same empty picture; skip it so an idle dashboard costs (almost) no CPU.
    std::int64_t last_event_ms_ = 0;
    bool drawn_idle_ = false;
};

}  // namespace stormproof
