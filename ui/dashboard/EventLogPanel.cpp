#include "EventLogPanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
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
    connect(filter_, &QLineEdit::textChanged, this,
            [this](const QString& text) { model_->set_filter(text); });
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
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setToolTip(tr("Double-click a row to open the chat message of its request"));
    connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const QString trace = index.data(EventTableModel::kTraceRole).toString();
        if (!trace.isEmpty())
            emit trace_activated(trace);
    });
    layout->addWidget(table_, 1);

    subscription_ = bus_.subscribe([this](const TelemetryEvent& e) {
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

EventLogPanel::~EventLogPanel() {
    bus_.unsubscribe(subscription_);
}

void EventLogPanel::flush() {
    flush_timer_.stop();
    QScrollBar* bar = table_->verticalScrollBar();
    const bool following = bar->value() >= bar->maximum() - 2;  // the user scrolled up: leave them there
    if (!model_->flush())
        return;
    counts_->setText(tr("%1 events · %2 retries · %3 fallbacks · %4 breaker changes")
                         .arg(total_)
                         .arg(retries_)
                         .arg(fallbacks_)
                         .arg(breaker_changes_));
    if (!sized_ && model_->rowCount() > 0) {
        table_->resizeColumnsToContents();  // once, on the first rows; not per row
        sized_ = true;
    }
    if (following)
        table_->scrollToBottom();
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
