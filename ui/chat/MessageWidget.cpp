#include "MessageWidget.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTextBrowser>
#include <QTextCursor>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

#include "CompareText.h"
#include "Language.h"
#include "ReplyOutcome.h"
#include "ResilienceRibbon.h"
#include "chat/ChatSession.h"

namespace stormproof {

namespace {
QToolButton* small_button(const QString& text, const QString& name, const QString& tip, QWidget* parent) {
    auto* b = new QToolButton(parent);
    b->setText(text);
    b->setObjectName(name);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}

// "14:03" today, "2 Dec 14:03" this year, "2 Dec 2025 14:03" before.
QString when(std::int64_t ms) {
    if (ms <= 0)
        return {};
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms);
    const QDate today = QDate::currentDate();
    if (t.date() == today)
        return t.toString(QStringLiteral("HH:mm"));
    if (t.date().year() == today.year())
        return interface_locale().toString(t, QStringLiteral("d MMM HH:mm"));
    return interface_locale().toString(t, QStringLiteral("d MMM yyyy HH:mm"));
}
}  // namespace

MessageWidget::MessageWidget(const StoredMessage& message, bool in_flight, QWidget* parent)
    : QFrame(parent), compare_(message.compare_of != 0), assistant_(message.role == "assistant") {
    setObjectName(assistant_ ? QStringLiteral("assistantMessage") : QStringLiteral("userMessage"));
    setFrameShape(QFrame::NoFrame);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(3);

    auto* header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    role_ = new QLabel(assistant_ ? tr("Assistant") : tr("You"), this);
    role_->setObjectName(QStringLiteral("messageRole"));
    QFont bold;  // only the weight is set: the size follows the application's text scale
    bold.setBold(true);
    role_->setFont(bold);
    time_ = new QLabel(this);
    time_->setObjectName(QStringLiteral("messageTime"));
    header->addWidget(role_);
    header->addWidget(time_);
    versions_ = new QWidget(this);
    auto* vrow = new QHBoxLayout(versions_);
    vrow->setContentsMargins(0, 0, 0, 0);
    vrow->setSpacing(0);
    version_prev_ =
        small_button(QStringLiteral("‹"), QStringLiteral("versionPrev"), tr("Previous answer"), versions_);
    version_label_ = new QLabel(versions_);
    version_label_->setObjectName(QStringLiteral("versionLabel"));
    version_next_ =
        small_button(QStringLiteral("›"), QStringLiteral("versionNext"), tr("Next answer"), versions_);
    connect(version_prev_, &QToolButton::clicked, this, [this] { emit version_requested(-1); });
    connect(version_next_, &QToolButton::clicked, this, [this] { emit version_requested(+1); });
    vrow->addWidget(version_prev_);
    vrow->addWidget(version_label_);
    vrow->addWidget(version_next_);
    header->addWidget(versions_);
    versions_->hide();
    header->addStretch(1);
    actions_ = new QWidget(this);
    auto* arow = new QHBoxLayout(actions_);
    arow->setContentsMargins(0, 0, 0, 0);
    arow->setSpacing(0);
    auto* copy =
        small_button(tr("Copy"), QStringLiteral("copyMessage"), tr("Copy the message's text"), actions_);
    connect(copy, &QToolButton::clicked, this, [this] { QApplication::clipboard()->setText(content_); });
    edit_button_ = small_button(tr("Edit"), QStringLiteral("editMessage"),
                                tr("Edit in place: nothing changes until you save"), actions_);
    connect(edit_button_, &QToolButton::clicked, this, &MessageWidget::begin_edit);
    delete_button_ =
        small_button(tr("Delete"), QStringLiteral("deleteMessage"), tr("Delete this message"), actions_);
    connect(delete_button_, &QToolButton::clicked, this, &MessageWidget::delete_requested);
    regenerate_button_ =
        small_button(tr("Regenerate"), QStringLiteral("regenerateMessage"),
                     tr("Ask again from here: this answer is kept as an earlier version"), actions_);
    connect(regenerate_button_, &QToolButton::clicked, this, &MessageWidget::regenerate_requested);
    arow->addWidget(copy);
    arow->addWidget(edit_button_);
    arow->addWidget(delete_button_);
    arow->addWidget(regenerate_button_);
    header->addWidget(actions_);
    layout->addLayout(header);

    // The reasoning, folded above the answer: a person opens it on purpose.
    reasoning_toggle_ = new QToolButton(this);
    reasoning_toggle_->setObjectName(QStringLiteral("reasoningToggle"));
    reasoning_toggle_->setAutoRaise(true);
    reasoning_toggle_->setCheckable(true);
    reasoning_toggle_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    reasoning_toggle_->setToolTip(tr("The model's reasoning before its answer (not part of the answer)"));
    connect(reasoning_toggle_, &QToolButton::toggled, this, &MessageWidget::set_reasoning_shown);
    reasoning_ = new QLabel(this);
    reasoning_->setObjectName(QStringLiteral("reasoningText"));
    reasoning_->setTextFormat(Qt::PlainText);
    reasoning_->setWordWrap(true);
    reasoning_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    reasoning_->setContentsMargins(12, 0, 0, 4);
    layout->addWidget(reasoning_toggle_, 0, Qt::AlignLeft);
    layout->addWidget(reasoning_);
    reasoning_toggle_->hide();
    reasoning_->hide();

    body_ = new QTextBrowser(this);
    body_->setObjectName(QStringLiteral("messageBody"));
    body_->setFrameShape(QFrame::NoFrame);
    body_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    body_->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    body_->setOpenExternalLinks(true);
    body_->viewport()->setAutoFillBackground(false);
    connect(body_->document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
            [this] { fit_height(); });
    layout->addWidget(body_);

    edit_box_ = new QWidget(this);
    auto* ebox = new QVBoxLayout(edit_box_);
    ebox->setContentsMargins(0, 0, 0, 0);
    editor_ = new QPlainTextEdit(edit_box_);
    editor_->setObjectName(QStringLiteral("messageEditor"));
    editor_->installEventFilter(this);
    auto* erow = new QHBoxLayout;
    auto* save = new QPushButton(tr("Save"), edit_box_);
    save->setObjectName(QStringLiteral("saveEdit"));
    auto* resend = new QPushButton(tr("Save and ask again"), edit_box_);
    resend->setObjectName(QStringLiteral("saveAndResend"));
    resend->setToolTip(tr("Save the edit and get a new answer to it (the old answer is kept as a version)"));
    auto* cancel = new QPushButton(tr("Cancel"), edit_box_);
    cancel->setObjectName(QStringLiteral("cancelEdit"));
    connect(save, &QPushButton::clicked, this, [this] {
        const QString text = editor_->toPlainText();
        end_edit();
        emit edit_confirmed(text, false);
    });
    connect(resend, &QPushButton::clicked, this, [this] {
        const QString text = editor_->toPlainText();
        end_edit();
        emit edit_confirmed(text, true);
    });
    connect(cancel, &QPushButton::clicked, this, &MessageWidget::end_edit);
    resend->setVisible(!assistant_);
    erow->addStretch(1);
    erow->addWidget(cancel);
    erow->addWidget(save);
    erow->addWidget(resend);
    ebox->addWidget(editor_);
    ebox->addLayout(erow);
    layout->addWidget(edit_box_);
    edit_box_->hide();

    code_buttons_ = new QWidget(this);
    code_layout_ = new QHBoxLayout(code_buttons_);
    code_layout_->setContentsMargins(0, 0, 0, 0);
    code_layout_->addStretch(1);
    layout->addWidget(code_buttons_);
    code_buttons_->hide();

    error_ = new QLabel(this);
    error_->setObjectName(QStringLiteral("messageError"));
    error_->setWordWrap(true);
    error_->setTextFormat(Qt::PlainText);
    error_detail_ = new QLabel(this);
    error_detail_->setObjectName(QStringLiteral("messageErrorDetail"));
    error_detail_->setWordWrap(true);
    error_detail_->setTextFormat(Qt::PlainText);
    error_detail_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    retry_ = new QPushButton(tr("Retry"), this);
    retry_->setObjectName(QStringLiteral("retryButton"));
    connect(retry_, &QPushButton::clicked, this, &MessageWidget::retry_clicked);
    auto* error_col = new QVBoxLayout;
    error_col->setSpacing(1);
    error_col->addWidget(error_);
    error_col->addWidget(error_detail_);
    auto* error_row = new QHBoxLayout;
    error_row->addLayout(error_col, 1);
    error_row->addWidget(retry_, 0, Qt::AlignTop);
    layout->addLayout(error_row);
    error_->hide();
    error_detail_->hide();
    retry_->hide();

    ribbon_ = new ResilienceRibbon(this);
    connect(ribbon_, &ResilienceRibbon::retry_now_clicked, this, &MessageWidget::retry_now_clicked);
    connect(ribbon_, &ResilienceRibbon::cancel_clicked, this, &MessageWidget::cancel_clicked);
    connect(ribbon_, &ResilienceRibbon::trace_clicked, this, &MessageWidget::trace_clicked);
    layout->addWidget(ribbon_);
    ribbon_->setVisible(assistant_);
    regenerate_button_->setVisible(assistant_);
    figures_ = new QLabel(this);
    figures_->setObjectName(QStringLiteral("compareFigures"));
    figures_->setTextFormat(Qt::PlainText);
    figures_->setWordWrap(true);
    layout->addWidget(figures_);
    figures_->setVisible(compare_);
    if (compare_) {
        ribbon_->set_stacked(true);
        // A compare's column is read, not edited: it is sent again as a new compare.
        for (QWidget* w : {static_cast<QWidget*>(edit_button_), static_cast<QWidget*>(delete_button_),
                           static_cast<QWidget*>(regenerate_button_)})
            w->hide();
    }

    update_from(message, in_flight);
}

void MessageWidget::apply_style() {
    // Colours through palettes and the frame painted here, never a style sheet: a style sheet fixes the fonts
    // of what it polishes, and the message would stop following the text scale.
    const QColor accent = assistant_ ? QColor(0x2e, 0x7d, 0x32) : QColor(0x3f, 0x6f, 0xb5);
    QPalette role_palette = role_->palette();
    role_palette.setColor(QPalette::WindowText,
                          palette().color(QPalette::Base).lightness() < 128 ? accent.lighter(160) : accent);
    role_->setPalette(role_palette);
    for (QLabel* dim : {time_, version_label_, error_detail_}) {
        QPalette p = dim->palette();
        p.setColor(QPalette::WindowText, palette().color(QPalette::PlaceholderText));
        dim->setPalette(p);
    }
    QPalette error_palette = error_->palette();
    error_palette.setColor(QPalette::WindowText,
                           failed_ ? QColor(0xd3, 0x2f, 0x2f) : palette().color(QPalette::WindowText));
    error_->setPalette(error_palette);
    update();
}

QColor MessageWidget::border_colour() const {
    if (highlighted_)
        return QColor(0x4a, 0x7f, 0xd6);
    if (failed_)
        return QColor(0xc6, 0x28, 0x28);
    return assistant_ ? palette().color(QPalette::Mid) : QColor(63, 111, 181, 110);
}

void MessageWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    // The person's messages are tinted with the accent colour; replies sit on the base colour.
    const QColor fill = assistant_ ? palette().color(QPalette::Base) : QColor(63, 111, 181, 38);
    const int width = highlighted_ ? 2 : 1;
    p.setPen(QPen(border_colour(), width));
    p.setBrush(fill);
    p.drawRoundedRect(QRectF(rect()).adjusted(width / 2.0, width / 2.0, -width / 2.0, -width / 2.0), 6, 6);
}

void MessageWidget::fit_height() {
    const int h = static_cast<int>(std::ceil(body_->document()->size().height())) + 4;
    body_->setFixedHeight(std::max(h, body_->fontMetrics().height() + 6));
}

void MessageWidget::append_text(const QString& delta) {
    if (!streaming_) {
        streaming_ = true;
        body_->setPlainText(QString());
    }
    // Insert at the end only: the cost of a token is the token, not the reply so far.
    QTextCursor cursor(body_->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(delta);
    content_ += delta;
}

void MessageWidget::reset_text() {
    body_->setPlainText(QString());
    content_.clear();
    streaming_ = true;
    show_reasoning(QString(), true);
}

void MessageWidget::append_reasoning(const QString& delta) {
    show_reasoning(reasoning_text_ + delta, true);
}

void MessageWidget::show_reasoning(const QString& text, bool in_flight) {
    reasoning_text_ = text;
    reasoning_toggle_->setVisible(!text.isEmpty());
    reasoning_->setText(text);
    const QString words = in_flight && content_.isEmpty() ? tr("Reasoning…") : tr("Reasoning");
    reasoning_toggle_->setText(
        words + (reasoning_toggle_->isChecked() ? QStringLiteral(" ▾") : QStringLiteral(" ▸")));
    reasoning_->setVisible(!text.isEmpty() && reasoning_toggle_->isChecked());
}

bool MessageWidget::reasoning_shown() const {
    return reasoning_toggle_->isChecked();
}

void MessageWidget::set_reasoning_shown(bool shown) {
    if (reasoning_toggle_->isChecked() != shown) {
        reasoning_toggle_->setChecked(shown);  // comes back here through toggled()
        return;
    }
    show_reasoning(reasoning_text_, in_flight_);
}

QString MessageWidget::figures() const {
    return figures_->text();
}

QString MessageWidget::plain_text() const {
    return body_->toPlainText();
}

void MessageWidget::render_final(const StoredMessage& m) {
    const QString markdown = QString::fromStdString(m.content);
    content_ = markdown;
    body_->setMarkdown(markdown);
    // A copy button per fenced code block.
    while (code_layout_->count() > 1) {
        QLayoutItem* item = code_layout_->takeAt(0);
        delete item->widget();
        delete item;
    }
    static const QRegularExpression kFence(QStringLiteral("```[^\\n]*\\n(.*?)```"),
                                           QRegularExpression::DotMatchesEverythingOption);
    int n = 0;
    for (auto it = kFence.globalMatch(markdown); it.hasNext();) {
        const QString code = it.next().captured(1);
        auto* button = new QPushButton(tr("Copy code %1").arg(++n), code_buttons_);
        button->setObjectName(QStringLiteral("copyCode"));
        connect(button, &QPushButton::clicked, this, [code] { QApplication::clipboard()->setText(code); });
        code_layout_->insertWidget(code_layout_->count() - 1, button);
    }
    code_buttons_->setVisible(n > 0);
}

void MessageWidget::update_from(const StoredMessage& m, bool in_flight) {
    in_flight_ = in_flight;
    if (!in_flight) {
        streaming_ = false;
        render_final(m);
    } else if (!streaming_ && !m.content.empty()) {
        append_text(QString::fromStdString(m.content));
    }
    show_reasoning(QString::fromStdString(m.reasoning), in_flight);
    if (compare_) {
        role_->setText(QString::fromStdString(m.compare_label));
        static const PriceTable kPrices = PriceTable::builtin();
        figures_->setText(figures_text(reply_figures(compare_reply_of(m, kPrices))));
    }
    time_->setText(when(m.created_ms));
    time_->setToolTip(m.created_ms > 0 ? QDateTime::fromMSecsSinceEpoch(m.created_ms).toString(Qt::ISODate)
                                       : QString());
    versions_->setVisible(assistant_ && !compare_ && m.version_count > 1);
    version_label_->setText(QStringLiteral("%1/%2").arg(m.version).arg(m.version_count));
    version_prev_->setEnabled(m.version > 1);
    version_next_->setEnabled(m.version < m.version_count);
    actions_->setVisible(!in_flight);
    failed_ = false;
    if (assistant_) {
        ribbon_->show_message(m, in_flight);
        const ReplyOutcome outcome = reply_outcome(m, in_flight);
        failed_ = outcome.kind == ReplyOutcome::Kind::Failed;
        const bool stopped = outcome.kind == ReplyOutcome::Kind::Stopped;
        error_->setText(outcome.sentence);
        error_detail_->setText(outcome.detail);
        error_->setVisible(failed_ || stopped);
        error_detail_->setVisible(failed_ && !outcome.detail.isEmpty());
        retry_->setVisible(failed_ && !compare_);  // a compare is asked again as a whole (Chat > Compare)
    }
    apply_style();
}

void MessageWidget::set_actions_enabled(bool enabled) {
    for (QWidget* w : {static_cast<QWidget*>(edit_button_), static_cast<QWidget*>(delete_button_),
                       static_cast<QWidget*>(regenerate_button_), static_cast<QWidget*>(versions_)}) {
        w->setEnabled(enabled);
    }
}

void MessageWidget::begin_edit() {
    editor_->setPlainText(content_);
    editor_->setMinimumHeight(std::min(body_->height() + 24, 320));
    edit_box_->show();
    body_->hide();
    editor_->setFocus();
    editor_->moveCursor(QTextCursor::End);
}

bool MessageWidget::editing() const {
    return !edit_box_->isHidden();
}

void MessageWidget::end_edit() {
    edit_box_->hide();
    body_->show();
}

bool MessageWidget::eventFilter(QObject* watched, QEvent* event) {
    if (watched == editor_ && event->type() == QEvent::ShortcutOverride &&
        static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape) {
        event->accept();  // Esc in the editor is the editor's (abandon the edit), not the chat's Stop
        return true;
    }
    if (watched == editor_ && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape) {
        end_edit();  // Esc abandons the edit: the message is as it was
        return true;
    }
    return QFrame::eventFilter(watched, event);
}

void MessageWidget::changeEvent(QEvent* event) {
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !restyling_) {
        restyling_ = true;  // the theme changed: the colours derived from it follow
        apply_style();
        restyling_ = false;
    }
}

void MessageWidget::show_waiting(const WaitInfo& info) {
    ribbon_->show_waiting(info);
}

void MessageWidget::set_highlighted(bool on) {
    highlighted_ = on;
    apply_style();
}

}  // namespace stormproof
