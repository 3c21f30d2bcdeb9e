#pragma once

#include <QWidget>

#include "config/Policy.h"
#include "simulator/PolicyPreview.h"

class QChart;
class QLabel;

namespace stormproof {

// What a settings page's knobs change, and so what the preview beside it draws.
enum class PreviewChart {
    Waits,          // the wait before each attempt, as percentiles (retry, per-class rules, hedging)
    Breaker,        // the first target's breaker over time: closed, half-open, open (circuit breaker)
    BudgetDenials,  // retries the budget refused, per 5 s (retry budget)
    DeadlineCuts,   // requests the deadline ended, per 5 s (timeouts and deadline)
};

// Beside the retry, breaker, budget and deadline pages: what the saved policy does against the chosen
// scenario and what the edited one would do -- before → after -- from PolicyPreview on simulated time (no
// network): success, latency, attempts, cost and deadline cuts in a table, and the chart of the page's own
// knobs, both policies drawn on it.
class PreviewPanel final : public QWidget {
    Q_OBJECT

public:
    explicit PreviewPanel(QWidget* parent = nullptr);
    // Runs both Monte Carlos (a few ms each) and redraws; the primary target plays `scenario`, simulator
    // targets later in the chain their own, other targets a healthy one.
    void update_preview(const Policy& saved, const Policy& edited, const Scenario& scenario,
                        const QString& scenario_name);
    void show_chart(PreviewChart chart);
    PreviewChart chart() const { return chart_kind_; }
    QString chart_title() const;
    const PreviewResult& result() const { return result_; }       // the edited policy
    const PreviewResult& saved_result() const { return saved_; }  // the policy in force
    QString summary() const;
    double last_run_ms() const { return last_run_ms_; }

    static PreviewResult run(const Policy& policy, const Scenario& scenario);

private:
    void redraw();
    void draw_waits();
    void draw_breaker();
    void draw_buckets(const std::vector<int>& before, const std::vector<int>& after, const QString& what);

    PreviewResult result_;
    PreviewResult saved_;
    PreviewChart chart_kind_ = PreviewChart::Waits;
    QLabel* title_ = nullptr;
    QLabel* summary_ = nullptr;
    QChart* chart_ = nullptr;
    double last_run_ms_ = 0;
};

}  // namespace stormproof
