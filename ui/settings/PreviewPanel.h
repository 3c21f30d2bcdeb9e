#pragma once

#include <QWidget>

#include "config/Policy.h"
#include "simulator/PolicyPreview.h"

class QChart;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace stormproof {

// Beside the retry, breaker, budget and deadline pages: what the edited policy would do against the chosen
// scenario -- wait before each attempt as percentile bands, probability of success, latency, attempts, the
// cost multiplier, and where the deadline cuts -- from PolicyPreview on simulated time. No network.
class PreviewPanel final : public QWidget {
    Q_OBJECT

public:
    explicit PreviewPanel(QWidget* parent = nullptr);
    // Runs the Monte Carlo (a few ms) and redraws; the primary target plays `scenario`, simulator targets
    // later in the chain their own, other targets a healthy one.
    void update_preview(const Policy& policy, const Scenario& scenario, const QString& scenario_name);
    const PreviewResult& result() const { return result_; }
    QString summary() const;
    double last_run_ms() const { return last_run_ms_; }

private:
    PreviewResult result_;
    QLabel* title_ = nullptr;
    QLabel* summary_ = nullptr;
    QChart* chart_ = nullptr;
    QLineSeries* p10_ = nullptr;
    QLineSeries* p50_ = nullptr;
    QLineSeries* p90_ = nullptr;
    QLineSeries* deadline_ = nullptr;
    QValueAxis* x_ = nullptr;
    QValueAxis* y_ = nullptr;
    double last_run_ms_ = 0;
};

}  // namespace stormproof
