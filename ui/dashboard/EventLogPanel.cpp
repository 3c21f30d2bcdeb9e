#include "EventLogPanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "EventTableModel.h"

namespace stormproof {

EventLogPanel::EventLogPanel(EventBus& bus, QWidget* parent) : QWidget(parent), bus_(bus) {
    setObjectName(QStringLiteral("eventLog"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    counts_ = new QLabel(tr("No events yet: send a message."), this);
    counts_->setObjectName(QStringLiteral("eventCounts"));
    layout->addWidget(counts_);
    filter_ = new QLineEdit(this);
    filter_->setObjectName(QStringLiteral("eventFilter"));
    filter_->setPlaceholderText(tr("Filter: trace id, target, class, event or conversation"));
    filter_->setClearButtonEnabled(true);
    layout->addWidget(filter_);
    model_ = new EventTableModel(kMaxEvents, this);
    connect(filter_, &QLineEdit::textChanged, this, [this](const QString& text) {
        model_->set_filter(text);
        update_counts();
    });
    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("eventTable"));
    table_->setModel(model_);
    table_->verticalHeader()->hide();
    // Fixed-height rows: the view need not measure each row to place the scroll bar.
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setWordWrap(false);
    // The explaining columns get the room: "why" takes what is left, class and wait are wide enough for
    // their usual words, the trace id is cut to its first 8 characters (the tooltip has it whole).
    const QFontMetrics fm = table_->fontMetrics();
    const auto width_of = [&fm](const char* sample) {
        return fm.horizontalAdvance(QLatin1String(sample)) + 16;
    };
    QHeaderView* header = table_->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(EventTableModel::Why, QHeaderView::Stretch);
    header->setMinimumSectionSize(fm.horizontalAdvance(QLatin1String("####")));
    table_->setColumnWidth(EventTableModel::Time, width_of("00:00:00.000"));
    table_->setColumnWidth(EventTableModel::Event, width_of("attempt_finished"));
    table_->setColumnWidth(EventTableModel::Target, width_of("simulator"));  // longer names elide
    table_->setColumnWidth(EventTableModel::Attempt, width_of("##"));
    table_->setColumnWidth(EventTableModel::Status, width_of("503"));
    table_->setColumnWidth(EventTableModel::Class, width_of("stream_interrupted"));
    table_->setColumnWidth(EventTableModel::Wait, width_of("1200 ms retry_after"));
    table_->setColumnWidth(EventTableModel::Trace, width_of("0123abcd"));
    table_->setColumnWidth(EventTableModel::Why, width_of("closed → open: failure_rate"));
    table_->setToolTip(tr("Select a row for its details below; double-click to open its chat message"));
    connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const QString trace = index.data(EventTableModel::kTraceRole).toString();
        if (!trace.isEmpty())
            emit trace_activated(trace);
    });
    details_ = new QPlainTextEdit(this);
    details_->setObjectName(QStringLiteral("eventDetails"));
    details_->setReadOnly(true);
    details_->setPlaceholderText(tr("Select an event to see all of it here."));
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(table_);
    split->addWidget(details_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        show_details();
        const QModelIndex current = table_->currentIndex();
        const QString trace =
            current.isValid() ? current.data(EventTableModel::kTraceRole).toString() : QString();
        if (!trace.isEmpty())
            emit trace_selected(trace);
    });
    connect(model_, &QAbstractItemModel::modelReset, this, [this] { show_details(); });

    subscription_ = bus_.subscription([this](const TelemetryEvent& e) {
        model_->append(e);
        ++total_;
        retries_ += e.event == EventKind::RetryScheduled ? 1 : 0;
        fallbacks_ += e.event == EventKind::Fallback ? 1 : 0;
        breaker_changes_ += e.event == EventKind::BreakerTransition ? 1 : 0;
        if (!flush_timer_.isActive())
            flush_timer_.start();
    });
    flush_timer_.setSingleShot(true);
    flush_timer_.setInterval(kFlushMs);
    connect(&flush_timer_, &QTimer::timeout, this, &EventLogPanel::flush);
}

EventLogPanel::~EventLogPanel() = default;

void EventLogPanel::flush() {
    flush_timer_.stop();
    QScrollBar* bar = table_->verticalScrollBar();
    const bool following = bar->value() >= bar->maximum() - 2;  // the user scrolled up: leave them there
    if (!model_->flush())
        return;
    update_counts();
    if (following)
        table_->scrollToBottom();
}

void EventLogPanel::update_counts() {
    if (total_ == 0 && model_->rowCount() == 0)
        return;  // "No events yet" stays until the first one
    if (model_->filter().isEmpty()) {
        counts_->setText(tr("%1 events · %2 retries · %3 fallbacks · %4 breaker changes")
                             .arg(total_)
                             .arg(retries_)
                             .arg(fallbacks_)
                             .arg(breaker_changes_));
        return;
    }
    // With a filter the line counts what is shown: the rows that match among the events kept.
    int retries = 0, fallbacks = 0, breaker_changes = 0;
    const int rows = model_->rowCount();
    for (int r = 0; r < rows; ++r) {
        const EventKind kind = model_->event_at(r).event;
        retries += kind == EventKind::RetryScheduled ? 1 : 0;
        fallbacks += kind == EventKind::Fallback ? 1 : 0;
        breaker_changes += kind == EventKind::BreakerTransition ? 1 : 0;
    }
    counts_->setText(tr("%1 of %2 events match “%3” · %4 retries · %5 fallbacks · %6 breaker changes")
                         .arg(rows)
                         .arg(model_->events().size())
                         .arg(model_->filter())
                         .arg(retries)
                         .arg(fallbacks)
                         .arg(breaker_changes));
}

QString EventLogPanel::counts_text() const {
    return counts_->text();
}

QString EventLogPanel::details_text() const {
    return details_->toPlainText();
}

void EventLogPanel::show_details() {
    const QModelIndex current = table_->currentIndex();
    if (!current.isValid() || current.row() >= model_->rowCount()) {
        details_->clear();
        return;
    }
    details_->setPlainText(EventTableModel::describe(model_->event_at(current.row())));
}

void EventLogPanel::set_filter(const QString& text) {
    filter_->setText(text);
    flush();
}

QString EventLogPanel::filter() const {
    return filter_->text();
}

int EventLogPanel::visible_rows() {
    flush();
    return model_->rowCount();
}

const std::deque<TelemetryEvent>& EventLogPanel::events() {
    flush();
    return model_->events();
}

}  // namespace stormproof
