#include "PreviewPanel.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>

#include "IdentifierWords.h"
#include "simulator/ScenarioLoader.h"

namespace stormproof {

namespace {

// Both policies on one chart: the one in force muted and dashed, the edited one in the accent colour.
QPen saved_pen(bool dark) {
    return QPen(dark ? QColor(0x8b, 0x94, 0x9e) : QColor(0x75, 0x75, 0x75), 2, Qt::DashLine);
}
QColor accent(bool dark) {
    return dark ? QColor(0x58, 0xa6, 0xff) : QColor(0x1f, 0x6f, 0xeb);
}

double breaker_level(BreakerState s) {
    switch (s) {
        case BreakerState::Open:
        case BreakerState::ForcedOpen:
            return 2.5;
        case BreakerState::HalfOpen:
            return 1.5;
        case BreakerState::Closed:
        case BreakerState::Disabled:
            break;
    }
    return 0.5;
}

QString pct(double fraction) {
    return QString::number(fraction * 100, 'f', 1) + QStringLiteral(" %");
}
QString seconds(double ms) {
    return QString::number(ms / 1000, 'f', 2) + QStringLiteral(" s");
}

}  // namespace

PreviewPanel::PreviewPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("policyPreview"));
    auto* layout = new QVBoxLayout(this);
    title_ = new QLabel(this);
    title_->setWordWrap(true);
    QFont bold = title_->font();
    bold.setBold(true);
    title_->setFont(bold);
    layout->addWidget(title_);
    chart_ = new QChart;
    chart_->setAnimationOptions(QChart::NoAnimation);
    chart_->legend()->setAlignment(Qt::AlignBottom);
    auto* view = new QChartView(chart_, this);
    view->setObjectName(QStringLiteral("previewChart"));
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(220);
    layout->addWidget(view, 1);
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("previewSummary"));
    summary_->setWordWrap(true);
    summary_->setTextFormat(Qt::RichText);
    layout->addWidget(summary_);
}

PreviewResult PreviewPanel::run(const Policy& policy, const Scenario& scenario) {
    std::vector<std::string> names;
    std::vector<Scenario> scenarios;
    for (std::size_t i = 0; i < policy.targets.size(); ++i) {
        const TargetConfig& t = policy.targets[i];
        names.push_back(t.name);
        if (i == 0) {
            scenarios.push_back(scenario);
        } else if (t.provider == ProviderKind::Simulator && !t.scenario.empty()) {
            auto loaded = ScenarioLoader::load(t.scenario);
            scenarios.push_back(loaded.ok() ? *loaded.scenario : Scenario::healthy());
        } else {
            scenarios.push_back(Scenario::healthy());
        }
    }
    if (names.empty()) {
        names.push_back("primary");
        scenarios.push_back(scenario);
    }
    // Faults limited to some models apply by the model each target asks for (a simulator's: sim-SCENARIO).
    PreviewOptions options;
    for (const TargetConfig& t : policy.targets)
        options.models.push_back(t.provider == ProviderKind::Simulator ? std::string() : t.model);
    return PolicyPreview::run(policy.resilience, names, scenarios, options);
}

void PreviewPanel::update_preview(const Policy& saved, const Policy& edited, const Scenario& scenario,
                                  const QString& scenario_name) {
    QElapsedTimer timer;
    timer.start();
    saved_ = run(saved, scenario);
    result_ = run(edited, scenario);
    last_run_ms_ = static_cast<double>(timer.nsecsElapsed()) / 1e6 / 2;  // one run's share

    const QString primary = edited.targets.empty() ? QStringLiteral("primary")
                                                   : QString::fromStdString(edited.targets.front().name);
    title_->setText(
        tr("Preview: %1 requests at 4/s, %2 under \"%3\"%4")
            .arg(result_.requests)
            .arg(primary, scenario_name)
            .arg(edited.targets.size() > 1 ? tr(", the rest of the chain behind it") : QString()));
    summary_->setText(summary());
    redraw();
}

void PreviewPanel::show_chart(PreviewChart chart) {
    if (chart == chart_kind_)
        return;
    chart_kind_ = chart;
    redraw();
}

QString PreviewPanel::chart_title() const {
    switch (chart_kind_) {
        case PreviewChart::Breaker:
            return tr("Breaker of the first target over the run");
        case PreviewChart::BudgetDenials:
            return tr("Retries the budget refused, per 5 s");
        case PreviewChart::DeadlineCuts:
            return tr("Requests the deadline cut, per 5 s");
        case PreviewChart::Waits:
            break;
    }
    return tr("Wait before each attempt (p10 · p50 · p90)");
}

void PreviewPanel::redraw() {
    chart_->removeAllSeries();
    for (QAbstractAxis* axis : chart_->axes()) {
        chart_->removeAxis(axis);
        delete axis;
    }
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const QChart::ChartTheme theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (chart_->theme() != theme)
        chart_->setTheme(theme);
    chart_->setTitle(chart_title());
    switch (chart_kind_) {
        case PreviewChart::Waits:
            draw_waits();
            break;
        case PreviewChart::Breaker:
            draw_breaker();
            break;
        case PreviewChart::BudgetDenials:
            draw_buckets(saved_.budget_denials, result_.budget_denials, tr("retries refused"));
            break;
        case PreviewChart::DeadlineCuts:
            draw_buckets(saved_.deadline_cuts, result_.deadline_cuts, tr("requests cut"));
            break;
    }
}

void PreviewPanel::draw_waits() {
    const bool dark = chart_->theme() == QChart::ChartThemeDark;
    auto* x = new QValueAxis;
    x->setTitleText(tr("attempt"));
    x->setLabelFormat(QStringLiteral("%d"));
    auto* y = new QValueAxis;
    y->setTitleText(tr("wait (ms)"));
    y->setLabelFormat(QStringLiteral("%g"));
    chart_->addAxis(x, Qt::AlignBottom);
    chart_->addAxis(y, Qt::AlignLeft);
    double top = 1;
    std::size_t longest = 0;
    const auto add = [&](const PreviewResult& r, const QString& name, const QPen& pen,
                         std::int64_t PercentileBand::*field) {
        auto* s = new QLineSeries;
        s->setName(name);
        for (std::size_t i = 0; i < r.wait_before_attempt.size(); ++i) {
            const double v = static_cast<double>(r.wait_before_attempt[i].*field);
            s->append(static_cast<double>(i) + 2, v);  // the wait before attempt 2 is the first
            top = std::max(top, v);
        }
        longest = std::max(longest, r.wait_before_attempt.size());
        chart_->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
        s->setPen(pen);
        s->setPointsVisible(r.wait_before_attempt.size() == 1);
    };
    add(saved_, tr("in force, p50"), saved_pen(dark), &PercentileBand::p50_ms);
    const QColor c = accent(dark);
    add(result_, tr("edited, p10"), QPen(c.lighter(dark ? 60 : 160), 2), &PercentileBand::p10_ms);
    add(result_, tr("edited, p50"), QPen(c, 3), &PercentileBand::p50_ms);
    add(result_, tr("edited, p90"), QPen(c.darker(dark ? 60 : 150), 2), &PercentileBand::p90_ms);
    const double last_x = std::max<double>(3, static_cast<double>(longest) + 1);
    x->setRange(2, last_x);
    x->setTickCount(static_cast<int>(last_x) - 1);
    y->setRange(0, top * 1.1);
    y->applyNiceNumbers();
}

void PreviewPanel::draw_breaker() {
    const bool dark = chart_->theme() == QChart::ChartThemeDark;
    auto* x = new QValueAxis;
    x->setTitleText(tr("seconds into the run"));
    x->setLabelFormat(QStringLiteral("%d"));
    auto* y = new QCategoryAxis;
    y->append(tr("closed"), 1);
    y->append(tr("half-open"), 2);
    y->append(tr("open"), 3);
    y->setRange(0, 3);
    y->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
    chart_->addAxis(x, Qt::AlignBottom);
    chart_->addAxis(y, Qt::AlignLeft);
    const double end_s = static_cast<double>(std::max(saved_.duration_ms, result_.duration_ms)) / 1000;
    const auto add = [&](const PreviewResult& r, const QString& name, const QPen& pen, double offset) {
        auto* s = new QLineSeries;
        const bool off =
            !r.primary_breaker.empty() && r.primary_breaker.front().state == BreakerState::Disabled;
        s->setName(off ? name + tr(" (breaker off)") : name);
        double level = 0.5;
        for (const auto& p : r.primary_breaker) {
            const double t = static_cast<double>(p.at_ms) / 1000;
            if (s->count() > 0)
                s->append(t, level + offset);
            level = breaker_level(p.state);
            s->append(t, level + offset);
        }
        s->append(end_s, level + offset);
        chart_->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
        s->setPen(pen);
    };
    // The two lines are drawn a hair apart so one does not hide the other where they agree.
    add(saved_, tr("in force"), saved_pen(dark), -0.06);
    add(result_, tr("edited"), QPen(accent(dark), 3), 0.06);
    x->setRange(0, std::max(1.0, end_s));
    x->applyNiceNumbers();
}

void PreviewPanel::draw_buckets(const std::vector<int>& before, const std::vector<int>& after,
                                const QString& what) {
    const bool dark = chart_->theme() == QChart::ChartThemeDark;
    auto* x = new QValueAxis;
    x->setTitleText(tr("seconds into the run"));
    x->setLabelFormat(QStringLiteral("%d"));
    auto* y = new QValueAxis;
    y->setTitleText(what);
    y->setLabelFormat(QStringLiteral("%d"));
    chart_->addAxis(x, Qt::AlignBottom);
    chart_->addAxis(y, Qt::AlignLeft);
    int top = 1;
    double end_s = 5;
    const auto add = [&](const std::vector<int>& counts, const QString& name, const QPen& pen) {
        // A step per 5 s bucket: the count holds across the bucket it was counted in.
        auto* s = new QLineSeries;
        int total = 0;
        const double width_s = static_cast<double>(PreviewResult::kTimelineBucketMs) / 1000;
        for (std::size_t i = 0; i < counts.size(); ++i) {
            const double from = static_cast<double>(i) * width_s;
            s->append(from, counts[i]);
            s->append(from + width_s, counts[i]);
            top = std::max(top, counts[i]);
            total += counts[i];
            end_s = std::max(end_s, from + width_s);
        }
        s->setName(tr("%1: %2 in all").arg(name).arg(total));
        chart_->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
        s->setPen(pen);
    };
    add(before, tr("in force"), saved_pen(dark));
    add(after, tr("edited"), QPen(accent(dark), 3));
    x->setRange(0, end_s);
    x->applyNiceNumbers();
    y->setRange(0, top + 1);
    y->applyNiceNumbers();
}

QString PreviewPanel::summary() const {
    const PreviewResult& a = saved_;
    const PreviewResult& b = result_;
    const auto row = [](const QString& what, const QString& before, const QString& after) {
        const bool same = before == after;
        return QStringLiteral(
                   "<tr><td>%1</td><td align=right>%2</td><td>&nbsp;→&nbsp;</td>"
                   "<td align=right>%3</td></tr>")
            .arg(what, before, same ? after : QStringLiteral("<b>%1</b>").arg(after));
    };
    QString html = QStringLiteral(
                       "<table cellspacing=0 cellpadding=1><tr><td></td><td align=right><i>%1</i>"
                       "</td><td></td><td align=right><i>%2</i></td></tr>")
                       .arg(tr("in force"), tr("edited"));
    html += row(tr("succeed"), pct(a.success_probability()), pct(b.success_probability()));
    html += row(tr("…by a fallback"), QString::number(a.served_by_fallback),
                QString::number(b.served_by_fallback));
    html += row(tr("latency p50"), seconds(static_cast<double>(a.p50_latency_ms)),
                seconds(static_cast<double>(b.p50_latency_ms)));
    html += row(tr("latency p95"), seconds(static_cast<double>(a.p95_latency_ms)),
                seconds(static_cast<double>(b.p95_latency_ms)));
    html += row(tr("attempts per request"), QString::number(a.mean_attempts, 'f', 2),
                QString::number(b.mean_attempts, 'f', 2));
    html += row(tr("cost"), QStringLiteral("×") + QString::number(a.cost_multiplier, 'f', 2),
                QStringLiteral("×") + QString::number(b.cost_multiplier, 'f', 2));
    html +=
        row(tr("cut by the deadline"), pct(a.deadline_cut_probability()), pct(b.deadline_cut_probability()));
    html += QStringLiteral("</table>");
    QStringList errors;
    for (const auto& [cls, n] : b.final_errors)
        errors << QStringLiteral("%1 %2").arg(n).arg(identifier_words(to_string(cls)));
    if (!errors.isEmpty())
        html += tr("Edited policy's failures: %1").arg(errors.join(QStringLiteral(", ")));
    return html;
}

}  // namespace stormproof
