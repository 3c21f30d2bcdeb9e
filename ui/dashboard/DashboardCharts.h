#pragma once

#include <QWidget>
#include <map>
#include <string>
#include <vector>

#include "resilience/ServerHints.h"
#include "telemetry/DashboardSeries.h"

class QAreaSeries;
class QCategoryAxis;
class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QLogValueAxis;
class QScatterSeries;
class QValueAxis;

namespace stormproof {

// The dashboard's four charts -- outcomes per second, scheduled waits, breaker states, rates -- each with a
// legend under it that wraps rather than cuts names, colours from the palette (light and dark), and named
// axes. It only displays: every number comes from core/telemetry (DashboardSeries) through update().
class DashboardCharts final : public QWidget {
    Q_OBJECT

public:
    explicit DashboardCharts(int range_s, QWidget* parent = nullptr);

    // What one refresh draws; one replace() per series.
    struct Frame {
        const OutcomeStacks* outcomes = nullptr;
        const WaitPoints* waits = nullptr;
        std::int64_t backoff_cap_ms = 0;
        std::int64_t hint_cap_ms = 0;
        const std::map<std::string, ChartLine>* breakers = nullptr;
        const RateLines* rates = nullptr;
        double failure_threshold_pct = 0;
        double slow_threshold_pct = 0;
    };
    void update_from(const Frame& frame);
    void set_range_s(int range_s);

    QStringList names() const;                    // "outcomes", "waits", "breakers", "rates"
    QChartView* view(const QString& name) const;  // nullptr for an unknown name
    // The legend under a chart, as shown (rich text): full series names, wrapped to the chart's width.
    QString legend_text(const QString& name) const;
    QCategoryAxis* breaker_axis() const { return breaker_y_; }
    // A series name as its legend shows it (escaped; spaces and hyphens that do not break).
    static QString legend_name(const QString& name);

    // Below this width the charts stack in one column: two side by side would be too narrow to read.
    static constexpr int kMinChartWidthPx = 300;
    int columns() const { return columns_; }

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Chart {
        QString name;
        QChart* chart = nullptr;
        QChartView* view = nullptr;
        QLabel* legend = nullptr;
    };
    Chart& add_chart(const QString& name, const QString& title);
    void rebuild_legend(Chart& chart);
    void apply_palette();
    void arrange(int columns);

    int range_s_;
    std::vector<Chart> charts_;
    std::vector<QWidget*> cells_;  // a chart with its legend
    int columns_ = 0;
    std::vector<QValueAxis*> x_axes_;
    std::vector<QLineSeries*> outcome_lines_;  // upper edges of the stacked areas
    std::vector<QAreaSeries*> outcome_areas_;
    QValueAxis* outcome_y_ = nullptr;
    std::map<DelaySource, QScatterSeries*> wait_points_;
    QLineSeries* backoff_cap_ = nullptr;
    QLineSeries* hint_cap_ = nullptr;
    QLogValueAxis* wait_y_ = nullptr;
    std::map<std::string, QLineSeries*> breaker_lines_;
    QCategoryAxis* breaker_y_ = nullptr;
    QLineSeries* retry_rate_ = nullptr;
    QLineSeries* ok_after_retry_ = nullptr;
    QLineSeries* failure_rate_ = nullptr;
    QLineSeries* failure_threshold_ = nullptr;
    QLineSeries* slow_rate_ = nullptr;
    QLineSeries* slow_threshold_ = nullptr;
    QValueAxis* rate_y_ = nullptr;
};

}  // namespace stormproof
