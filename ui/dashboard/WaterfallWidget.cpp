#include "WaterfallWidget.h"
#include "IdentifierWords.h"

#include <QFontMetrics>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <map>

namespace stormproof {

namespace {
// A name of the engine's in the interface's language (ui/IdentifierWords).
QString text_of(std::string_view name) {
    return identifier_words(name);
}
}  // namespace

WaterfallWidget::WaterfallWidget(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("waterfall"));
    setMinimumHeight(110);
    title_ = tr("Click a reply's trace link to see its attempts and waits here.");
}

void WaterfallWidget::show_trace(const std::vector<TelemetryEvent>& events) {
    segments_.clear();
    rows_.clear();
    trace_id_ = events.empty() ? std::string() : events.front().trace_id;
    if (events.empty()) {
        update();
        return;
    }
    const std::int64_t t0 = events.front().ts_ms;
    std::map<int, Segment> open;  // attempt -> running segment
    std::int64_t end = t0;
    for (const TelemetryEvent& e : events) {
        end = std::max(end, e.ts_ms);
        const QString target = QString::fromStdString(e.target);
        if (e.event == EventKind::AttemptStarted && e.attempt) {
            if (!rows_.contains(target))
                rows_ << target;
            open[*e.attempt] = Segment{target, e.ts_ms - t0, e.ts_ms - t0, Segment::Running,
                                       QStringLiteral("#%1").arg(*e.attempt)};
        } else if (e.event == EventKind::AttemptFinished && e.attempt && open.count(*e.attempt)) {
            Segment s = open[*e.attempt];
            open.erase(*e.attempt);
            s.end_ms = e.ts_ms - t0;
            s.kind = !e.error_class                            ? Segment::Ok
                     : *e.error_class == ErrorClass::Cancelled ? Segment::Cancelled
                                                               : Segment::Failed;
            s.label += QLatin1Char(' ') + (e.status ? QString::number(*e.status) : QString()) +
                       (e.error_class ? QLatin1Char(' ') + text_of(to_string(*e.error_class)) : QString());
            segments_.push_back(s);
        } else if (e.event == EventKind::RetryScheduled && e.delay_ms) {
            if (!rows_.contains(target))
                rows_ << target;
            segments_.push_back(
                Segment{target, e.ts_ms - t0, e.ts_ms - t0 + *e.delay_ms, Segment::Wait,
                        tr("wait %1 ms (%2)")
                            .arg(*e.delay_ms)
                            .arg(text_of(to_string(e.delay_source.value_or(DelaySource::Backoff))))});
            end = std::max(end, e.ts_ms + *e.delay_ms);
        }
    }
    for (auto& [id, s] : open) {
        s.end_ms = end - t0;
        segments_.push_back(s);
    }
    span_ms_ = std::max<std::int64_t>(1, end - t0);
    title_ = tr("Trace %1: %2 attempt(s) over %3 ms")
                 .arg(QString::fromStdString(events.front().trace_id.substr(0, 8)))
                 .arg(std::count_if(segments_.begin(), segments_.end(),
                                    [](const Segment& s) { return s.kind != Segment::Wait; }))
                 .arg(span_ms_);
    update();
}

void WaterfallWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.drawText(rect().adjusted(6, 4, -6, 0), Qt::AlignTop | Qt::AlignLeft, title_);
    if (segments_.empty())
        return;
    const int label_w = 90;
    const int top = 24;
    const QFontMetrics metrics(font());
    const int axis_h = metrics.height() + 6;
    const int row_h = std::max(
        18, std::min(28, (height() - top - 6 - axis_h) / std::max<int>(1, static_cast<int>(rows_.size()))));
    const double plot_w = static_cast<double>(width() - label_w - 12);
    const double scale = plot_w / static_cast<double>(span_ms_);
    // The time axis: the smallest 1-2-5 step whose labels fit side by side with a gap between them.
    ticks_.clear();
    const int axis_y = top + static_cast<int>(rows_.size()) * row_h + 2;
    const QColor muted = palette().color(QPalette::WindowText);
    p.setPen(QPen(muted, 1));
    p.drawLine(QPointF(label_w, axis_y), QPointF(label_w + plot_w, axis_y));
    constexpr int kTickGapPx = 12;
    std::int64_t step = 1;
    for (std::int64_t magnitude = 1;; magnitude *= 10) {
        bool found = false;
        for (std::int64_t m : {1, 2, 5}) {
            step = m * magnitude;
            const int widest = metrics.horizontalAdvance(time_label(span_ms_ / step * step, step));
            if (static_cast<double>(step) * scale >= widest + kTickGapPx) {
                found = true;
                break;
            }
        }
        if (found || magnitude > span_ms_)
            break;
    }
    double last_right = -1e9;
    for (std::int64_t t = 0; t <= span_ms_; t += step) {
        const double x = label_w + static_cast<double>(t) * scale;
        const QString text = time_label(t, step);
        const double w = metrics.horizontalAdvance(text);
        QRectF r(std::min(x - w / 2, width() - 2 - w), axis_y + 3, w, metrics.height());
        r.moveLeft(std::max(r.left(), static_cast<double>(label_w) - w / 2));
        if (r.left() < last_right + 4)
            continue;  // never touch the previous label (the last one may be pushed in from the edge)
        p.drawLine(QPointF(x, axis_y), QPointF(x, axis_y + 3));
        p.drawText(r, Qt::AlignCenter, text);
        ticks_.push_back({r, text});
        last_right = r.right();
    }
    for (int r = 0; r < rows_.size(); ++r) {
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QRect(6, top + r * row_h, label_w - 8, row_h), Qt::AlignVCenter | Qt::AlignLeft, rows_[r]);
    }
    drawn_.clear();
    std::vector<int> bar_row;
    for (const Segment& s : segments_) {
        const int r = static_cast<int>(rows_.indexOf(s.row));
        QRectF bar(label_w + static_cast<double>(s.start_ms) * scale, top + r * row_h + 3,
                   std::max(2.0, static_cast<double>(s.end_ms - s.start_ms) * scale), row_h - 6);
        QColor color;
        switch (s.kind) {
            case Segment::Ok:
                color = QColor(0x3c, 0xa5, 0x5c);
                break;
            case Segment::Failed:
                color = QColor(0xd6, 0x45, 0x45);
                break;
            case Segment::Cancelled:
                color = QColor(0x9e, 0x9e, 0x9e);
                break;
            case Segment::Wait:
                color = QColor(0xf0, 0xb4, 0x29);
                break;
            case Segment::Running:
                color = QColor(0x4a, 0x7f, 0xd6);
                break;
        }
        p.setPen(Qt::NoPen);
        p.setBrush(s.kind == Segment::Wait ? QBrush(color, Qt::BDiagPattern) : QBrush(color));
        p.drawRoundedRect(bar, 3, 3);
        drawn_.push_back({bar, {}, {}, s.label});
        bar_row.push_back(r);
    }
    // Labels after all bars: each may run past its bar (a 5 ms attempt is a sliver) but only up to where the
    // next bar on its row begins, elided to fit -- overlapping labels were unreadable. The tooltip has it
    // all.
    const double min_room = metrics.horizontalAdvance(QStringLiteral("#9…")) + 2;
    p.setPen(palette().color(QPalette::Text));
    for (std::size_t i = 0; i < drawn_.size(); ++i) {
        Drawn& d = drawn_[i];
        double right = width() - 4;
        for (std::size_t j = 0; j < drawn_.size(); ++j) {
            if (j != i && bar_row[j] == bar_row[i] && drawn_[j].bar.left() > d.bar.left() + 1)
                right = std::min(right, drawn_[j].bar.left() - 2);
        }
        const double room = right - (d.bar.left() + 4);
        if (room < min_room)
            continue;
        d.label = metrics.elidedText(d.full_label, Qt::ElideRight, static_cast<int>(room));
        d.label_rect =
            QRectF(d.bar.left() + 4, d.bar.top(), metrics.horizontalAdvance(d.label), d.bar.height());
        p.drawText(d.label_rect.adjusted(0, 0, 1, 0), Qt::AlignVCenter | Qt::AlignLeft, d.label);
    }
}

QString WaterfallWidget::time_label(std::int64_t ms, std::int64_t step_ms) {
    if (step_ms < 1000 && ms < 1000)
        return tr("%1 ms").arg(ms);
    const int decimals = step_ms % 1000 == 0 ? 0 : step_ms % 100 == 0 ? 1 : 2;
    return tr("%1 s").arg(QString::number(static_cast<double>(ms) / 1000.0, 'f', decimals));
}

QString WaterfallWidget::tooltip_at(const QPoint& pos) const {
    // The last bar drawn under the cursor wins (waits are drawn after the attempt they follow).
    for (auto it = drawn_.rbegin(); it != drawn_.rend(); ++it) {
        if (it->bar.adjusted(-2, 0, 2, 0).contains(pos))
            return it->full_label;
    }
    return {};
}

bool WaterfallWidget::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = tooltip_at(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

}  // namespace stormproof
