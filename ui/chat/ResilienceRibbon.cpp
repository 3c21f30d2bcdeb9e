#include "ResilienceRibbon.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace stormproof {

namespace {
QString seconds(std::int64_t ms) {
    return QString::number(static_cast<double>(ms) / 1000.0, 'f', ms < 10000 ? 2 : 1) + QStringLiteral(" s");
}

QString source_name(const std::string& source) {
    if (source == "retry_after")
        return QObject::tr("Retry-After");
    if (source == "retry_after_ms")
        return QObject::tr("retry-after-ms");
    if (source == "rate_limit_reset")
        return QObject::tr("rate-limit reset");
    if (source == "backoff")
        return QObject::tr("backoff");
    return QString::fromStdString(source);
}
}  // namespace

ResilienceRibbon::ResilienceRibbon(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 2, 0, 2);
    layout->setSpacing(2);
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    summary_->setTextFormat(Qt::RichText);
    summary_->setTextInteractionFlags(Qt::TextBrowserInteraction);
    summary_->setObjectName(QStringLiteral("ribbonSummary"));
    connect(summary_, &QLabel::linkActivated, this, [this](const QString& link) {
        if (link.startsWith(QLatin1String("trace:")))
            emit trace_clicked(link.mid(6));
    });
    layout->addWidget(summary_);

    wait_row_ = new QWidget(this);
    auto* row = new QHBoxLayout(wait_row_);
    row->setContentsMargins(0, 0, 0, 0);
    wait_label_ = new QLabel(wait_row_);
    wait_label_->setObjectName(QStringLiteral("waitLine"));
    auto* retry = new QPushButton(tr("Retry now"), wait_row_);
    auto* cancel = new QPushButton(tr("Cancel"), wait_row_);
    retry->setObjectName(QStringLiteral("retryNow"));
    cancel->setObjectName(QStringLiteral("cancelWait"));
    connect(retry, &QPushButton::clicked, this, &ResilienceRibbon::retry_now_clicked);
    connect(cancel, &QPushButton::clicked, this, &ResilienceRibbon::cancel_clicked);
    row->addWidget(wait_label_, 1);
    row->addWidget(retry);
    row->addWidget(cancel);
    layout->addWidget(wait_row_);
    wait_row_->hide();

    countdown_.setInterval(100);
    connect(&countdown_, &QTimer::timeout, this, &ResilienceRibbon::tick);
    QPalette p = summary_->palette();
    p.setColor(QPalette::WindowText, palette().color(QPalette::PlaceholderText));
    summary_->setPalette(p);
}

QString ResilienceRibbon::describe(const StoredMessage& m) {
    QStringList parts;
    if (!m.served_target.empty()) {
        QString who = QObject::tr("%1 · %2").arg(QString::fromStdString(m.served_target),
                                                 QString::fromStdString(m.served_model));
        if (m.fallback_used)
            who += QObject::tr(" (fallback)");
        parts << who;
    }
    QStringList steps;
    for (const AttemptRecord& a : m.attempts) {
        QString step = QStringLiteral("#%1 ").arg(a.index);
        if (a.hedge)
            step += QObject::tr("hedge ");
        if (a.target != m.served_target || m.served_target.empty())
            step += QString::fromStdString(a.target) + QLatin1Char(' ');
        step += a.status ? QString::number(*a.status) : QObject::tr("no status");
        if (!a.error_class.empty())
            step += QLatin1Char(' ') + QString::fromStdString(a.error_class);
        if (a.decision == "retry") {
            step += QObject::tr(" → wait %1 (%2)").arg(seconds(a.delay_ms), source_name(a.delay_source));
        } else if (a.decision == "next_key") {
            step += QObject::tr(" → next key");
        } else if (a.decision == "fallback") {
            step += QObject::tr(" → fallback");
        } else if (a.decision == "cancelled") {
            step += QObject::tr(" (cancelled)");
        }
        steps << step;
    }
    if (!steps.isEmpty())
        parts << steps.join(QStringLiteral(", "));
    if (m.ttft_ms)
        parts << QObject::tr("TTFT %1").arg(seconds(*m.ttft_ms));
    if (m.total_ms)
        parts << QObject::tr("total %1").arg(seconds(*m.total_ms));
    if (m.output_tokens > 0)
        parts << QObject::tr("%1 tokens").arg(m.input_tokens + m.output_tokens);
    return parts.join(QStringLiteral(" · "));
}

void ResilienceRibbon::show_message(const StoredMessage& m, bool in_flight) {
    QString text = describe(m).toHtmlEscaped();
    if (in_flight && text.isEmpty())
        text = tr("sending…");
    const bool ok = m.status == "complete";
    const QString mark = in_flight ? QStringLiteral("…") : ok ? QStringLiteral("✓") : QStringLiteral("✗");
    QString html = mark + QLatin1Char(' ') + text;
    if (!m.trace_id.empty()) {
        html += QStringLiteral(" · <a href=\"trace:%1\">%2</a>")
                    .arg(QString::fromStdString(m.trace_id),
                         tr("trace %1").arg(QString::fromStdString(m.trace_id.substr(0, 8))));
    }
    summary_->setText(html);
    if (!in_flight) {
        countdown_.stop();
        wait_row_->hide();
    }
}

void ResilienceRibbon::show_waiting(const WaitInfo& info) {
    wait_ = info;
    wait_clock_.start();
    wait_row_->show();
    tick();
    countdown_.start();
}

void ResilienceRibbon::tick() {
    const std::int64_t left = std::max<std::int64_t>(0, wait_.delay_ms - wait_clock_.elapsed());
    QString what = wait_.status ? QString::number(*wait_.status) + QLatin1Char(' ') : QString();
    what += QString::fromStdString(wait_.error_class);
    wait_label_->setText(
        tr("retrying in %1 — %2, %3 — attempt %4 of %5")
            .arg(QString::number(static_cast<double>(left) / 1000.0, 'f', 1) + QStringLiteral(" s"), what,
                 source_name(wait_.delay_source))
            .arg(wait_.next_attempt_on_target)
            .arg(wait_.max_attempts));
    if (left == 0) {
        countdown_.stop();
        wait_row_->hide();
    }
}

QString ResilienceRibbon::summary_text() const {
    return summary_->text();
}

}  // namespace stormproof
