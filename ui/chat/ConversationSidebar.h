#pragma once

#include <QWidget>
#include <cstdint>

class QLineEdit;
class QListWidget;

namespace stormproof {

class ConversationStore;

// The list of conversations: new, rename, delete, and search over titles and message text.
class ConversationSidebar final : public QWidget {
    Q_OBJECT

public:
    ConversationSidebar(ConversationStore& store, QWidget* parent = nullptr);
    void refresh(std::int64_t select_id = 0);
    void focus_search();
    std::int64_t selected() const;

signals:
    void conversation_selected(std::int64_t id);
    void new_conversation_requested();

private:
    void rename_selected();
    void delete_selected();

    ConversationStore& store_;
    QLineEdit* search_ = nullptr;
    QListWidget* list_ = nullptr;
};

}  // namespace stormproof
