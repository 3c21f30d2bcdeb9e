#include "AlertArea.h"

#include <QEvent>
#include <QLabel>
#include <QSystemTrayIcon>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

#include "DashboardPalette.h"
#include "IdentifierWords.h"

namespace stormproof {

namespace {
QString pct(double rate) {
    return QString::number(rate * 100.0, 'f', 1) + QLatin1Char('%');
}
// A name of the engine's in the interface's language (ui/IdentifierWords).
QString text_of(std::string_view name) {
    return identifier_words(name);
}
}  // namespace

AlertArea::AlertArea(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("alertArea"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(1);
    for (std::size_t i = 0; i < lines_.size(); ++i) {
        auto* label = new QLabel(this);
        label->setObjectName(QStringLiteral("alertLine%1").arg(i));
        label->setTextFormat(Qt::RichText);
        label->setWordWrap(false);
        // A long line is clipped (its tooltip has it whole) rather than widening the dashboard.
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        label->setContentsMargins(4, 1, 4, 1);
        connect(label, &QLabel::linkActivated, this, &AlertArea::investigate);
        layout->addWidget(label);
        lines_[i] = label;
    }
    restyle();
}

void AlertArea::set_line(int index, const QString& text, bool firing) {
    QLabel* label = lines_[static_cast<std::size_t>(index)];
    if (label->text() != text) {
        label->setText(text);
        label->setToolTip(QTextDocumentFragment::fromHtml(text).toPlainText());
    }
    if (firing_[static_cast<std::size_t>(index)] != firing) {
        firing_[static_cast<std::size_t>(index)] = firing;
        restyle();
    }
}

void AlertArea::show_alerts(const std::vector<Alert>& alerts, const RateStatus& retry,
                            const RateStatus& error) {
    QString retry_line, error_line;
    QStringList breakers, firing_lines;
    for (const Alert& a : alerts) {
        switch (a.kind) {
            case AlertKind::RetryRate:
                retry_line = tr("Retry rate %1 of %2 attempts over the last %3 s (alert above %4%) — <a "
                                "href=\"retry_scheduled\">investigate</a>")
                                 .arg(pct(a.rate))
                                 .arg(a.sample)
                                 .arg(kAlertWindowS)
                                 .arg(a.threshold_pct);
                break;
            case AlertKind::ErrorRate:
                error_line = tr("Error rate %1 of %2 requests over the last %3 s (alert above %4%) — <a "
                                "href=\"request_finished\">investigate</a>")
                                 .arg(pct(a.rate))
                                 .arg(a.sample)
                                 .arg(kAlertWindowS)
                                 .arg(a.threshold_pct);
                break;
            case AlertKind::BreakerOpen:
                breakers << tr("Breaker of %1 is %2 (%3) — <a href=\"%1\">investigate</a>")
                                .arg(QString::fromStdString(a.target).toHtmlEscaped(),
                                     text_of(to_string(a.state)),
                                     a.reason ? text_of(to_string(*a.reason)) : tr("by hand"));
                break;
        }
    }
    const auto quiet = [](const QString& what, const RateStatus& s, const QString& unit) {
        if (!s.enough_sample()) {
            return tr("%1: %2 of the %3 %4 an alert needs in %5 s")
                .arg(what)
                .arg(s.sample)
                .arg(s.min_sample)
                .arg(unit)
                .arg(kAlertWindowS);
        }
        return tr("%1 %2 of %3 %4 (alert above %5%)")
            .arg(what, pct(s.rate))
            .arg(s.sample)
            .arg(unit)
            .arg(s.threshold_pct);
    };
    const bool fresh = alert_text_.isEmpty() && !alerts.empty();
    set_line(0, retry_line.isEmpty() ? quiet(tr("Retry rate"), retry, tr("attempts")) : retry_line,
             !retry_line.isEmpty());
    set_line(1, error_line.isEmpty() ? quiet(tr("Error rate"), error, tr("requests")) : error_line,
             !error_line.isEmpty());
    set_line(2, breakers.isEmpty() ? tr("Breakers: none open") : breakers.join(QStringLiteral(" · ")),
             !breakers.isEmpty());
    for (const QString& l : {retry_line, error_line})
        if (!l.isEmpty())
            firing_lines << l;
    firing_lines << breakers;
    alert_text_ = firing_lines.join(QStringLiteral("<br>"));
    if (fresh && QSystemTrayIcon::isSystemTrayAvailable()) {
        if (!tray_) {
            tray_ = new QSystemTrayIcon(window()->windowIcon(), this);
            tray_->show();
        }
        tray_->showMessage(tr("Stormproof alert"),
                           QTextDocumentFragment::fromHtml(alert_text_).toPlainText());
    }
}

QString AlertArea::alert_text() const {
    return alert_text_;
}

void AlertArea::restyle() {
    const DashboardPalette colors(palette());
    const QString link = colors.dark ? QStringLiteral("#9cc3ff") : QStringLiteral("#1a4fa0");
    for (std::size_t i = 0; i < lines_.size(); ++i) {
        // Same height firing or not: the border is there either way, only its colour changes.
        lines_[i]->setStyleSheet(
            firing_[i] ? QStringLiteral("QLabel { background:%1; color:%2; border:1px solid %3; }")
                             .arg(colors.alert_background.name(), colors.alert_text.name(),
                                  colors.alert_border.name())
                       : QStringLiteral("QLabel { color:%1; border:1px solid transparent; }")
                             .arg(colors.muted_text.name()));
        QPalette p = lines_[i]->palette();
        p.setColor(QPalette::Link, QColor(link));
        lines_[i]->setPalette(p);
    }
    const int line_height = fontMetrics().height() + 4;  // margins and a border of 1 px, above and below
    for (QLabel* label : lines_)
        label->setFixedHeight(line_height);
    setFixedHeight(kLines * line_height + (kLines - 1) * 1);
}

void AlertArea::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        restyle();
    QFrame::changeEvent(event);
}

}  // namespace stormproof
