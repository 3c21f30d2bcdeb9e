#pragma once

#include <QTableWidget>
#include <vector>

#include "resilience/CircuitBreaker.h"
#include "telemetry/FleetSummary.h"

namespace stormproof {

// A row per target: breaker state, attempts, error %, latency percentiles, TTFT, rate-limit headroom and a
// trend sparkline. Rows keep their place (the person may have sorted them); cells change only when their
// value does. Right-click a row to force its breaker.
class TargetTiles final : public QTableWidget {
    Q_OBJECT

public:
    enum Column { Target, Breaker, Attempts, ErrorPct, P50, P90, P99, TtftP50, Headroom, Trend, ColumnCount };
    static constexpr int kRefreshesPerWidthCheck = 5;  // once a second at the dashboard's 5 refreshes
    static constexpr int kMaxVisibleRows = 4;          // more targets scroll inside the table

    explicit TargetTiles(QWidget* parent = nullptr);
    void update_from(const std::vector<TargetTile>& tiles);

signals:
    void force_requested(const QString& target, BreakerOverride mode);

protected:
    void changeEvent(QEvent* event) override;

private:
    void recolour();

    int refreshes_ = 0;
};

}  // namespace stormproof
