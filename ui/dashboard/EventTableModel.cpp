#include "EventTableModel.h"

#include <QDateTime>
#include <nlohmann/json.hpp>

#include "IdentifierWords.h"
#include "resilience/Text.h"

namespace stormproof {

namespace {
// A name of the engine's in the interface's language (ui/IdentifierWords).
QString text_of(std::string_view name) {
    return identifier_words(name);
}
// The event log's one "reason": an engine decision's, a breaker transition's, or a hedge.
std::string_view reason_of(const TelemetryEvent& e) {
    if (e.reason)
        return to_string(*e.reason);
    if (e.transition_reason)
        return to_string(*e.transition_reason);
    return e.hedge ? std::string_view("hedge") : std::string_view();
}
QString text_of(const std::optional<BreakerState>& state) {
    return state ? text_of(to_string(*state)) : QString();
}
}  // namespace

EventTableModel::EventTableModel(std::size_t capacity, QObject* parent)
    : QAbstractTableModel(parent), capacity_(capacity) {}

bool EventTableModel::matches(const TelemetryEvent& e) const {
    if (needle_.empty())
        return true;
    for (const std::string* field : {&e.trace_id, &e.target, &e.conversation, &e.caller}) {
        if (field->find(needle_) != std::string::npos)
            return true;
    }
    if (e.error_class && to_string(*e.error_class).find(needle_) != std::string_view::npos)
        return true;
    if (reason_of(e).find(needle_) != std::string_view::npos)
        return true;
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

QString EventTableModel::describe(const TelemetryEvent& e) {
    QStringList lines;
    lines << QStringLiteral("time: %1")
                 .arg(QDateTime::fromMSecsSinceEpoch(e.ts_ms).toString(Qt::ISODateWithMs));
    const nlohmann::json doc = e.to_json();
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        if (it.key() == "ts_ms")
            continue;
        const std::string value = it->is_string() ? it->get<std::string>() : to_json_text(*it);
        lines << QString::fromStdString(it.key()) + QStringLiteral(": ") + QString::fromStdString(value);
    }
    return lines.join(QLatin1Char('\n'));
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    // Looked up each time (not kept in a static): the words are those of the language in force.
    const QStringList names = {tr("time"),  tr("event"), tr("target"), tr("#"),     tr("status"),
                               tr("class"), tr("wait"),  tr("why"),    tr("trace"), tr("caller")};
    return names.value(section);
}

QVariant EventTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const TelemetryEvent& e = event_at(index.row());
    if (role == kTraceRole)
        return QString::fromStdString(e.trace_id);
    if (role == Qt::ToolTipRole) {
        // The whole text of the cell, however narrow its column; the trace whole, and what a click does.
        if (index.column() == Trace)
            return tr("%1 — double-click to open its chat message").arg(QString::fromStdString(e.trace_id));
        QString text = data(index, Qt::DisplayRole).toString();
        if (index.column() == Why && !e.detail.empty() && !reason_of(e).empty())
            text += (text.isEmpty() ? QString() : QStringLiteral("\n")) + QString::fromStdString(e.detail);
        return text.isEmpty() ? QVariant() : QVariant(text);
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
        case Time:
            return QDateTime::fromMSecsSinceEpoch(e.ts_ms).toString(QStringLiteral("HH:mm:ss.zzz"));
        case Event:
            return text_of(to_string(e.event));
        case Target:
            return QString::fromStdString(e.target);
        case Attempt:
            return e.attempt ? QVariant(*e.attempt) : QVariant();
        case Status:
            return e.status ? QVariant(*e.status) : QVariant();
        case Class:
            return e.error_class ? text_of(to_string(*e.error_class)) : QString();
        case Wait:
            return e.delay_ms
                       ? QVariant(QStringLiteral("%1 ms %2")
                                      .arg(*e.delay_ms)
                                      .arg(e.delay_source ? text_of(to_string(*e.delay_source)) : QString()))
                       : QVariant();
        case Why:
            if (e.event == EventKind::BreakerTransition) {
                return QStringLiteral("%1 → %2: %3")
                    .arg(text_of(e.from_state), text_of(e.to_state), text_of(reason_of(e)));
            }
            if (e.event == EventKind::Fallback) {
                return QStringLiteral("%1 → %2: %3")
                    .arg(QString::fromStdString(e.from_target), QString::fromStdString(e.target),
                         text_of(reason_of(e)));
            }
            return reason_of(e).empty() ? QString::fromStdString(e.detail) : text_of(reason_of(e));
        case Trace:
            return QString::fromStdString(e.trace_id.substr(0, 8));
        case Caller:
            return QString::fromStdString(e.caller);
        default:
            return {};
    }
}

}  // namespace stormproof
