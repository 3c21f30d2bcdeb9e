#include "ResilienceRibbon.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

#include "ReplyOutcome.h"

namespace stormproof {

namespace {
QString seconds(std::int64_t ms) {
    return seconds_text(ms);
}

QString source_name(DelaySource source) {
    switch (source) {
        case DelaySource::RetryAfter:
            return QObject::tr("Retry-After");
        case DelaySource::RetryAfterMs:
            return QObject::tr("retry-after-ms");
        case DelaySource::RateLimitReset:
            return QObject::tr("rate-limit reset");
        case DelaySource::BodyRetryDelay:
            return QObject::tr("the error's retryDelay");
        case DelaySource::Backoff:
            return QObject::tr("backoff");
        case DelaySource::None:
            break;
    }
    return QObject::tr("no wait");
}

// Badge colours: green clean, amber recovered, red failed, grey stopped; white text reads on each in both
// themes.
QString badge_style(ReplyOutcome::Kind kind) {
    const char* colour = "#6b7280";
    switch (kind) {
        case ReplyOutcome::Kind::Clean:
            colour = "#2e7d32";
            break;
        case ReplyOutcome::Kind::Recovered:
            colour = "#b26a00";
            break;
        case ReplyOutcome::Kind::Failed:
            colour = "#c62828";
            break;
        case ReplyOutcome::Kind::Stopped:
            colour = "#6b7280";
            break;
        case ReplyOutcome::Kind::InFlight:
            colour = "#3f6fb5";
            break;
    }
    return QStringLiteral("QLabel { background: %1; color: white; border-radius: 4px; padding: 1px 6px; }")
        .arg(QLatin1String(colour));
}
}  // namespace

ResilienceRibbon::ResilienceRibbon(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 2, 0, 2);
    layout->setSpacing(2);
    auto* top = new QHBoxLayout;
    top_ = top;
    top->setContentsMargins(0, 0, 0, 0);
    badge_ = new QLabel(this);
    badge_->setObjectName(QStringLiteral("outcomeBadge"));
    badge_->setTextFormat(Qt::PlainText);
    badge_->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    summary_->setTextFormat(Qt::RichText);
    summary_->setTextInteractionFlags(Qt::TextBrowserInteraction);
    summary_->setObjectName(QStringLiteral("ribbonSummary"));
    connect(summary_, &QLabel::linkActivated, this, [this](const QString& link) {
        if (link.startsWith(QLatin1String("trace:")))
            emit trace_clicked(link.mid(6));
    });
    toggle_ = new QToolButton(this);
    toggle_->setObjectName(QStringLiteral("attemptsToggle"));
    toggle_->setAutoRaise(true);
    toggle_->setCheckable(true);
    toggle_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(toggle_, &QToolButton::toggled, this, &ResilienceRibbon::set_details_shown);
    top->addWidget(badge_, 0, Qt::AlignTop);
    top->addWidget(summary_, 1);
    top->addWidget(toggle_, 0, Qt::AlignTop);
    layout->addLayout(top);
    details_ = new QLabel(this);
    details_->setObjectName(QStringLiteral("attemptList"));
    details_->setTextFormat(Qt::PlainText);
    details_->setWordWrap(true);
    details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(details_);
    details_->hide();

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
}

QStringList ResilienceRibbon::attempt_lines(const StoredMessage& m) {
    QStringList steps;
    for (const AttemptRecord& a : m.attempts) {
        QString step = QStringLiteral("#%1 ").arg(a.index);
        if (a.hedge)
            step += QObject::tr("hedge ");
        if (a.target != m.served_target || m.served_target.empty())
            step += QString::fromStdString(a.target) + QLatin1Char(' ');
        step += a.status ? QString::number(*a.status) : QObject::tr("no status");
        if (a.error_class)
            step += QLatin1Char(' ') + QString::fromLatin1(to_string(*a.error_class));
        if (a.decision == DecisionKind::Retry) {
            step += QObject::tr(" → wait %1 (%2)").arg(seconds(a.delay_ms), source_name(a.delay_source));
        } else if (a.decision == DecisionKind::NextKey) {
            step += QObject::tr(" → next key");
        } else if (a.decision == DecisionKind::Fallback) {
            step += QObject::tr(" → fallback");
        } else if (a.decision == DecisionKind::Cancelled) {
            step += QObject::tr(" (stopped)");
        }
        steps << step;
    }
    return steps;
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
    const QStringList steps = attempt_lines(m);
    if (!steps.isEmpty())
        parts << steps.join(QStringLiteral(", "));
    if (m.ttft_ms)
        parts << QObject::tr("TTFT %1").arg(seconds(*m.ttft_ms));
    if (m.total_ms)
        parts << QObject::tr("total %1").arg(seconds(*m.total_ms));
    const ReplyOutcome outcome = reply_outcome(m, false);
    if (!outcome.tokens.isEmpty())
        parts << outcome.tokens;
    return parts.join(QStringLiteral(" · "));
}

void ResilienceRibbon::show_message(const StoredMessage& m, bool in_flight) {
    const ReplyOutcome outcome = reply_outcome(m, in_flight);
    badge_->setText(outcome.badge);
    badge_->setStyleSheet(badge_style(outcome.kind));
    QStringList parts;
    if (!m.served_target.empty()) {
        QString who = tr("%1 · %2").arg(QString::fromStdString(m.served_target),
                                        QString::fromStdString(m.served_model));
        if (m.fallback_used)
            who += tr(" (fallback)");
        parts << who.toHtmlEscaped();
    }
    if (m.ttft_ms)
        parts << tr("TTFT %1").arg(seconds(*m.ttft_ms));
    if (m.total_ms)
        parts << tr("total %1").arg(seconds(*m.total_ms));
    if (!outcome.tokens.isEmpty())
        parts << outcome.tokens;
    QString html = parts.join(QStringLiteral(" · "));
    if (in_flight && html.isEmpty())
        html = tr("sending…");
    if (!m.trace_id.empty()) {
        html += QStringLiteral(" · <a href=\"trace:%1\">%2</a>")
                    .arg(QString::fromStdString(m.trace_id).toHtmlEscaped(),
                         tr("trace %1").arg(QString::fromStdString(m.trace_id.substr(0, 8)).toHtmlEscaped()));
    }
    summary_->setText(html);
    const QStringList lines = attempt_lines(m);
    details_->setText(lines.join(QLatin1Char('\n')));
    toggle_->setText((lines.size() == 1 ? tr("1 attempt") : tr("%1 attempts").arg(lines.size())) +
                     (toggle_->isChecked() ? QStringLiteral(" ▾") : QStringLiteral(" ▸")));
    toggle_->setToolTip(tr("Show every attempt: status, class, wait and its source"));
    toggle_->setVisible(!lines.isEmpty());
    details_->setVisible(toggle_->isChecked() && !lines.isEmpty());
    if (!in_flight) {
        countdown_.stop();
        wait_row_->hide();
    }
}

void ResilienceRibbon::set_stacked(bool stacked) {
    top_->setDirection(stacked ? QBoxLayout::TopToBottom : QBoxLayout::LeftToRight);
    top_->setAlignment(badge_, stacked ? Qt::AlignLeft : Qt::AlignTop);
    top_->setAlignment(toggle_, stacked ? Qt::AlignLeft : Qt::AlignTop);
}

bool ResilienceRibbon::details_shown() const {
    return toggle_->isChecked();
}

void ResilienceRibbon::set_details_shown(bool shown) {
    if (toggle_->isChecked() != shown) {
        toggle_->setChecked(shown);  // comes back here through toggled()
        return;
    }
    details_->setVisible(shown && !details_->text().isEmpty());
    QString text = toggle_->text();
    if (text.endsWith(QStringLiteral(" ▸")) || text.endsWith(QStringLiteral(" ▾")))
        text.chop(2);
    toggle_->setText(text + (shown ? QStringLiteral(" ▾") : QStringLiteral(" ▸")));
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
    if (wait_.error_class)
        what += QString::fromLatin1(to_string(*wait_.error_class));
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
    return summary_->text() + QLatin1Char('\n') + details_->text();
}

QString ResilienceRibbon::badge_text() const {
    return badge_->text();
}

}  // namespace stormproof
