#include "DashboardCharts.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QXYSeries>
#include <cmath>

#include "DashboardPalette.h"
#include "IdentifierWords.h"

namespace stormproof {

namespace {

QList<QPointF> points(const ChartLine& line) {
    QList<QPointF> out;
    out.reserve(static_cast<qsizetype>(line.size()));
    for (const ChartPoint& p : line)
        out.append(QPointF(p.x_s, p.y));
    return out;
}

// Replacing a series' points makes Qt Charts rebuild its whole path and the stroked outline it hit-tests with
// (LineChartItem::updateGeometry: 70% of a dashboard refresh, callgrind of ui_bench): series whose points did
// not change since the last refresh -- the caps and thresholds, a source or a breaker line with nothing new
// -- are left alone.
void set_points(QXYSeries* series, const QList<QPointF>& points) {
    if (series->count() == points.size() && series->points() == points)
        return;
    series->replace(points);
}

QValueAxis* value_axis(QChart* chart, Qt::Alignment where, const QString& title, double lo, double hi) {
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

// The line a legend entry draws for a series: a filled square for areas and markers, a dash for lines.
QString swatch(const QColor& color, bool line, Qt::PenStyle style = Qt::SolidLine) {
    const QString glyph = !line                    ? QStringLiteral("■")
                          : style == Qt::SolidLine ? QStringLiteral("━")
                                                   : QStringLiteral("┅");
    return QStringLiteral("<span style=\"color:%1\">%2</span>").arg(color.name(), glyph);
}

}  // namespace

QString DashboardCharts::legend_name(const QString& name) {
    // Non-breaking spaces and hyphens: a line wraps between entries, never inside "short-circuited".
    return name.toHtmlEscaped()
        .replace(QLatin1Char(' '), QStringLiteral("&nbsp;"))
        .replace(QLatin1Char('-'), QChar(0x2011));
}

DashboardCharts::DashboardCharts(int range_s, QWidget* parent) : QWidget(parent), range_s_(range_s) {
    setObjectName(QStringLiteral("dashboardCharts"));
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(6);

    // Outcomes per second, stacked in the order of kOutcomes.
    Chart& outcomes = add_chart(QStringLiteral("outcomes"), tr("Outcomes per second"));
    x_axes_.push_back(value_axis(outcomes.chart, Qt::AlignBottom, tr("seconds ago"), -range_s_, 0));
    outcome_y_ = value_axis(outcomes.chart, Qt::AlignLeft, tr("per s"), 0, 5);
    QLineSeries* lower = nullptr;
    for (Outcome o : kOutcomes) {
        // QAreaSeries does not own its boundary lines: parent them to the chart so they go with it.
        auto* upper = new QLineSeries(outcomes.chart);
        auto* area = new QAreaSeries(upper, lower);
        area->setName(identifier_words(to_string(o)));
        attach(outcomes.chart, area, x_axes_.back(), outcome_y_);
        outcome_lines_.push_back(upper);
        outcome_areas_.push_back(area);
        lower = upper;
    }

    // Scheduled waits by source against the policy's caps. Waits span milliseconds (retry-after-ms: 20) to a
    // minute (the Retry-After cap): a log scale shows both.
    Chart& waits = add_chart(QStringLiteral("waits"), tr("Scheduled waits by source"));
    x_axes_.push_back(value_axis(waits.chart, Qt::AlignBottom, tr("seconds ago"), -range_s_, 0));
    wait_y_ = new QLogValueAxis;
    wait_y_->setBase(10);
    wait_y_->setRange(1, 100000);
    wait_y_->setTitleText(tr("ms (log)"));
    wait_y_->setLabelFormat(QStringLiteral("%g"));
    waits.chart->addAxis(wait_y_, Qt::AlignLeft);
    const std::pair<DelaySource, QString> sources[] = {{DelaySource::Backoff, tr("backoff")},
                                                       {DelaySource::RetryAfter, tr("Retry-After")},
                                                       {DelaySource::RetryAfterMs, tr("retry-after-ms")},
                                                       {DelaySource::RateLimitReset, tr("rate-limit reset")},
                                                       {DelaySource::BodyRetryDelay, tr("body retryDelay")}};
    for (const auto& [source, label] : sources) {
        auto* scatter = new QScatterSeries;
        scatter->setName(label);
        scatter->setMarkerSize(7);
        scatter->setBorderColor(Qt::transparent);
        attach(waits.chart, scatter, x_axes_.back(), wait_y_);
        wait_points_[source] = scatter;
    }
    backoff_cap_ = new QLineSeries;
    backoff_cap_->setName(tr("backoff cap"));
    attach(waits.chart, backoff_cap_, x_axes_.back(), wait_y_);
    hint_cap_ = new QLineSeries;
    hint_cap_->setName(tr("Retry-After cap"));
    attach(waits.chart, hint_cap_, x_axes_.back(), wait_y_);

    // Breaker states: a step line per target on an axis that names the states.
    Chart& breakers = add_chart(QStringLiteral("breakers"), tr("Breaker state per target"));
    x_axes_.push_back(value_axis(breakers.chart, Qt::AlignBottom, tr("seconds ago"), -range_s_, 0));
    breaker_y_ = new QCategoryAxis;
    breaker_y_->setRange(-0.5, 2.5);
    for (BreakerLevel level : kBreakerLevels) {
        breaker_y_->append(identifier_words(to_string(level)), static_cast<double>(level) + 0.5);
    }
    breaker_y_->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
    breaker_y_->setGridLineVisible(false);
    breakers.chart->addAxis(breaker_y_, Qt::AlignLeft);

    // Rates over the trailing window against the breaker's two trip rules.
    Chart& rates = add_chart(QStringLiteral("rates"), tr("Rates over the last %1 s").arg(kRateWindowS));
    x_axes_.push_back(value_axis(rates.chart, Qt::AlignBottom, tr("seconds ago"), -range_s_, 0));
    rate_y_ = value_axis(rates.chart, Qt::AlignLeft, QStringLiteral("%"), 0, 100);
    retry_rate_ = new QLineSeries;
    retry_rate_->setName(tr("retries"));
    ok_after_retry_ = new QLineSeries;
    ok_after_retry_->setName(tr("ok after retry"));
    failure_rate_ = new QLineSeries;
    failure_rate_->setName(tr("failures"));
    failure_threshold_ = new QLineSeries;
    failure_threshold_->setName(tr("fail limit"));
    // The breaker's other trip rule: calls slower than slow_call_ms (TTFT, else duration) against their own
    // threshold, so a person sees which of the two rules is near.
    slow_rate_ = new QLineSeries;
    slow_rate_->setName(tr("slow calls"));
    slow_threshold_ = new QLineSeries;
    slow_threshold_->setName(tr("slow limit"));
    for (QLineSeries* s :
         {retry_rate_, ok_after_retry_, failure_rate_, failure_threshold_, slow_rate_, slow_threshold_})
        attach(rates.chart, s, x_axes_.back(), rate_y_);

    for (std::size_t i = 0; i < charts_.size(); ++i) {
        auto* cell = new QWidget(this);
        auto* column = new QVBoxLayout(cell);
        column->setContentsMargins(0, 0, 0, 0);
        column->setSpacing(0);
        charts_[i].view->setParent(cell);
        charts_[i].legend->setParent(cell);
        column->addWidget(charts_[i].view, 1);
        column->addWidget(charts_[i].legend);
        cells_.push_back(cell);
    }
    arrange(2);
    apply_palette();
}

DashboardCharts::Chart& DashboardCharts::add_chart(const QString& name, const QString& title) {
    Chart c;
    c.name = name;
    c.chart = new QChart;
    c.chart->setTitle(title);
    c.chart->setMargins(QMargins(2, 2, 2, 2));
    // The legend is a label under the chart (rebuild_legend): QChart's own cuts names to "short-cir…" when
    // six share a third of a screen; a label wraps.
    c.chart->legend()->hide();
    c.chart->setAnimationOptions(QChart::NoAnimation);
    c.chart->setDropShadowEnabled(false);  // painted every frame, for nothing a person needs
    c.chart->setBackgroundRoundness(0);
    c.view = new QChartView(c.chart, this);
    c.view->setObjectName(QStringLiteral("chart_") + name);
    // No antialiasing: in the software rasterizer it doubles the cost of filled areas and markers, and at 5
    // frames a second the frame budget matters more than smooth edges (ui_bench: frame p95 20 ms with it).
    c.view->setRenderHint(QPainter::Antialiasing, false);
    c.view->setMinimumHeight(190);
    c.legend = new QLabel(this);
    c.legend->setObjectName(QStringLiteral("legend_") + name);
    c.legend->setTextFormat(Qt::RichText);
    c.legend->setWordWrap(true);
    c.legend->setContentsMargins(6, 0, 6, 2);
    charts_.push_back(c);
    return charts_.back();
}

void DashboardCharts::rebuild_legend(Chart& c) {
    QStringList entries;
    for (QAbstractSeries* s : c.chart->series()) {
        QColor color;
        bool line = false;
        Qt::PenStyle style = Qt::SolidLine;
        if (auto* area = qobject_cast<QAreaSeries*>(s)) {
            color = area->color();
        } else if (auto* scatter = qobject_cast<QScatterSeries*>(s)) {
            color = scatter->color();
        } else if (auto* xy = qobject_cast<QLineSeries*>(s)) {
            color = xy->pen().color();
            style = xy->pen().style();
            line = true;
        }
        // A non-breaking space inside an entry, plain spaces between them: lines wrap between entries only.
        entries << swatch(color, line, style) + QStringLiteral("&nbsp;") + legend_name(s->name());
    }
    const QString text = entries.join(QStringLiteral(" &nbsp; "));
    if (c.legend->text() != text)
        c.legend->setText(text);
}

void DashboardCharts::apply_palette() {
    const DashboardPalette colors(palette());
    for (Chart& c : charts_) {
        c.chart->setBackgroundBrush(colors.chart_background);
        c.chart->setPlotAreaBackgroundVisible(false);
        c.chart->setTitleBrush(colors.text);
        QFont title = font();
        title.setBold(true);
        c.chart->setTitleFont(title);
        for (QAbstractAxis* a : c.chart->axes()) {
            a->setLabelsBrush(colors.text);
            a->setLabelsFont(font());
            a->setTitleBrush(colors.muted_text);
            a->setTitleFont(font());
            a->setGridLineColor(colors.grid);
            a->setLinePenColor(colors.grid);
        }
    }
    for (std::size_t i = 0; i < outcome_areas_.size(); ++i) {
        const QColor color = colors.outcome(kOutcomes[i]);
        outcome_areas_[i]->setColor(color);
        outcome_areas_[i]->setBorderColor(color.darker(120));
    }
    for (const auto& [source, scatter] : wait_points_)
        scatter->setColor(colors.delay_source(source));
    backoff_cap_->setPen(QPen(colors.muted_text, 1, Qt::DashLine));
    hint_cap_->setPen(QPen(colors.failed, 1, Qt::DotLine));
    retry_rate_->setPen(QPen(colors.outcome(Outcome::Retry), 2));
    ok_after_retry_->setPen(QPen(colors.outcome(Outcome::Success), 2));
    failure_rate_->setPen(QPen(colors.failed, 2));
    failure_threshold_->setPen(QPen(colors.failed, 1, Qt::DashLine));
    slow_rate_->setPen(QPen(colors.slow, 2));
    slow_threshold_->setPen(QPen(colors.slow, 1, Qt::DotLine));
    std::size_t i = 0;
    for (const auto& [target, line] : breaker_lines_)
        line->setPen(QPen(colors.series(i++), 2));
    for (Chart& c : charts_) {
        QPalette p = c.legend->palette();
        p.setColor(QPalette::WindowText, colors.text);
        c.legend->setPalette(p);
        rebuild_legend(c);
    }
}

void DashboardCharts::arrange(int columns) {
    if (columns == columns_)
        return;
    columns_ = columns;
    auto* grid = static_cast<QGridLayout*>(layout());
    for (QWidget* cell : cells_)
        grid->removeWidget(cell);
    for (std::size_t i = 0; i < cells_.size(); ++i) {
        grid->addWidget(cells_[i], static_cast<int>(i / static_cast<std::size_t>(columns)),
                        static_cast<int>(i % static_cast<std::size_t>(columns)));
    }
    for (int c = 0; c < 2; ++c)
        grid->setColumnStretch(c, c < columns ? 1 : 0);
}

void DashboardCharts::resizeEvent(QResizeEvent* event) {
    arrange(width() >= 2 * kMinChartWidthPx + layout()->spacing() ? 2 : 1);
    QWidget::resizeEvent(event);
}

void DashboardCharts::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        apply_palette();
    QWidget::changeEvent(event);
}

void DashboardCharts::set_range_s(int range_s) {
    range_s_ = range_s;
    for (QValueAxis* x : x_axes_)
        x->setRange(-range_s_, 0);
}

void DashboardCharts::update_from(const Frame& f) {
    const double from_s = -static_cast<double>(range_s_);
    if (f.outcomes) {
        for (std::size_t o = 0; o < outcome_lines_.size(); ++o)
            set_points(outcome_lines_[o], points(f.outcomes->upper[o]));
        // Whole requests on whole ticks: the top is a multiple of the kOutcomeTicks - 1 intervals.
        constexpr int kOutcomeTicks = 5;
        const double top =
            std::ceil(std::max(1.0, f.outcomes->peak) * 1.15 / (kOutcomeTicks - 1)) * (kOutcomeTicks - 1);
        outcome_y_->setRange(0, top);
        outcome_y_->setTickCount(kOutcomeTicks);
    }
    if (f.waits) {
        static const ChartLine kNone;
        for (const auto& [source, scatter] : wait_points_) {
            const auto it = f.waits->by_source.find(source);
            set_points(scatter, points(it == f.waits->by_source.end() ? kNone : it->second));
        }
        const auto backoff = static_cast<double>(f.backoff_cap_ms);
        const auto hint = static_cast<double>(f.hint_cap_ms);
        set_points(backoff_cap_, {QPointF(from_s, backoff), QPointF(0, backoff)});
        set_points(hint_cap_, {QPointF(from_s, hint), QPointF(0, hint)});
        wait_y_->setRange(1, std::max({f.waits->max_delay_ms, backoff, hint}) * 1.5);
    }
    if (f.breakers) {
        bool added = false;
        for (const auto& [target, line] : *f.breakers) {
            QLineSeries*& series = breaker_lines_[target];
            if (!series) {
                series = new QLineSeries;
                series->setName(QString::fromStdString(target));
                attach(charts_[2].chart, series, x_axes_[2], breaker_y_);
                added = true;
            }
            set_points(series, points(line));
        }
        if (added)
            apply_palette();  // the new target's colour, axis text and legend entry
    }
    if (f.rates) {
        set_points(retry_rate_, points(f.rates->retry_pct));
        set_points(ok_after_retry_, points(f.rates->ok_after_retry_pct));
        set_points(failure_rate_, points(f.rates->failure_pct));
        set_points(slow_rate_, points(f.rates->slow_pct));
        const double fail = f.failure_threshold_pct;
        const double slow = f.slow_threshold_pct;
        set_points(failure_threshold_, {QPointF(from_s, fail), QPointF(0, fail)});
        set_points(slow_threshold_, {QPointF(from_s, slow), QPointF(0, slow)});
    }
}

QStringList DashboardCharts::names() const {
    QStringList out;
    for (const Chart& c : charts_)
        out << c.name;
    return out;
}

QChartView* DashboardCharts::view(const QString& name) const {
    for (const Chart& c : charts_) {
        if (c.name == name)
            return c.view;
    }
    return nullptr;
}

QString DashboardCharts::legend_text(const QString& name) const {
    for (const Chart& c : charts_) {
        if (c.name == name)
            return c.legend->text();
    }
    return {};
}

}  // namespace stormproof
