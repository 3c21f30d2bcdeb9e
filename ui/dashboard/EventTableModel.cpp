#include "EventTableModel.h"

#include <QDateTime>

namespace stormproof {

EventTableModel::EventTableModel(std::size_t capacity, QObject* parent)
    : QAbstractTableModel(parent), capacity_(capacity) {}

bool EventTableModel::matches(const TelemetryEvent& e) const {
    if (needle_.empty())
        return true;
    for (const std::string* field :
         {&e.trace_id, &e.target, &e.error_class, &e.reason, &e.conversation, &e.caller}) {
        if (field->find(needle_) != std::string::npos)
            return true;
    }
    return std::string(to_string(e.event)).find(needle_) != std::string::npos;
}

bool EventTableModel::flush() {
    if (pending_.empty())
        return false;
    // More pending than the ring holds: only the newest capacity_ can survive, skip the rest outright.
    const std::size_t skip = pending_.size() > capacity_ ? pending_.size() - capacity_ : 0;
    const std::uint64_t next_seq = first_seq_ + events_.size();
    std::vector<std::uint64_t> added;
    for (std::size_t i = skip; i < pending_.size(); ++i) {
        if (matches(pending_[i]))
            added.push_back(next_seq + i);
    }
    for (std::size_t i = skip; i < pending_.size(); ++i)
        events_.push_back(std::move(pending_[i]));
    const std::uint64_t end_seq = next_seq + pending_.size();
    pending_.clear();
    // Evict the oldest, and their rows, in one removal.
    const std::size_t kept = std::min(events_.size(), capacity_);
    const std::uint64_t new_first = end_seq - kept;
    while (events_.size() > kept)
        events_.pop_front();
    first_seq_ = new_first;
    int evicted_rows = 0;
    while (static_cast<std::size_t>(evicted_rows) < rows_.size() &&
           rows_[static_cast<std::size_t>(evicted_rows)] < new_first)
        ++evicted_rows;
    if (evicted_rows > 0) {
        beginRemoveRows({}, 0, evicted_rows - 1);
        rows_.erase(rows_.begin(), rows_.begin() + evicted_rows);
        endRemoveRows();
    }
    std::erase_if(added, [new_first](std::uint64_t seq) { return seq < new_first; });
    if (!added.empty()) {
        const int first = static_cast<int>(rows_.size());
        beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
        rows_.insert(rows_.end(), added.begin(), added.end());
        endInsertRows();
    }
    return evicted_rows > 0 || !added.empty();
}

void EventTableModel::set_filter(const QString& text) {
    flush();
    filter_ = text.trimmed();
    needle_ = filter_.toStdString();
    beginResetModel();
    rows_.clear();
    for (std::size_t i = 0; i < events_.size(); ++i) {
        if (matches(events_[i]))
            rows_.push_back(first_seq_ + i);
    }
    endResetModel();
}

void EventTableModel::clear() {
    beginResetModel();
    first_seq_ += events_.size();
    events_.clear();
    pending_.clear();
    rows_.clear();
    endResetModel();
}

const TelemetryEvent& EventTableModel::event_at(int row) const {
    return events_[static_cast<std::size_t>(rows_[static_cast<std::size_t>(row)] - first_seq_)];
}

int EventTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int EventTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList kNames = {tr("time"),  tr("event"), tr("target"), tr("#"),    tr("status"),
                                       tr("class"), tr("wait"),  tr("why"),    tr("trace"), tr("caller")};
    return kNames.value(section);
}

QVariant EventTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const TelemetryEvent& e = event_at(index.row());
    if (role == kTraceRole)
        return QString::fromStdString(e.trace_id);
    if (role == Qt::ToolTipRole && index.column() == Trace)
        return tr("%1 — double-click to open its chat message").arg(QString::fromStdString(e.trace_id));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
        case Time:
            return QDateTime::fromMSecsSinceEpoch(e.ts_ms).toString(QStringLiteral("HH:mm:ss.zzz"));
        case Event:
            return QString::fromLatin1(to_string(e.event).data(),
                                       static_cast<qsizetype>(to_string(e.event).size()));
        case Target:
            return QString::fromStdString(e.target);
        case Attempt:
            return e.attempt ? QVariant(*e.attempt) : QVariant();
        case Status:
            return e.status ? QVariant(*e.status) : QVariant();
        case Class:
            return QString::fromStdString(e.error_class);
        case Wait:
            return e.delay_ms ? QVariant(QStringLiteral("%1 ms %2")
                                             .arg(*e.delay_ms)
                                             .arg(QString::fromStdString(e.delay_source)))
                              : QVariant();
        case Why:
            if (e.event == EventKind::BreakerTransition) {
                return QStringLiteral("%1 → %2: %3")
                    .arg(QString::fromStdString(e.from_state), QString::fromStdString(e.to_state),
                         QString::fromStdString(e.reason));
            }
            if (e.event == EventKind::Fallback) {
                return QStringLiteral("%1 → %2: %3")
                    .arg(QString::fromStdString(e.from_target), QString::fromStdString(e.target),
                         QString::fromStdString(e.reason));
            }
            return QString::fromStdString(e.reason.empty() ? e.detail : e.reason);
        case Trace:
            return QString::fromStdString(e.trace_id.substr(0, 8));
        case Caller:
            return QString::fromStdString(e.caller);
        default:
            return {};
    }
}

}  // namespace stormproof
