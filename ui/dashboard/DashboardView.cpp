#include "DashboardView.h"

#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>

#include "AlertArea.h"
#include "CostWords.h"
#include "DashboardCharts.h"
#include "DashboardExports.h"
#include "LoadPanel.h"
#include "PriceFile.h"
#include "TargetTiles.h"
#include "WaterfallWidget.h"
#include "llm/ResilientClient.h"
#include "telemetry/CostEstimate.h"
#include "telemetry/DashboardSeries.h"
#include "telemetry/FleetSummary.h"

namespace stormproof {

namespace {
// At most this many wait markers on the chart: thousands of them cost a frame each refresh and read no
// better.
constexpr std::size_t kMaxPlottedWaits = 300;

QString pct(double rate) {
    return QString::number(rate * 100.0, 'f', 1) + QLatin1Char('%');
}
}  // namespace

DashboardView::DashboardView(ResilientClient& client, const ClientContext& context, QWidget* parent)
    : QWidget(parent), client_(client), context_(context), metrics_(context.clock) {
    setObjectName(QStringLiteral("dashboard"));
    metrics_.set_prices(PriceTable::builtin());
    build();
    subscription_ = context_.bus.subscription([this](const TelemetryEvent& e) { on_event(e); });
    refresh_timer_.setInterval(kRefreshMs);
    connect(&refresh_timer_, &QTimer::timeout, this, &DashboardView::refresh);
    refresh_timer_.start();
    refresh();
}

DashboardView::~DashboardView() = default;

void DashboardView::on_event(const TelemetryEvent& e) {
    if (e.event == EventKind::SharedStateChanged) {
        // Not a request's event: the link to the other processes' shared breakers and waits.
        const bool up = e.ok.value_or(false);
        shared_state_->setText(
            up ? tr("Shared state: connected; trips and waits are shared with other processes")
               : tr("Shared state: down (%1); this process decides alone until it is back")
                     .arg(QString::fromStdString(client_.redact(e.detail))));
        shared_state_->setProperty("up", up);
        shared_state_->setVisible(true);
    }
    metrics_.record(e);
    last_event_ms_ = e.ts_ms;
    drawn_idle_ = false;
    recent_.push_back(e);
    while (recent_.size() > kMaxRecentEvents)
        recent_.pop_front();
    if (!pinned_trace_.empty()) {
        // The person's request keeps the waterfall: its own new events are drawn at the next refresh.
        if (e.trace_id == pinned_trace_ && pinned_events_.size() < kMaxRecentEvents) {
            pinned_events_.push_back(e);
            pinned_dirty_ = true;
        }
        return;
    }
    if (e.event == EventKind::RequestFinished && e.attempt.value_or(0) > 1) {
        // Its events, found from the newest back to its request_started (a request publishes nothing before
        // it): a few dozen events under load, where reading all kMaxRecentEvents for every retried request
        // cost 5,000 string comparisons each, 15 M instructions per 200 ms at 2,000 events/s (callgrind,
        // ui_bench).
        std::vector<const TelemetryEvent*> found;
        for (auto it = recent_.rbegin(); it != recent_.rend(); ++it) {
            if (it->trace_id != e.trace_id)
                continue;
            found.push_back(&*it);
            if (it->event == EventKind::RequestStarted)
                break;
        }
        std::vector<TelemetryEvent> trace;
        trace.reserve(found.size());
        for (auto it = found.rbegin(); it != found.rend(); ++it)
            trace.push_back(**it);
        draw_trace(trace);
    }
}

void DashboardView::build() {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    header_ = new QLabel(this);
    header_->setObjectName(QStringLiteral("fleetHeader"));
    header_->setWordWrap(true);
    QFont big = header_->font();
    big.setPointSizeF(big.pointSizeF() * 1.1);
    big.setBold(true);
    header_->setFont(big);
    layout->addWidget(header_);
    shared_state_ = new QLabel(this);
    shared_state_->setObjectName(QStringLiteral("sharedStateLink"));
    shared_state_->setWordWrap(true);
    shared_state_->setVisible(false);
    layout->addWidget(shared_state_);

    alerts_ = new AlertArea(this);
    connect(alerts_, &AlertArea::investigate, this, &DashboardView::investigate);
    layout->addWidget(alerts_);

    auto* controls = new QHBoxLayout;
    pause_ = new QPushButton(tr("Pause"), this);
    pause_->setObjectName(QStringLiteral("pauseButton"));
    connect(pause_, &QPushButton::clicked, this, [this] { set_paused(!paused_); });
    range_ = new QComboBox(this);
    range_->setObjectName(QStringLiteral("rangePicker"));
    range_->addItem(tr("last 1 min"), 60);
    range_->addItem(tr("last 2 min"), 120);
    range_->addItem(tr("last 5 min"), 300);
    range_->addItem(tr("last 10 min"), 600);
    range_->setCurrentIndex(1);
    connect(range_, &QComboBox::currentIndexChanged, this,
            [this] { set_range_s(range_->currentData().toInt()); });
    auto* reset = new QPushButton(tr("Reset"), this);
    connect(reset, &QPushButton::clicked, this, [this] {
        metrics_.reset();
        drawn_idle_ = false;
        refresh();
    });
    export_ = new QPushButton(tr("Export"), this);
    export_->setObjectName(QStringLiteral("dashboardExport"));
    export_->setToolTip(tr("Save the events (JSONL), the metrics (CSV) or a chart (PNG)"));
    connect(export_, &QPushButton::clicked, this, [this] {
        ExportActions actions;
        actions.events_jsonl = [this](const QString& p) { return export_events_jsonl(p); };
        actions.metrics_csv = [this](const QString& p) { return export_metrics_csv(p); };
        actions.chart_png = [this](const QString& name, const QString& p) { return export_png(name, p); };
        actions.chart_names = chart_names() << QStringLiteral("dashboard");
        actions.done = [this](const QString& message) {
            export_status_->setText(message);
            export_status_->setToolTip(message);
            export_status_->show();
        };
        show_export_menu(this, export_->mapToGlobal(QPoint(0, export_->height())), actions);
    });
    auto* prices = new QPushButton(tr("Prices…"), this);
    prices->setObjectName(QStringLiteral("editPrices"));
    prices->setToolTip(tr("The per-model prices behind the cost estimate"));
    connect(prices, &QPushButton::clicked, this, &DashboardView::edit_prices);
    const auto threshold_box = [this](const QString& name, int value, const QString& tip) {
        auto* box = new QSpinBox(this);
        box->setObjectName(name);
        box->setRange(AlertThresholds::kMinPct, AlertThresholds::kMaxPct);
        box->setValue(value);
        box->setSuffix(QStringLiteral("%"));
        box->setToolTip(tip);
        connect(box, &QSpinBox::valueChanged, this, &DashboardView::thresholds_edited);
        return box;
    };
    retry_alert_pct_ =
        threshold_box(QStringLiteral("retryAlertPct"), thresholds_.retry_rate_pct,
                      tr("Alert when retries exceed this share of the attempts of the last %1 s "
                         "(once there are at least %2 attempts)")
                          .arg(kAlertWindowS)
                          .arg(kMinAttemptsForRetryAlert));
    error_alert_pct_ =
        threshold_box(QStringLiteral("errorAlertPct"), thresholds_.error_rate_pct,
                      tr("Alert when failed requests exceed this share of the requests finished in "
                         "the last %1 s (once there are at least %2)")
                          .arg(kAlertWindowS)
                          .arg(kMinRequestsForErrorAlert));
    controls->addWidget(pause_);
    controls->addWidget(range_);
    controls->addWidget(reset);
    controls->addWidget(export_);
    controls->addWidget(prices);
    controls->addStretch(1);
    layout->addLayout(controls);
    // The thresholds on a row of their own: the dashboard stays usable in a dock a third of a 1366 px screen
    // wide.
    auto* thresholds = new QHBoxLayout;
    thresholds->addWidget(new QLabel(tr("Alert above: retries"), this));
    thresholds->addWidget(retry_alert_pct_);
    thresholds->addWidget(new QLabel(tr("errors"), this));
    thresholds->addWidget(error_alert_pct_);
    thresholds->addStretch(1);
    layout->addLayout(thresholds);
    export_status_ = new QLabel(this);
    export_status_->setObjectName(QStringLiteral("exportStatus"));
    export_status_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    export_status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    export_status_->hide();  // until the first export says where it saved
    layout->addWidget(export_status_);

    tiles_ = new TargetTiles(this);
    connect(tiles_, &TargetTiles::force_requested, this, &DashboardView::force_breaker);
    layout->addWidget(tiles_);

    charts_ = new DashboardCharts(range_s_, this);
    layout->addWidget(charts_, 1);

    auto* waterfall_bar = new QHBoxLayout;
    follow_latest_ = new QPushButton(tr("Follow latest"), this);
    follow_latest_->setObjectName(QStringLiteral("followLatest"));
    follow_latest_->setToolTip(tr("Stop keeping the request you picked and show the latest retried one"));
    follow_latest_->setVisible(false);
    connect(follow_latest_, &QPushButton::clicked, this, &DashboardView::follow_latest);
    waterfall_bar->addStretch(1);
    waterfall_bar->addWidget(follow_latest_);
    layout->addLayout(waterfall_bar);
    waterfall_ = new WaterfallWidget(this);
    layout->addWidget(waterfall_);
    cost_ = new QLabel(this);
    cost_->setObjectName(QStringLiteral("resilienceCost"));
    cost_->setWordWrap(true);
    layout->addWidget(cost_);

    load_ = new LoadPanel(client_, context_, this);
    layout->addWidget(load_);
}

void DashboardView::set_paused(bool paused) {
    paused_ = paused;
    pause_->setText(paused ? tr("Resume") : tr("Pause"));
    if (paused) {
        refresh_timer_.stop();
    } else {
        refresh_timer_.start();
        refresh();
    }
}

void DashboardView::set_alert_thresholds(int retry_rate_pct, int error_rate_pct) {
    const QSignalBlocker a(retry_alert_pct_), b(error_alert_pct_);
    retry_alert_pct_->setValue(retry_rate_pct);
    error_alert_pct_->setValue(error_rate_pct);
    thresholds_ = {retry_alert_pct_->value(), error_alert_pct_->value()};
    drawn_idle_ = false;
}

void DashboardView::thresholds_edited() {
    thresholds_ = {retry_alert_pct_->value(), error_alert_pct_->value()};
    drawn_idle_ = false;
    emit alert_thresholds_changed(thresholds_.retry_rate_pct, thresholds_.error_rate_pct);
}

void DashboardView::set_range_s(int seconds) {
    range_s_ = std::clamp(seconds, 10, MetricsAggregator::kHistorySeconds);
    drawn_idle_ = false;
    charts_->set_range_s(range_s_);
    refresh();
}

void DashboardView::refresh() {
    if (pinned_dirty_) {
        pinned_dirty_ = false;
        draw_trace(pinned_events_);
    }
    const std::int64_t now = context_.clock.system_ms();
    const std::int64_t idle_from_ms = now - static_cast<std::int64_t>(range_s_) * 1000;
    if (drawn_idle_ && last_event_ms_ < idle_from_ms)
        return;
    drawn_idle_ = last_event_ms_ < idle_from_ms;
    const auto& policy = client_.policy().resilience;
    const auto series = metrics_.series(range_s_);

    std::vector<std::string> targets = metrics_.targets();
    for (const auto& [t, view] : metrics_.breakers()) {
        if (std::find(targets.begin(), targets.end(), t) == targets.end())
            targets.push_back(t);
    }
    const OutcomeStacks outcomes = outcome_stacks(series);
    const WaitPoints waits = wait_points(metrics_.delays(range_s_), now, kMaxPlottedWaits);
    const auto breakers = breaker_steps(metrics_.breaker_changes(), targets, now, range_s_);
    const RateLines rates = rate_lines(series, kRateWindowS, policy.breaker.slow_call_ms);
    DashboardCharts::Frame frame;
    frame.outcomes = &outcomes;
    frame.waits = &waits;
    frame.backoff_cap_ms = policy.retry.backoff.max_delay_ms;
    frame.hint_cap_ms = policy.retry.max_retry_after_ms;
    frame.breakers = &breakers;
    frame.rates = &rates;
    frame.failure_threshold_pct = policy.breaker.failure_rate_threshold_pct;
    frame.slow_threshold_pct = policy.breaker.slow_call_rate_threshold_pct;
    charts_->update_from(frame);

    const MetricsSnapshot total = metrics_.snapshot(range_s_);
    const FleetHeader h = fleet_header(
        total, range_s_, count_breakers(metrics_.breakers(), metrics_.targets()), metrics_.in_flight());
    header_->setText(
        tr("Breakers: %1 closed · %2 open · %3 half-open   ·   success %4   ·   %5 req/s   ·   %6 in flight")
            .arg(h.breakers.closed)
            .arg(h.breakers.open)
            .arg(h.breakers.half_open)
            .arg(h.success_rate ? pct(*h.success_rate) : QStringLiteral("–"))
            .arg(QString::number(h.requests_per_s, 'f', 2))
            .arg(h.in_flight));
    cost_->setText(cost_text());

    std::vector<TargetTile> tiles;
    for (const std::string& t : metrics_.targets()) {
        tiles.push_back(target_tile(t, metrics_.snapshot(range_s_, t), metrics_.series(kTrendSeconds, t),
                                    metrics_.breakers(), metrics_.headroom()));
    }
    tiles_->update_from(tiles);

    const MetricsSnapshot window = metrics_.snapshot(kAlertWindowS);
    alerts_->show_alerts(evaluate_alerts(window, metrics_.breakers(), thresholds_),
                         retry_rate_status(window, thresholds_), error_rate_status(window, thresholds_));
}

QString DashboardView::cost_text() const {
    const CostEstimate estimate = estimate_cost(metrics_.snapshot(range_s_), range_s_, metrics_.prices(),
                                                metrics_.priced_models(), metrics_.unpriced_models());
    QString text = cost_words(estimate);
    if (!price_problem_.isEmpty())
        text += QLatin1Char(' ') + price_problem_;
    return text;
}

QString DashboardView::alert_text() const {
    return alerts_->alert_text();
}

QString DashboardView::shared_state_text() const {
    return shared_state_->isVisibleTo(this) ? shared_state_->text() : QString();
}

QString DashboardView::header_text() const {
    return header_->text();
}

QTableWidget* DashboardView::tiles() const {
    return tiles_;
}

QWidget* DashboardView::charts_area() const {
    return charts_;
}

void DashboardView::draw_trace(const std::vector<TelemetryEvent>& events) {
    waterfall_->show_trace(events);
}

void DashboardView::show_trace(const std::string& trace_id, const std::vector<TelemetryEvent>& events) {
    // The person chose this one: keep it, whatever else finishes.
    pinned_trace_ = trace_id.empty() && !events.empty() ? events.front().trace_id : trace_id;
    pinned_events_ = events;
    pinned_dirty_ = false;
    follow_latest_->setVisible(true);
    draw_trace(pinned_events_);
}

void DashboardView::follow_latest() {
    pinned_trace_.clear();
    pinned_events_.clear();
    pinned_dirty_ = false;
    follow_latest_->setVisible(false);
}

void DashboardView::force_breaker(const QString& target, BreakerOverride mode) {
    drawn_idle_ = false;
    client_.force_breaker(target.toStdString(), mode);
    refresh();
}

QString DashboardView::export_metrics_csv(const QString& path) const {
    return write_metrics_csv(metrics_, context_.clock.system_ms() / 1000, path);
}

QString DashboardView::export_events_jsonl(const QString& path) const {
    return write_events_jsonl(recent_, client_.redactor(), path);
}

QStringList DashboardView::chart_names() const {
    return charts_->names();
}

QString DashboardView::export_png(const QString& name, const QString& path) {
    drawn_idle_ = false;
    refresh();
    QWidget* what = name == QLatin1String("dashboard") ? static_cast<QWidget*>(this)
                                                       : static_cast<QWidget*>(charts_->view(name));
    if (!what)
        return tr("no chart named %1 (charts: %2)").arg(name, chart_names().join(QStringLiteral(", ")));
    return write_png(what, path);
}

void DashboardView::set_price_file(const QString& path) {
    price_file_ = path;
    PriceFileLoad loaded = load_price_file(path);
    metrics_.set_prices(std::move(loaded.table));
    price_problem_ = loaded.problem;
    drawn_idle_ = false;
    refresh();
}

void DashboardView::edit_prices() {
    const QString path = price_file_.isEmpty() ? default_price_file_path() : price_file_;
    if (auto saved = edit_price_file(metrics_.prices(), path, this)) {
        metrics_.set_prices(std::move(*saved));
        price_file_ = path;
        price_problem_.clear();
        drawn_idle_ = false;
        refresh();
    }
}

}  // namespace stormproof
