#pragma once

#include <QWidget>
#include <cstdint>

class QLabel;
class QLineEdit;
class QListWidget;

namespace stormproof {

class ConversationStore;

// The list of conversations: new, rename, delete, and search over titles and message text. Long titles are
// elided (the whole title in the tooltip); a search shows a snippet of the message that matched under each
// title, and says so when nothing matched.
class ConversationSidebar final : public QWidget {
    Q_OBJECT

public:
    ConversationSidebar(ConversationStore& store, QWidget* parent = nullptr);
    void refresh(std::int64_t select_id = 0);
    void focus_search();
    std::int64_t selected() const;
    QLineEdit* search_box() const { return search_; }
    QListWidget* list() const { return list_; }
    bool showing_no_results() const;

signals:
    void conversation_selected(std::int64_t id);
    void new_conversation_requested();

private:
    void rename_selected();
    void delete_selected();

    ConversationStore& store_;
    QLineEdit* search_ = nullptr;
    QListWidget* list_ = nullptr;
    QLabel* no_results_ = nullptr;
};

}  // namespace stormproof
