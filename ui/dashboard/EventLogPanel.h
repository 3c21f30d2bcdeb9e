#pragma once

#include <QWidget>
#include <deque>

#include "telemetry/EventBus.h"

class QLineEdit;
class QTableWidget;
class QLabel;

namespace stormproof {

// Every telemetry event, live, newest at the bottom, filterable by trace, target, class and event name.
// Keeps a bounded ring of events so a long session cannot grow it without limit.
class EventLogPanel final : public QWidget {
    Q_OBJECT

public:
    static constexpr std::size_t kMaxEvents = 5000;

    EventLogPanel(EventBus& bus, QWidget* parent = nullptr);
    ~EventLogPanel() override;

    void set_filter(const QString& text);
    int visible_rows() const;
    const std::deque<TelemetryEvent>& events() const { return events_; }

private:
    void add_row(const TelemetryEvent& e);
    bool matches(const TelemetryEvent& e) const;
    void rebuild();

    EventBus& bus_;
    EventBus::SubscriptionId subscription_ = 0;
    std::deque<TelemetryEvent> events_;
    QLineEdit* filter_ = nullptr;
    QTableWidget* table_ = nullptr;
    QLabel* counts_ = nullptr;
    int retries_ = 0;
    int fallbacks_ = 0;
    int breaker_changes_ = 0;
};

}  // namespace stormproof
