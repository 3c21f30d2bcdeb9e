#include "ConversationSidebar.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

#include "Language.h"
#include "storage/ConversationStore.h"

namespace stormproof {

ConversationSidebar::ConversationSidebar(ConversationStore& store, QWidget* parent)
    : QWidget(parent), store_(store) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto* new_chat = new QPushButton(tr("New chat"), this);
    new_chat->setObjectName(QStringLiteral("newChat"));
    new_chat->setToolTip(tr("Ctrl+N"));
    connect(new_chat, &QPushButton::clicked, this, &ConversationSidebar::new_conversation_requested);
    layout->addWidget(new_chat);
    search_ = new QLineEdit(this);
    search_->setObjectName(QStringLiteral("search"));
    search_->setPlaceholderText(tr("Search chats (Ctrl+K)"));
    search_->setClearButtonEnabled(true);
    connect(search_, &QLineEdit::textChanged, this, [this] { refresh(selected()); });
    layout->addWidget(search_);
    list_ = new QListWidget(this);
    list_->setObjectName(QStringLiteral("conversationList"));
    list_->setContextMenuPolicy(Qt::CustomContextMenu);
    list_->setTextElideMode(Qt::ElideRight);
    list_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);  // long titles are elided, not scrolled
    list_->setWordWrap(false);
    list_->setUniformItemSizes(false);
    connect(list_, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (item)
            emit conversation_selected(item->data(Qt::UserRole).toLongLong());
    });
    connect(list_, &QListWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        if (!list_->itemAt(pos))
            return;
        QMenu menu(this);
        menu.addAction(tr("Rename…"), this, &ConversationSidebar::rename_selected);
        menu.addAction(tr("Delete"), this, &ConversationSidebar::delete_selected);
        menu.exec(list_->viewport()->mapToGlobal(pos));
    });
    layout->addWidget(list_, 1);
    no_results_ = new QLabel(this);
    no_results_->setObjectName(QStringLiteral("noResults"));
    no_results_->setWordWrap(true);
    no_results_->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    layout->addWidget(no_results_);
    no_results_->hide();
}

bool ConversationSidebar::showing_no_results() const {
    return !no_results_->isHidden();
}

void ConversationSidebar::refresh(std::int64_t select_id) {
    const QSignalBlocker block(list_);
    list_->clear();
    const QString query = search_->text().trimmed();
    const auto add = [this, select_id](const ConversationInfo& c, const QString& snippet) {
        const QString title = QString::fromStdString(c.title);
        const QString stamp = interface_locale().toString(QDateTime::fromMSecsSinceEpoch(c.updated_ms),
                                                          QStringLiteral("d MMM yyyy HH:mm"));
        // The title on the first line (elided by the list), the matching words on the second.
        auto* item =
            new QListWidgetItem(snippet.isEmpty() ? title : title + QLatin1Char('\n') + snippet, list_);
        item->setData(Qt::UserRole, static_cast<qlonglong>(c.id));
        item->setToolTip(snippet.isEmpty() ? tr("%1\nlast used %2").arg(title, stamp)
                                           : tr("%1\n%2\nlast used %3").arg(title, snippet, stamp));
        if (c.id == select_id)
            list_->setCurrentItem(item);
    };
    if (query.isEmpty()) {
        for (const auto& c : store_.conversations())
            add(c, {});
    } else {
        for (const auto& hit : store_.search(query.toStdString()))
            add(hit.info, QString::fromStdString(hit.snippet));
    }
    const bool none = !query.isEmpty() && list_->count() == 0;
    no_results_->setText(tr("No chat contains “%1”.").arg(query));
    no_results_->setVisible(none);
}

void ConversationSidebar::focus_search() {
    search_->setFocus();
    search_->selectAll();
}

std::int64_t ConversationSidebar::selected() const {
    const auto* item = list_->currentItem();
    return item ? item->data(Qt::UserRole).toLongLong() : 0;
}

void ConversationSidebar::rename_selected() {
    auto info = store_.conversation(selected());
    if (!info)
        return;
    bool ok = false;
    const QString title = QInputDialog::getText(this, tr("Rename chat"), tr("Title:"), QLineEdit::Normal,
                                                QString::fromStdString(info->title), &ok);
    if (!ok || title.trimmed().isEmpty())
        return;
    info->title = title.trimmed().toStdString();
    store_.update_conversation(*info);
    refresh(info->id);
}

void ConversationSidebar::delete_selected() {
    const auto id = selected();
    if (!id)
        return;
    if (QMessageBox::question(this, tr("Delete chat"), tr("Delete this chat and all its messages?")) !=
        QMessageBox::Yes) {
        return;
    }
    store_.delete_conversation(id);
    refresh();
    emit conversation_selected(0);
}

}  // namespace stormproof
