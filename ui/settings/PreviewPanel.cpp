#include "PreviewPanel.h"

#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>

#include "simulator/ScenarioLoader.h"

namespace stormproof {

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
    chart_->setTitle(tr("Wait before each attempt (ms), percentiles"));
    chart_->setAnimationOptions(QChart::NoAnimation);
    chart_->legend()->setAlignment(Qt::AlignBottom);
    x_ = new QValueAxis;
    x_->setTitleText(tr("attempt"));
    x_->setLabelFormat(QStringLiteral("%d"));
    y_ = new QValueAxis;
    y_->setTitleText(tr("ms"));
    y_->setLabelFormat(QStringLiteral("%g"));
    chart_->addAxis(x_, Qt::AlignBottom);
    chart_->addAxis(y_, Qt::AlignLeft);
    const auto add = [this](const QString& name, const QPen& pen) {
        auto* s = new QLineSeries;
        s->setName(name);
        s->setPen(pen);
        chart_->addSeries(s);
        s->attachAxis(x_);
        s->attachAxis(y_);
        return s;
    };
    p10_ = add(tr("p10"), QPen(QColor(0x9e, 0xc5, 0xfe), 2));
    p50_ = add(tr("p50"), QPen(QColor(0x1f, 0x6f, 0xeb), 3));
    p90_ = add(tr("p90"), QPen(QColor(0x0a, 0x3d, 0x91), 2));
    deadline_ = add(tr("deadline"), QPen(Qt::red, 1, Qt::DashLine));
    auto* view = new QChartView(chart_, this);
    view->setMinimumHeight(220);
    layout->addWidget(view, 1);
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("previewSummary"));
    summary_->setWordWrap(true);
    summary_->setTextFormat(Qt::RichText);
    layout->addWidget(summary_);
}

void PreviewPanel::update_preview(const Policy& policy, const Scenario& scenario,
                                  const QString& scenario_name) {
    QElapsedTimer timer;
    timer.start();
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
    result_ = PolicyPreview::run(policy.resilience, names, scenarios, options);
    last_run_ms_ = static_cast<double>(timer.nsecsElapsed()) / 1e6;

    title_->setText(tr("Preview: %1 requests at 4/s, %2 under \"%3\"%4")
                        .arg(result_.requests)
                        .arg(QString::fromStdString(names.front()), scenario_name)
                        .arg(names.size() > 1 ? tr(", the rest of the chain behind it") : QString()));
    QList<QPointF> lo, mid, hi;
    double top = 1;
    for (std::size_t i = 0; i < result_.wait_before_attempt.size(); ++i) {
        const PercentileBand& b = result_.wait_before_attempt[i];
        const double x = static_cast<double>(i) + 2;  // the wait before attempt 2 is the first
        lo.append(QPointF(x, static_cast<double>(b.p10_ms)));
        mid.append(QPointF(x, static_cast<double>(b.p50_ms)));
        hi.append(QPointF(x, static_cast<double>(b.p90_ms)));
        top = std::max(top, static_cast<double>(b.p90_ms));
    }
    p10_->replace(lo);
    p50_->replace(mid);
    p90_->replace(hi);
    const double last_x = std::max<double>(3, static_cast<double>(result_.wait_before_attempt.size()) + 1);
    x_->setRange(2, last_x);
    x_->setTickCount(static_cast<int>(last_x) - 1);
    // The deadline is drawn only when it is on the scale of the waits; otherwise it is in the text.
    const double deadline = static_cast<double>(result_.deadline_ms);
    if (deadline <= top * 3) {
        deadline_->replace({QPointF(2, deadline), QPointF(last_x, deadline)});
        top = std::max(top, deadline);
    } else {
        deadline_->clear();
    }
    y_->setRange(0, top * 1.1);
    y_->applyNiceNumbers();
    summary_->setText(summary());
}

QString PreviewPanel::summary() const {
    const PreviewResult& r = result_;
    QStringList errors;
    for (const auto& [cls, n] : r.final_errors)
        errors << QStringLiteral("%1 %2").arg(n).arg(QString::fromStdString(cls));
    return tr("<b>%1%</b> succeed (%2 by a fallback) · latency p50 %3 s, p95 %4 s, mean %5 s · %6 attempts "
              "per "
              "request · cost ×%7 · the deadline (%8 s) cuts %9%%10")
        .arg(QString::number(r.success_probability() * 100, 'f', 1))
        .arg(r.served_by_fallback)
        .arg(QString::number(static_cast<double>(r.p50_latency_ms) / 1000, 'f', 2))
        .arg(QString::number(static_cast<double>(r.p95_latency_ms) / 1000, 'f', 2))
        .arg(QString::number(r.mean_latency_ms / 1000, 'f', 2))
        .arg(QString::number(r.mean_attempts, 'f', 2))
        .arg(QString::number(r.cost_multiplier, 'f', 2))
        .arg(QString::number(static_cast<double>(r.deadline_ms) / 1000, 'g', 4))
        .arg(QString::number(r.deadline_cut_probability() * 100, 'f', 1))
        .arg(errors.isEmpty() ? QString() : tr("<br>Failures: %1").arg(errors.join(QStringLiteral(", "))));
}

}  // namespace stormproof
