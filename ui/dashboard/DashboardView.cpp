#include "DashboardView.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScatterSeries>
#include <QSpinBox>
#include <QStandardPaths>
#include <QSystemTrayIcon>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <functional>

#include "PriceTableDialog.h"
#include "WaterfallWidget.h"
#include "llm/LoadRunner.h"
#include "llm/ResilientClient.h"
#include "telemetry/JsonlEventLog.h"

namespace stormproof {

namespace {

struct Outcome {
    const char* name;
    QColor color;
};
const Outcome kOutcomes[] = {
    {"success", QColor(0x3c, 0xa5, 0x5c)},         {"retry", QColor(0xf0, 0xb4, 0x29)},
    {"fallback", QColor(0x4a, 0x7f, 0xd6)},        {"failed", QColor(0xd6, 0x45, 0x45)},
    {"short-circuited", QColor(0x8e, 0x44, 0xad)}, {"budget-denied", QColor(0x7f, 0x7f, 0x7f)}};

int outcome_value(const MetricsSnapshot& s, int i) {
    switch (i) {
        case 0:
            return s.succeeded;
        case 1:
            return s.retries;
        case 2:
            return s.fallbacks;
        case 3:
            return s.failed;
        case 4:
            return s.short_circuited;
        default:
            return s.budget_denied;
    }
}

double state_level(const std::string& state) {
    if (state == "open" || state == "forced_open")
        return 2;
    if (state == "half_open")
        return 1;
    return 0;
}

QChart* make_chart(const QString& title) {
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignBottom);
    // Six series share a legend a third of a screen wide: a smaller face keeps their names whole.
    QFont small = chart->legend()->font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    chart->legend()->setFont(small);
    chart->legend()->setShowToolTips(true);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setDropShadowEnabled(false);  // painted every frame, for nothing a person needs
    chart->setBackgroundRoundness(0);
    return chart;
}

QValueAxis* axis(QChart* chart, Qt::Alignment where, const QString& title, double lo, double hi) {
    auto* a = new QValueAxis;
    a->setTitleText(title);
    a->setRange(lo, hi);
    a->setLabelFormat(QStringLiteral("%g"));
    chart->addAxis(a, where);
    return a;
}

void attach(QChart* chart, QAbstractSeries* series, QAbstractAxis* x, QAbstractAxis* y) {
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

QString pct(double v) {
    return QString::number(v * 100.0, 'f', 1) + QLatin1Char('%');
}

}  // namespace

DashboardView::DashboardView(ResilientClient& client, EventBus& bus, QWidget* parent)
    : QWidget(parent), client_(client), context_(context), bus_(context.bus), metrics_(context.clock) {
    setObjectName(QStringLiteral("dashboard"));
    metrics_.set_prices(PriceTable::builtin());
    build();
    subscription_ = bus_.subscribe([this](const TelemetryEvent& e) {
        metrics_.record(e);
        last_event_ms_ = e.ts_ms;
        drawn_idle_ = false;
        recent_.push_back(e);
        while (recent_.size() > kMaxRecentEvents)
            recent_.pop_front();
        if (e.event == EventKind::RequestFinished && !trace_pinned_ && e.attempt.value_or(0) > 1) {
            std::vector<TelemetryEvent> trace;
            for (const TelemetryEvent& r : recent_) {
                if (r.trace_id == e.trace_id)
                    trace.push_back(r);
            }
            waterfall_->show_trace(trace);
        }
    });
    refresh_timer_.setInterval(kRefreshMs);
    connect(&refresh_timer_, &QTimer::timeout, this, &DashboardView::refresh);
    refresh_timer_.start();
    refresh();
}

DashboardView::~DashboardView() {
    bus_.unsubscribe(subscription_);
    if (load_)
        load_->cancel();
}

void DashboardView::build() {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    header_ = new QLabel(this);
    header_->setObjectName(QStringLiteral("fleetHeader"));
    QFont big = header_->font();
    big.setPointSizeF(big.pointSizeF() * 1.1);
    big.setBold(true);
    header_->setFont(big);
    layout->addWidget(header_);

    banner_ = new QLabel(this);
    banner_->setObjectName(QStringLiteral("alertBanner"));
    banner_->setStyleSheet(
        QStringLiteral("background:#fff3cd; color:#5c4400; padding:4px; border:1px solid #e0c36b;"));
    banner_->setTextFormat(Qt::RichText);
    banner_->setWordWrap(true);
    connect(banner_, &QLabel::linkActivated, this, [this](const QString& link) { emit investigate(link); });
    banner_->hide();
    layout->addWidget(banner_);

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
    connect(export_, &QPushButton::clicked, this, &DashboardView::show_export_menu);
    auto* prices = new QPushButton(tr("Prices…"), this);
    prices->setObjectName(QStringLiteral("editPrices"));
    prices->setToolTip(tr("The per-model prices behind the cost estimate"));
    connect(prices, &QPushButton::clicked, this, &DashboardView::edit_prices);
    retry_alert_pct_ = new QSpinBox(this);
    retry_alert_pct_->setRange(1, 100);
    retry_alert_pct_->setValue(30);
    retry_alert_pct_->setSuffix(QStringLiteral("%"));
    retry_alert_pct_->setToolTip(tr("Alert when the retry rate of the last 30 s exceeds this"));
    error_alert_pct_ = new QSpinBox(this);
    error_alert_pct_->setRange(1, 100);
    error_alert_pct_->setValue(10);
    error_alert_pct_->setSuffix(QStringLiteral("%"));
    error_alert_pct_->setToolTip(tr("Alert when the error rate of the last 30 s exceeds this"));
    controls->addWidget(pause_);
    controls->addWidget(range_);
    controls->addWidget(reset);
    controls->addWidget(export_);
    controls->addWidget(prices);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Alert at retry rate"), this));
    controls->addWidget(retry_alert_pct_);
    controls->addWidget(new QLabel(tr("error rate"), this));
    controls->addWidget(error_alert_pct_);
    controls->addStretch(1);
    layout->addLayout(controls);

    tiles_ = new QTableWidget(0, 10, this);
    tiles_->setObjectName(QStringLiteral("targetTiles"));
    tiles_->setHorizontalHeaderLabels({tr("target"), tr("breaker"), tr("attempts"), tr("error %"), tr("p50"),
                                       tr("p90"), tr("p99"), tr("TTFT p50"), tr("headroom"), tr("trend")});
    tiles_->verticalHeader()->hide();
    tiles_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    tiles_->setSortingEnabled(true);
    tiles_->setContextMenuPolicy(Qt::CustomContextMenu);
    // Sized when a target appears, not on every refresh: ResizeToContents measures every cell's text each
    // time.
    tiles_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    tiles_->horizontalHeader()->setStretchLastSection(true);
    tiles_->setMaximumHeight(140);
    tiles_->setToolTip(tr("Right-click a target to force its breaker open or closed"));
    connect(tiles_, &QTableWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        const auto* item = tiles_->itemAt(pos);
        if (!item)
            return;
        const QString target = tiles_->item(item->row(), 0)->text();
        QMenu menu(this);
        menu.addAction(tr("Force open"), this, [this, target] { force_breaker(target, BreakerOverride::ForceOpen); });
        menu.addAction(tr("Force closed"), this, [this, target] { force_breaker(target, BreakerOverride::ForceClosed); });
        menu.addAction(tr("Back to automatic"), this, [this, target] { force_breaker(target, BreakerOverride::Automatic); });
        menu.exec(tiles_->viewport()->mapToGlobal(pos));
    });
    layout->addWidget(tiles_);

    charts_ = new QWidget(this);
    auto* grid = new QGridLayout(charts_);
    grid->setContentsMargins(0, 0, 0, 0);

    outcome_chart_ = make_chart(tr("Outcomes per second"));
    outcome_x_ = axis(outcome_chart_, Qt::AlignBottom, tr("seconds"), -range_s_, 0);
    outcome_y_ = axis(outcome_chart_, Qt::AlignLeft, tr("per s"), 0, 5);
    QLineSeries* lower = nullptr;
    for (const Outcome& o : kOutcomes) {
        // QAreaSeries does not own its boundary lines: parent them to the chart so they go with it.
        auto* upper = new QLineSeries(outcome_chart_);
        auto* area = new QAreaSeries(upper, lower);
        area->setName(QString::fromLatin1(o.name));
        area->setColor(o.color);
        area->setBorderColor(o.color.darker(120));
        attach(outcome_chart_, area, outcome_x_, outcome_y_);
        outcome_lines_.push_back(upper);
        lower = upper;
    }

    delay_chart_ = make_chart(tr("Scheduled waits (ms) by source"));
    delay_x_ = axis(delay_chart_, Qt::AlignBottom, tr("seconds"), -range_s_, 0);
    // Waits span milliseconds (retry-after-ms: 20) to a minute (the Retry-After cap): a log scale shows both.
    delay_y_ = new QLogValueAxis;
    delay_y_->setBase(10);
    delay_y_->setRange(1, 100000);
    delay_y_->setTitleText(tr("ms (log)"));
    delay_y_->setLabelFormat(QStringLiteral("%g"));
    delay_chart_->addAxis(delay_y_, Qt::AlignLeft);
    struct Source {
        const char* name;  // delay_source in the events
        QString label;     // short enough for a third of a screen
        QColor color;
    };
    const Source sources[] = {{"backoff", tr("backoff"), QColor(0xf0, 0xb4, 0x29)},
                              {"retry_after", tr("Retry-After"), QColor(0xd6, 0x45, 0x45)},
                              {"retry_after_ms", tr("…-ms"), QColor(0xe6, 0x7e, 0x22)},
                              {"rate_limit_reset", tr("reset"), QColor(0x8e, 0x44, 0xad)}};
    for (const auto& [name, label, color] : sources) {
        auto* points = new QScatterSeries;
        points->setName(label);
        points->setColor(color);
        points->setMarkerSize(7);
        attach(delay_chart_, points, delay_x_, delay_y_);
        delay_points_[name] = points;
    }
    delay_cap_ = new QLineSeries;
    delay_cap_->setName(tr("cap"));
    delay_cap_->setPen(QPen(Qt::darkGray, 1, Qt::DashLine));
    attach(delay_chart_, delay_cap_, delay_x_, delay_y_);
    hint_cap_ = new QLineSeries;
    hint_cap_->setName(tr("hint cap"));
    hint_cap_->setPen(QPen(Qt::red, 1, Qt::DotLine));
    attach(delay_chart_, hint_cap_, delay_x_, delay_y_);

    breaker_chart_ = make_chart(tr("Breaker state (0 closed, 1 half-open, 2 open)"));
    breaker_x_ = axis(breaker_chart_, Qt::AlignBottom, tr("seconds"), -range_s_, 0);
    auto* breaker_y = axis(breaker_chart_, Qt::AlignLeft, tr("state"), -0.2, 2.2);
    breaker_y->setTickCount(3);
    breaker_chart_->setProperty("y_axis", QVariant::fromValue(static_cast<QObject*>(breaker_y)));

    rate_chart_ = make_chart(tr("Rates over the last 10 s (%), breaker limits dotted"));
    rate_x_ = axis(rate_chart_, Qt::AlignBottom, tr("seconds"), -range_s_, 0);
    auto* rate_y = axis(rate_chart_, Qt::AlignLeft, QStringLiteral("%"), 0, 100);
    retry_rate_ = new QLineSeries;
    retry_rate_->setName(tr("retries"));
    success_after_retry_ = new QLineSeries;
    success_after_retry_->setName(tr("ok after retry"));
    error_rate_ = new QLineSeries;
    error_rate_->setName(tr("failures"));
    failure_threshold_ = new QLineSeries;
    failure_threshold_->setName(tr("fail limit"));
    failure_threshold_->setPen(QPen(Qt::red, 1, Qt::DashLine));
    // The breaker's other trip rule: calls slower than slow_call_ms (TTFT, else duration) against their own
    // threshold, so a person sees which of the two rules is near.
    slow_rate_ = new QLineSeries;
    slow_rate_->setName(tr("slow calls"));
    slow_rate_->setColor(QColor(0x8e, 0x44, 0xad));
    slow_threshold_ = new QLineSeries;
    slow_threshold_->setName(tr("slow limit"));
    slow_threshold_->setPen(QPen(QColor(0x8e, 0x44, 0xad), 1, Qt::DotLine));
    for (QLineSeries* s :
         {retry_rate_, success_after_retry_, error_rate_, failure_threshold_, slow_rate_, slow_threshold_})
        attach(rate_chart_, s, rate_x_, rate_y);

    int i = 0;
    const std::pair<const char*, QChart*> charts[] = {{"outcomes", outcome_chart_},
                                                      {"waits", delay_chart_},
                                                      {"breakers", breaker_chart_},
                                                      {"rates", rate_chart_}};
    for (const auto& [name, chart] : charts) {
        auto* view = new QChartView(chart, charts_);
        view->setObjectName(QStringLiteral("chart_") + QLatin1String(name));
        chart_views_[QLatin1String(name)] = view;
        // No antialiasing: in the software rasterizer it doubles the cost of filled areas and markers, and at
        // 5 frames a second the frame budget matters more than smooth edges (ui_bench: frame p95 20 ms with
        // it).
        view->setRenderHint(QPainter::Antialiasing, false);
        view->setMinimumHeight(210);
        grid->addWidget(view, i / 2, i % 2);
        ++i;
    }
    layout->addWidget(charts_, 1);

    waterfall_ = new WaterfallWidget(this);
    layout->addWidget(waterfall_);
    cost_ = new QLabel(this);
    cost_->setObjectName(QStringLiteral("resilienceCost"));
    cost_->setWordWrap(true);
    layout->addWidget(cost_);

    auto* load = new QHBoxLayout;
    load->addWidget(new QLabel(tr("Load:"), this));
    load_requests_ = new QSpinBox(this);
    load_requests_->setRange(1, 100000);
    load_requests_->setValue(200);
    load_requests_->setSuffix(tr(" requests"));
    load_concurrency_ = new QSpinBox(this);
    load_concurrency_->setRange(1, 256);
    load_concurrency_->setValue(16);
    load_concurrency_->setPrefix(tr("concurrency "));
    load_start_ = new QPushButton(tr("Start"), this);
    load_start_->setObjectName(QStringLiteral("loadStart"));
    connect(load_start_, &QPushButton::clicked, this, &DashboardView::start_load);
    load_progress_ = new QProgressBar(this);
    load_progress_->setObjectName(QStringLiteral("loadProgress"));
    load_result_ = new QLabel(this);
    load->addWidget(load_requests_);
    load->addWidget(load_concurrency_);
    load->addWidget(load_start_);
    load->addWidget(load_progress_, 1);
    layout->addLayout(load);
    layout->addWidget(load_result_);
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
    retry_alert_pct_->setValue(retry_rate_pct);
    error_alert_pct_->setValue(error_rate_pct);
    drawn_idle_ = false;
}

void DashboardView::set_range_s(int seconds) {
    range_s_ = std::clamp(seconds, 10, MetricsAggregator::kHistorySeconds);
    drawn_idle_ = false;
    for (QValueAxis* x : {outcome_x_, delay_x_, breaker_x_, rate_x_})
        x->setRange(-range_s_, 0);
    refresh();
}

void DashboardView::refresh() {
    const std::int64_t idle_from_ms =
        context_.clock.system_ms() - static_cast<std::int64_t>(range_s_) * 1000;
    if (drawn_idle_ && last_event_ms_ < idle_from_ms)
        return;
    drawn_idle_ = last_event_ms_ < idle_from_ms;
    const auto series = metrics_.series(range_s_);
    const int n = static_cast<int>(series.size());
    // Stacked outcomes: each area's upper line is the running sum; one replace() per line.
    std::vector<QList<QPointF>> stacks(std::size(kOutcomes));
    double peak = 1;
    for (int t = 0; t < n; ++t) {
        double sum = 0;
        for (std::size_t o = 0; o < std::size(kOutcomes); ++o) {
            sum += outcome_value(series[static_cast<std::size_t>(t)], static_cast<int>(o));
            stacks[o].append(QPointF(t - n + 1, sum));
        }
        peak = std::max(peak, sum);
    }
    for (std::size_t o = 0; o < stacks.size(); ++o)
        outcome_lines_[o]->replace(stacks[o]);
    outcome_y_->setRange(0, std::ceil(peak * 1.15));

    // Waits, by source, against the caps of the policy in force.
    const auto& policy = client_.policy().resilience;
    const std::int64_t now = context_.clock.system_ms();
    std::map<std::string, QList<QPointF>> points;
    double max_delay = static_cast<double>(policy.retry.backoff.max_delay_ms);
    const std::vector<DelayPoint> delays = metrics_.delays(range_s_);
    // At most kMaxPlottedWaits markers: thousands of them cost a frame each refresh and read no better.
    constexpr std::size_t kMaxPlottedWaits = 300;
    const std::size_t stride =
        std::max<std::size_t>(1, (delays.size() + kMaxPlottedWaits - 1) / kMaxPlottedWaits);
    for (std::size_t i = delays.size() % stride; i < delays.size(); i += stride) {
        const DelayPoint& d = delays[i];
        points[d.source].append(QPointF(static_cast<double>(d.ts_ms - now) / 1000.0,
                                        std::max(1.0, static_cast<double>(d.delay_ms))));
        max_delay = std::max(max_delay, static_cast<double>(d.delay_ms));
    }
    for (auto& [source, scatter] : delay_points_)
        scatter->replace(points[source]);
    delay_cap_->replace({QPointF(-range_s_, policy.retry.backoff.max_delay_ms),
                         QPointF(0, policy.retry.backoff.max_delay_ms)});
    hint_cap_->replace(
        {QPointF(-range_s_, policy.retry.max_retry_after_ms), QPointF(0, policy.retry.max_retry_after_ms)});
    delay_y_->setRange(1, std::max(max_delay, static_cast<double>(policy.retry.max_retry_after_ms)) * 1.5);

    // Breakers: a step line per target, from its transitions.
    auto* breaker_y = qobject_cast<QValueAxis*>(breaker_chart_->property("y_axis").value<QObject*>());
    std::map<std::string, QList<QPointF>> steps;
    std::map<std::string, double> level;
    for (const std::string& t : metrics_.targets())
        level[t] = 0;
    for (const auto& [t, view] : metrics_.breakers())
        level.try_emplace(t, 0);
    const double from_s = -static_cast<double>(range_s_);
    for (const BreakerChange& c : metrics_.breaker_changes()) {
        const double x = static_cast<double>(c.ts_ms - now) / 1000.0;
        if (x < from_s) {
            level[c.target] = state_level(c.to_state);
            continue;
        }
        auto& line = steps[c.target];
        if (line.isEmpty())
            line.append(QPointF(from_s, level[c.target]));
        line.append(QPointF(x, level[c.target]));
        level[c.target] = state_level(c.to_state);
        line.append(QPointF(x, level[c.target]));
    }
    for (const auto& [target, value] : level) {
        auto& line = steps[target];
        if (line.isEmpty())
            line.append(QPointF(from_s, value));
        line.append(QPointF(0, value));
        QLineSeries*& series_line = breaker_lines_[target];
        if (!series_line) {
            series_line = new QLineSeries;
            series_line->setName(QString::fromStdString(target));
            attach(breaker_chart_, series_line, breaker_x_, breaker_y);
        }
        series_line->replace(line);
    }

    // Rates over a trailing 10 s window at each second: at a person's traffic a single second is too noisy.
    // Running sums of plain counters -- merging whole snapshots (histograms, maps) per point costs a frame.
    constexpr int kRateWindowS = 10;
    struct Counts {
        long attempts = 0, retries = 0, failures = 0, succeeded = 0, after_retry = 0, calls = 0, slow = 0;
    };
    std::vector<Counts> prefix(static_cast<std::size_t>(n) + 1);
    for (int t = 0; t < n; ++t) {
        const MetricsSnapshot& m = series[static_cast<std::size_t>(t)];
        Counts c = prefix[static_cast<std::size_t>(t)];
        c.attempts += m.attempts;
        c.retries += m.retries;
        for (const auto& [cls, count] : m.attempt_failures)
            c.failures += count;
        c.succeeded += m.succeeded;
        c.after_retry += m.succeeded_after_retry;
        c.calls += static_cast<long>(m.call_time.count());
        c.slow += static_cast<long>(m.call_time.count_above(policy.breaker.slow_call_ms));
        prefix[static_cast<std::size_t>(t) + 1] = c;
    }
    QList<QPointF> retry, after_retry, failure, threshold, slow;
    for (int t = 0; t < n; ++t) {
        const Counts& hi = prefix[static_cast<std::size_t>(t) + 1];
        const Counts& lo = prefix[static_cast<std::size_t>(std::max(0, t + 1 - kRateWindowS))];
        const double x = t - n + 1;
        const long attempts = hi.attempts - lo.attempts;
        const long succeeded = hi.succeeded - lo.succeeded;
        if (attempts > 0) {
            retry.append(QPointF(
                x, 100.0 * static_cast<double>(hi.retries - lo.retries) / static_cast<double>(attempts)));
            failure.append(QPointF(
                x, 100.0 * static_cast<double>(hi.failures - lo.failures) / static_cast<double>(attempts)));
        }
        if (const long calls = hi.calls - lo.calls; calls > 0)
            slow.append(
                QPointF(x, 100.0 * static_cast<double>(hi.slow - lo.slow) / static_cast<double>(calls)));
        if (succeeded > 0)
            after_retry.append(QPointF(x, 100.0 * static_cast<double>(hi.after_retry - lo.after_retry) /
                                              static_cast<double>(succeeded)));
    }
    threshold = {QPointF(-range_s_, policy.breaker.failure_rate_threshold_pct),
                 QPointF(0, policy.breaker.failure_rate_threshold_pct)};
    retry_rate_->replace(retry);
    success_after_retry_->replace(after_retry);
    error_rate_->replace(failure);
    failure_threshold_->replace(threshold);
    slow_rate_->replace(slow);
    slow_threshold_->replace({QPointF(-range_s_, policy.breaker.slow_call_rate_threshold_pct),
                              QPointF(0, policy.breaker.slow_call_rate_threshold_pct)});

    const MetricsSnapshot total = metrics_.snapshot(range_s_);
    int closed = 0, open = 0, half = 0;
    for (const auto& [t, view] : metrics_.breakers()) {
        if (view.state == "open" || view.state == "forced_open") {
            ++open;
        } else if (view.state == "half_open") {
            ++half;
        } else {
            ++closed;
        }
    }
    const std::vector<std::string> known = metrics_.targets();  // by value: iterate one copy, not two
    closed += static_cast<int>(std::count_if(
        known.begin(), known.end(), [this](const std::string& t) { return !metrics_.breakers().count(t); }));
    header_->setText(
        tr("Breakers: %1 closed · %2 open · %3 half-open   ·   success %4   ·   %5 req/s   ·   %6 in flight")
            .arg(closed)
            .arg(open)
            .arg(half)
            .arg(total.finished() ? pct(total.success_rate()) : QStringLiteral("–"))
            .arg(QString::number(static_cast<double>(total.requests) / range_s_, 'f', 2))
            .arg(metrics_.in_flight()));
    cost_->setText(cost_text());
    update_tiles();
    check_alerts(metrics_.snapshot(30));
}

void DashboardView::update_tiles() {
    const auto targets = metrics_.targets();
    tiles_->setSortingEnabled(false);
    // A target keeps its row (the user may have sorted them); new targets are appended.
    std::map<QString, int> row_of;
    for (int r = 0; r < tiles_->rowCount(); ++r) {
        if (const QTableWidgetItem* name = tiles_->item(r, 0))
            row_of[name->text()] = r;
    }
    const bool grew = static_cast<int>(targets.size()) != tiles_->rowCount();
    if (targets.size() < row_of.size()) {  // after a reset
        tiles_->setRowCount(0);
        row_of.clear();
    }
    for (const std::string& t : targets) {
        const QString name = QString::fromStdString(t);
        if (!row_of.count(name)) {
            const int r = tiles_->rowCount();
            tiles_->insertRow(r);
            row_of[name] = r;
        }
        const int row = row_of[name];
        const MetricsSnapshot s = metrics_.snapshot(range_s_, t);
        const auto breaker =
            metrics_.breakers().count(t) ? metrics_.breakers().at(t).state : std::string("closed");
        int failures = 0;
        for (const auto& [cls, count] : s.attempt_failures)
            failures += count;
        QString headroom = QStringLiteral("–");
        if (metrics_.headroom().count(t)) {
            const Headroom& h = metrics_.headroom().at(t);
            if (h.remaining_requests && h.limit_requests)
                headroom = QStringLiteral("%1/%2 req").arg(*h.remaining_requests).arg(*h.limit_requests);
        }
        // Trend: the last 20 seconds' attempts, as a text sparkline (one glyph per second).
        static const QString kBars = QStringLiteral("▁▂▃▄▅▆▇█");
        const auto recent = metrics_.series(20, t);
        int top = 1;
        for (const auto& r : recent)
            top = std::max(top, r.attempts);
        QString spark;
        for (const auto& r : recent)
            spark += kBars[std::min(7, r.attempts * 7 / top)];
        const QStringList cells = {
            QString::fromStdString(t),
            QString::fromStdString(breaker),
            QString::number(s.attempts),
            s.attempts ? QString::number(100.0 * failures / s.attempts, 'f', 1) : QStringLiteral("–"),
            QString::number(s.latency.percentile_ms(50)),
            QString::number(s.latency.percentile_ms(90)),
            QString::number(s.latency.percentile_ms(99)),
            QString::number(s.ttft.percentile_ms(50)),
            headroom,
            spark};
        for (int c = 0; c < cells.size(); ++c) {
            // Update cells in place and only when they change: a new item per cell per refresh re-shapes all
            // their text (HarfBuzz was the biggest cost of a dashboard frame in ui_bench).
            QTableWidgetItem* item = tiles_->item(row, c);
            if (!item) {
                item = new QTableWidgetItem;
                tiles_->setItem(row, c, item);
            }
            bool numeric = false;
            const double v = cells[c].toDouble(&numeric);
            const QVariant value = numeric && c >= 2 && c <= 7 ? QVariant(v) : QVariant(cells[c]);
            if (item->data(Qt::DisplayRole) != value)
                item->setData(Qt::DisplayRole, value);
            if (c == 1) {
                const QColor color = breaker == "closed"      ? QColor(0x2e, 0x7d, 0x32)
                                     : breaker == "half_open" ? QColor(0xb2, 0x6a, 0x00)
                                                              : QColor(0xc6, 0x28, 0x28);
                if (item->foreground().color() != color)
                    item->setForeground(color);
            }
        }
    }
    // Columns fit their contents when a target appears and then once a second as numbers grow -- not on
    // every cell change, which is what made ResizeToContents expensive.
    if (grew) {
        tiles_->resizeColumnsToContents();
    } else if (++tiles_refreshes_ % (1000 / kRefreshMs) == 0) {
        // Only widen a column whose contents outgrew it: resizing every column relays out the whole table.
        const QFontMetrics metrics(tiles_->font());
        constexpr int kCellPaddingPx = 16;
        for (int c = 0; c < tiles_->columnCount(); ++c) {
            int wanted = 0;
            for (int r = 0; r < tiles_->rowCount(); ++r) {
                if (const QTableWidgetItem* item = tiles_->item(r, c))
                    wanted = std::max(wanted, metrics.horizontalAdvance(item->text()) + kCellPaddingPx);
            }
            if (wanted > tiles_->columnWidth(c))
                tiles_->setColumnWidth(c, wanted);
        }
    }
    tiles_->setSortingEnabled(true);
}

void DashboardView::check_alerts(const MetricsSnapshot& recent) {
    QStringList alerts;
    if (recent.attempts >= 5 && recent.retry_rate() * 100 > retry_alert_pct_->value()) {
        alerts << tr("Retry rate %1 over the last 30 s (alert at %2%) — <a "
                     "href=\"retry_scheduled\">investigate</a>")
                      .arg(pct(recent.retry_rate()))
                      .arg(retry_alert_pct_->value());
    }
    if (recent.finished() >= 3 && recent.error_rate() * 100 > error_alert_pct_->value()) {
        alerts << tr("Error rate %1 over the last 30 s (alert at %2%) — <a "
                     "href=\"request_finished\">investigate</a>")
                      .arg(pct(recent.error_rate()))
                      .arg(error_alert_pct_->value());
    }
    for (const auto& [target, view] : metrics_.breakers()) {
        if (view.state == "open" || view.state == "forced_open") {
            alerts << tr("Breaker of %1 is %2 (%3) — <a href=\"%1\">investigate</a>")
                          .arg(QString::fromStdString(target), QString::fromStdString(view.state),
                               QString::fromStdString(view.reason));
        }
    }
    const QString text = alerts.join(QStringLiteral("<br>"));
    if (text != banner_->text()) {
        const bool fresh = !text.isEmpty() && banner_->text().isEmpty();
        banner_->setText(text);
        banner_->setVisible(!text.isEmpty());
        if (fresh && QSystemTrayIcon::isSystemTrayAvailable()) {
            if (!tray_) {
                tray_ = new QSystemTrayIcon(window()->windowIcon(), this);
                tray_->show();
            }
            tray_->showMessage(tr("Stormproof alert"),
                               QString(text).remove(QRegularExpression(QStringLiteral("<[^>]*>"))));
        }
    }
}

QString DashboardView::cost_text() const {
    const MetricsSnapshot total = metrics_.snapshot(range_s_);
    int failed_attempts = 0;
    for (const auto& [cls, count] : total.attempt_failures)
        failed_attempts += count;
    const auto usd = [](double v) {
        return QStringLiteral("$") + QString::number(v, 'f', v < 0.01 && v > 0 ? 5 : v < 1 ? 4 : 2);
    };
    QString text =
        tr("Cost of resilience (last %1 s): %2 of %3 attempts were retries, %4 failed, %5 fallbacks; %6 s "
           "spent waiting. Tokens: %7 delivered, %8 wasted on failed or duplicate attempts. Estimated cost "
           "%9, "
           "of which %10 wasted.")
            .arg(range_s_)
            .arg(total.retries)
            .arg(total.attempts)
            .arg(failed_attempts)
            .arg(total.fallbacks)
            .arg(QString::number(static_cast<double>(total.wait_ms) / 1000.0, 'f', 1))
            .arg(total.input_tokens + total.output_tokens)
            .arg(total.wasted_input_tokens + total.wasted_output_tokens)
            .arg(usd(total.cost_usd + total.wasted_cost_usd))
            .arg(usd(total.wasted_cost_usd));
    if (!metrics_.unpriced_models().empty()) {
        QStringList names;
        for (const std::string& m : metrics_.unpriced_models())
            names << QString::fromStdString(m);
        text += tr(" Not in the price table (counted as $0): %1.").arg(names.join(QStringLiteral(", ")));
    }
    if (!price_problem_.isEmpty())
        text += QLatin1Char(' ') + price_problem_;
    return text;
}

QString DashboardView::alert_text() const {
    return banner_->isHidden() ? QString()
                               : banner_->text();  // isVisible() is false while the window is not shown
}
QString DashboardView::header_text() const {
    return header_->text();
}

void DashboardView::show_trace(const std::string&, const std::vector<TelemetryEvent>& events) {
    trace_pinned_ = true;  // the user chose this one: stop following the latest
    waterfall_->show_trace(events);
}

void DashboardView::force_breaker(const QString& target, BreakerOverride mode) {
    drawn_idle_ = false;
    client_.force_breaker(target.toStdString(), mode);
    refresh();
}

void DashboardView::start_load() {
    if (load_) {
        load_->cancel();
        return;
    }
    load_ = new LoadRunner(client_, context_, load_requests_->value(), load_concurrency_->value(), true, this);
    load_progress_->setRange(0, load_requests_->value());
    load_progress_->setValue(0);
    load_start_->setText(tr("Cancel"));
    connect(load_, &LoadRunner::progress, load_progress_,
            [this](int done, int) { load_progress_->setValue(done); });
    connect(load_, &LoadRunner::finished, this, [this](const LoadSummary& s) {
        load_result_->setText(
            tr("%1 requests: %2 ok, %3 failed, %4 attempts (%5 retries, %6 fallbacks), p50 %7 ms, p95 %8 ms")
                .arg(s.requests)
                .arg(s.succeeded)
                .arg(s.failed)
                .arg(s.attempts)
                .arg(s.retries)
                .arg(s.fallbacks)
                .arg(s.p50_ms)
                .arg(s.p95_ms));
        load_start_->setText(tr("Start"));
        load_->deleteLater();
        load_ = nullptr;
    });
    load_->start();
}

QString DashboardView::export_metrics_csv(const QString& path) const {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("%1: %2").arg(path, file.errorString());
    const std::int64_t now_s = context_.clock.system_ms() / 1000;
    const auto series = metrics_.series(MetricsAggregator::kHistorySeconds);
    QByteArray out =
        "unix_s,requests,succeeded,succeeded_after_retry,failed,attempts,retries,fallbacks,short_circuited,"
        "budget_denied,hedges,wait_ms,p50_ms,p99_ms,input_tokens,output_tokens,wasted_input_tokens,"
        "wasted_output_tokens,cost_usd,wasted_cost_usd\n";
    const auto n = [](std::int64_t v) { return QByteArray::number(static_cast<qlonglong>(v)); };
    for (std::size_t i = 0; i < series.size(); ++i) {
        const MetricsSnapshot& s = series[i];
        const QList<QByteArray> cells = {n(now_s - static_cast<std::int64_t>(series.size() - 1 - i)),
                                         n(s.requests),
                                         n(s.succeeded),
                                         n(s.succeeded_after_retry),
                                         n(s.failed),
                                         n(s.attempts),
                                         n(s.retries),
                                         n(s.fallbacks),
                                         n(s.short_circuited),
                                         n(s.budget_denied),
                                         n(s.hedges),
                                         n(s.wait_ms),
                                         n(s.latency.percentile_ms(50)),
                                         n(s.latency.percentile_ms(99)),
                                         n(s.input_tokens),
                                         n(s.output_tokens),
                                         n(s.wasted_input_tokens),
                                         n(s.wasted_output_tokens),
                                         QByteArray::number(s.cost_usd, 'f', 6),
                                         QByteArray::number(s.wasted_cost_usd, 'f', 6)};
        out += cells.join(',') + '\n';
    }
    if (file.write(out) != out.size() || !file.commit())
        return tr("%1: %2").arg(path, file.errorString());
    return {};
}

QString DashboardView::export_events_jsonl(const QString& path) const {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("%1: %2").arg(path, file.errorString());
    QByteArray out;
    for (const TelemetryEvent& e : recent_) {
        out += QByteArray::fromStdString(JsonlEventLog::line_for(e, client_.redactor()));  // ends in \n
    }
    if (file.write(out) != out.size() || !file.commit())
        return tr("%1: %2").arg(path, file.errorString());
    return {};
}

QStringList DashboardView::chart_names() const {
    QStringList names;
    for (const auto& [name, view] : chart_views_)
        names << name;
    return names;
}

QString DashboardView::export_png(const QString& name, const QString& path) {
    refresh();
    QWidget* what = name == QLatin1String("dashboard") ? static_cast<QWidget*>(this)
                    : chart_views_.count(name)         ? chart_views_.at(name)
                                                       : nullptr;
    if (!what)
        return tr("no chart named %1 (charts: %2)").arg(name, chart_names().join(QStringLiteral(", ")));
    if (!what->grab().save(path, "PNG"))
        return tr("%1: could not write the PNG").arg(path);
    return {};
}

void DashboardView::show_export_menu() {
    QMenu menu(this);
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    auto ask_and_run = [this, dir](const QString& suggested, const QString& filter,
                                   const std::function<QString(const QString&)>& write) {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export"), QDir(dir).filePath(suggested), filter);
        if (path.isEmpty())
            return;
        const QString problem = write(path);
        if (!problem.isEmpty())
            QMessageBox::warning(this, tr("Export"), tr("Could not export: %1").arg(problem));
    };
    menu.addAction(tr("Events (JSONL)…"), this, [=, this] {
        ask_and_run(QStringLiteral("stormproof-events-%1.jsonl").arg(stamp), tr("JSON Lines (*.jsonl)"),
                    [this](const QString& p) { return export_events_jsonl(p); });
    });
    menu.addAction(tr("Metrics (CSV)…"), this, [=, this] {
        ask_and_run(QStringLiteral("stormproof-metrics-%1.csv").arg(stamp), tr("CSV (*.csv)"),
                    [this](const QString& p) { return export_metrics_csv(p); });
    });
    QMenu* png = menu.addMenu(tr("Chart (PNG)"));
    QStringList names = chart_names();  // a named list: operator<< on a temporary would dangle in the loop
    names << QStringLiteral("dashboard");
    for (const QString& name : names) {
        png->addAction(name, this, [=, this] {
            ask_and_run(QStringLiteral("stormproof-%1-%2.png").arg(name, stamp), tr("PNG image (*.png)"),
                        [this, name](const QString& p) { return export_png(name, p); });
        });
    }
    menu.exec(export_->mapToGlobal(QPoint(0, export_->height())));
}

void DashboardView::set_price_file(const QString& path) {
    price_file_ = path;
    price_problem_.clear();
    if (QFile::exists(path)) {
        std::vector<ConfigError> errors;
        if (auto table = PriceTable::load_file(path.toStdString(), errors)) {
            metrics_.set_prices(std::move(*table));
        } else {
            price_problem_ = tr("The price file has problems and the built-in prices are in force: %1")
                                 .arg(QString::fromStdString(join_errors(errors, path.toStdString())));
            metrics_.set_prices(PriceTable::builtin());
        }
    }
    drawn_idle_ = false;
    refresh();
}

void DashboardView::edit_prices() {
    const QString path = price_file_.isEmpty()
                             ? QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                                   .filePath(QStringLiteral("prices.json"))
                             : price_file_;
    PriceTableDialog dialog(metrics_.prices(), path, this);
    if (dialog.exec() == QDialog::Accepted) {
        metrics_.set_prices(dialog.saved());
        price_file_ = path;
        price_problem_.clear();
        drawn_idle_ = false;
        refresh();
    }
}

}  // namespace stormproof
