#pragma once

#include <QWidget>
#include <vector>

#include "telemetry/TelemetryEvent.h"

namespace stormproof {

// One request on a time axis: each attempt as a bar on its target's row (green ok, red failed, grey
// cancelled) and each scheduled wait as a hatched bar with its source -- the whole story of a retry sequence
// at a glance.
class WaterfallWidget final : public QWidget {
    Q_OBJECT

public:
    explicit WaterfallWidget(QWidget* parent = nullptr);
    // The events of one trace, in order.
    void show_trace(const std::vector<TelemetryEvent>& events);
    int segments() const { return static_cast<int>(segments_.size()); }
    QSize sizeHint() const override { return {480, 150}; }
    // What the last paint drew: each bar, and the label drawn on it (elided to the room before the next bar
    // on its row; empty when there was no room). Every label is also the bar's tooltip.
    struct Drawn {
        QRectF bar;
        QRectF label_rect;
        QString label;
        QString full_label;
    };
    const std::vector<Drawn>& drawn() const { return drawn_; }
    // The time axis under the bars, as last painted: each tick's label and where it was drawn. Ticks are
    // 1, 2 or 5 x 10^n ms apart, as many as fit without their labels touching.
    struct Tick {
        QRectF rect;
        QString label;
    };
    const std::vector<Tick>& ticks() const { return ticks_; }
    // The trace shown (empty before the first).
    const std::string& trace_id() const { return trace_id_; }
    // "250 ms", "1.5 s", "12 s": a time on the axis.
    static QString time_label(std::int64_t ms, std::int64_t step_ms);
    QString tooltip_at(const QPoint& pos) const;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Segment {
        QString row;
        std::int64_t start_ms = 0;
        std::int64_t end_ms = 0;
        enum Kind { Ok, Failed, Cancelled, Wait, Running } kind = Running;
        QString label;
    };
    std::vector<Segment> segments_;
    std::vector<Drawn> drawn_;
    std::vector<Tick> ticks_;
    std::string trace_id_;
    QStringList rows_;
    std::int64_t span_ms_ = 1;
    QString title_;
};

}  // namespace stormproof
