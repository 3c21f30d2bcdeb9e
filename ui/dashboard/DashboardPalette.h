#pragma once

#include <QColor>
#include <QPalette>

#include "resilience/CircuitBreaker.h"
#include "resilience/ServerHints.h"
#include "telemetry/DashboardSeries.h"

namespace stormproof {

// The dashboard's colours for the palette in force: the same hues in both themes, lighter on a dark
// background so lines and text keep their contrast (WCAG's 3:1 for graphics against the chart's base).
struct DashboardPalette {
    explicit DashboardPalette(const QPalette& palette);

    bool dark = false;
    QColor text, muted_text, grid, chart_background;
    QColor ok, warn, failed, info, slow, neutral;
    // The alert area: a calm line and a firing one.
    QColor alert_background, alert_text, alert_border;

    QColor outcome(Outcome outcome) const;
    QColor delay_source(DelaySource source) const;
    QColor breaker(BreakerState state) const;
    QColor series(std::size_t index) const;  // a distinct colour per target line
};

}  // namespace stormproof
