#pragma once

#include <QTimer>
#include <QWidget>
#include <deque>

#include "telemetry/EventBus.h"

class QLineEdit;
class QPlainTextEdit;
class QTableView;
class QLabel;

namespace stormproof {

class EventTableModel;

// Every telemetry event, live, newest at the bottom, filterable by trace, target, class, event name or
// conversation. Events arrive in batches (one insertion per refresh), the ring is bounded, and a
// double-click on a row asks for the chat message of its trace.
class EventLogPanel final : public QWidget {
    Q_OBJECT

public:
    static constexpr std::size_t kMaxEvents = 5000;
    static constexpr int kFlushMs = 200;  // the dashboard's refresh rate

    EventLogPanel(EventBus& bus, QWidget* parent = nullptr);
    ~EventLogPanel() override;

    void set_filter(const QString& text);
    QString filter() const;
    // Rows passing the filter, counting events not yet shown.
    int visible_rows();
    const std::deque<TelemetryEvent>& events();
    void flush();
    QTableView* table() const { return table_; }
    // The line above the table: totals, or with a filter how many rows match and their counts.
    QString counts_text() const;
    // Every field of the selected event (empty while none is selected).
    QString details_text() const;

signals:
    void trace_activated(const QString& trace_id);
    // A row was selected: its request, for the dashboard's waterfall.
    void trace_selected(const QString& trace_id);

private:
    void update_counts();
    void show_details();

    EventBus& bus_;
    EventTableModel* model_ = nullptr;
    QLineEdit* filter_ = nullptr;
    QTableView* table_ = nullptr;
    QLabel* counts_ = nullptr;
    QPlainTextEdit* details_ = nullptr;
    QTimer flush_timer_;
    std::uint64_t total_ = 0;
    int retries_ = 0;
    int fallbacks_ = 0;
    int breaker_changes_ = 0;
    // Last: unsubscribed first on destruction, before the members its callback touches.
    EventBus::Subscription subscription_;
};

}  // namespace stormproof
