#include "EventLogPanel.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableWidget>
#include <QVBoxLayout>

namespace stormproof {

namespace {
const QStringList kColumns = {QObject::tr("time"), QObject::tr("event"),  QObject::tr("target"),
                              QObject::tr("#"),    QObject::tr("status"), QObject::tr("class"),
                              QObject::tr("wait"), QObject::tr("why"),    QObject::tr("trace")};
}

EventLogPanel::EventLogPanel(EventBus& bus, QWidget* parent) : QWidget(parent), bus_(bus) {
    setObjectName(QStringLiteral("eventLog"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    counts_ = new QLabel(this);
    counts_->setObjectName(QStringLiteral("eventCounts"));
    layout->addWidget(counts_);
    filter_ = new QLineEdit(this);
    filter_->setObjectName(QStringLiteral("eventFilter"));
    filter_->setPlaceholderText(tr("Filter: trace id, target, class or event"));
    filter_->setClearButtonEnabled(true);
    connect(filter_, &QLineEdit::textChanged, this, &EventLogPanel::rebuild);
    layout->addWidget(filter_);
    table_ = new QTableWidget(0, static_cast<int>(kColumns.size()), this);
    table_->setObjectName(QStringLiteral("eventTable"));
    table_->setHorizontalHeaderLabels(kColumns);
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(table_, 1);
    subscription_ = bus_.subscribe([this](const TelemetryEvent& e) {
        events_.push_back(e);
        if (events_.size() > kMaxEvents) {
            events_.pop_front();
            if (table_->rowCount() > 0 && static_cast<std::size_t>(table_->rowCount()) >= kMaxEvents)
                table_->removeRow(0);
        }
        retries_ += e.event == EventKind::RetryScheduled ? 1 : 0;
        fallbacks_ += e.event == EventKind::Fallback ? 1 : 0;
        breaker_changes_ += e.event == EventKind::BreakerTransition ? 1 : 0;
        counts_->setText(tr("%1 events · %2 retries · %3 fallbacks · %4 breaker changes")
                             .arg(events_.size())
                             .arg(retries_)
                             .arg(fallbacks_)
                             .arg(breaker_changes_));
        if (matches(e))
            add_row(e);
    });
    counts_->setText(tr("No events yet: send a message."));
}

EventLogPanel::~EventLogPanel() {
    bus_.unsubscribe(subscription_);
}

bool EventLogPanel::matches(const TelemetryEvent& e) const {
    const QString f = filter_->text().trimmed();
    if (f.isEmpty())
        return true;
    const std::string needle = f.toStdString();
    for (const std::string* field : {&e.trace_id, &e.target, &e.error_class, &e.reason}) {
        if (field->find(needle) != std::string::npos)
            return true;
    }
    return std::string(to_string(e.event)).find(needle) != std::string::npos;
}

void EventLogPanel::add_row(const TelemetryEvent& e) {
    const int row = table_->rowCount();
    table_->insertRow(row);
    QString wait;
    if (e.delay_ms)
        wait = QStringLiteral("%1 ms %2").arg(*e.delay_ms).arg(QString::fromStdString(e.delay_source));
    QString why = QString::fromStdString(e.reason);
    if (e.event == EventKind::BreakerTransition) {
        why = QStringLiteral("%1 → %2: %3")
                  .arg(QString::fromStdString(e.from_state), QString::fromStdString(e.to_state), why);
    }
    const QStringList cells = {
        QDateTime::fromMSecsSinceEpoch(e.ts_ms).toString(QStringLiteral("HH:mm:ss.zzz")),
        QString::fromStdString(std::string(to_string(e.event))),
        QString::fromStdString(e.target),
        e.attempt ? QString::number(*e.attempt) : QString(),
        e.status ? QString::number(*e.status) : QString(),
        QString::fromStdString(e.error_class),
        wait,
        why,
        QString::fromStdString(e.trace_id.substr(0, 8))};
    for (int c = 0; c < cells.size(); ++c)
        table_->setItem(row, c, new QTableWidgetItem(cells[c]));
    table_->scrollToBottom();
}

void EventLogPanel::rebuild() {
    table_->setRowCount(0);
    for (const TelemetryEvent& e : events_) {
        if (matches(e))
            add_row(e);
    }
}

void EventLogPanel::set_filter(const QString& text) {
    filter_->setText(text);
}

int EventLogPanel::visible_rows() const {
    return table_->rowCount();
}

}  // namespace stormproof
