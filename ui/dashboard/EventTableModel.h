#pragma once

#include <QAbstractTableModel>
#include <deque>
#include <vector>

#include "telemetry/TelemetryEvent.h"

namespace stormproof {

// The event log as a table model: a bounded ring of events plus the rows that pass the filter. Events are
// appended to a pending list and become rows in one batch per flush(), so 2,000 events a second cost one
// insertion (and one repaint) per refresh instead of one per event; cells are formatted only when painted.
class EventTableModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    // Caller: the application a gateway request came from (its User-Agent); empty for the app's own chats.
    enum Column { Time, Event, Target, Attempt, Status, Class, Wait, Why, Trace, Caller, ColumnCount };
    static constexpr int kTraceRole = Qt::UserRole + 1;  // the full trace id of a row

    explicit EventTableModel(std::size_t capacity, QObject* parent = nullptr);

    void append(const TelemetryEvent& event) { pending_.push_back(event); }
    // Moves pending events into the table (dropping the oldest past capacity); true when rows changed.
    bool flush();
    void set_filter(const QString& text);
    const QString& filter() const { return filter_; }
    void clear();

    const std::deque<TelemetryEvent>& events() const { return events_; }
    const TelemetryEvent& event_at(int row) const;
    // Every field the event carries, one "name: value" per line, in the event log's names.
    static QString describe(const TelemetryEvent& event);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    bool matches(const TelemetryEvent& e) const;

    std::size_t capacity_;
    std::deque<TelemetryEvent> events_;
    std::vector<TelemetryEvent> pending_;
    std::uint64_t first_seq_ = 0;     // sequence number of events_.front()
    std::deque<std::uint64_t> rows_;  // sequence numbers of the events that pass the filter, oldest first
    QString filter_;
    std::string needle_;
};

}  // namespace stormproof
