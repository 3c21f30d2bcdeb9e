#include "FallbackPage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace stormproof {

FallbackPage::FallbackPage(nlohmann::json& doc, AppSettings& app, QWidget* parent)
    : SettingsPage(QStringLiteral("fallback"), tr("Fallback chain"), doc, app, parent) {
    auto* layout = static_cast<QVBoxLayout*>(this->layout());
    auto* intro = new QLabel(tr("Requests go to the first target; when its retries, breaker or the server's "
                                "hints say give up, the next one takes over. Drag to reorder."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    list_ = new QListWidget(this);
    list_->setObjectName(QStringLiteral("fallbackOrder"));
    list_->setDragDropMode(QAbstractItemView::InternalMove);
    list_->setDefaultDropAction(Qt::MoveAction);
    layout->addWidget(list_, 1);
    auto* buttons = new QHBoxLayout;
    auto* up = new QPushButton(tr("Move up"), this);
    auto* down = new QPushButton(tr("Move down"), this);
    connect(up, &QPushButton::clicked, this, [this] {
        const int r = list_->currentRow();
        if (r > 0)
            move(r, r - 1);
    });
    connect(down, &QPushButton::clicked, this, [this] {
        const int r = list_->currentRow();
        if (r >= 0 && r + 1 < list_->count())
            move(r, r + 1);
    });
    buttons->addWidget(up);
    buttons->addWidget(down);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    // After a drag, the list's order is the truth: rewrite the document to match.
    connect(list_->model(), &QAbstractItemModel::rowsMoved, this, [this] { sync_from_list(); });
    reload();
}

void FallbackPage::reload() {
    const QSignalBlocker block(list_->model());
    list_->clear();
    for (const auto& t : doc_.value("targets", nlohmann::json::array())) {
        const QString name = QString::fromStdString(t.value("name", std::string()));
        auto* item = new QListWidgetItem(
            QStringLiteral("%1  (%2)").arg(name, QString::fromStdString(t.value("provider", std::string()))),
            list_);
        item->setData(Qt::UserRole, name);
    }
}

void FallbackPage::sync_from_list() {
    nlohmann::json reordered = nlohmann::json::array();
    const auto targets = doc_.value("targets", nlohmann::json::array());
    for (int i = 0; i < list_->count(); ++i) {
        const std::string name = list_->item(i)->data(Qt::UserRole).toString().toStdString();
        for (const auto& t : targets) {
            if (t.value("name", std::string()) == name) {
                reordered.push_back(t);
                break;
            }
        }
    }
    if (reordered.size() == targets.size()) {
        doc_["targets"] = reordered;
        emit edited();
    }
}

void FallbackPage::move(int from, int to) {
    auto& targets = doc_["targets"];
    if (from < 0 || to < 0 || from >= static_cast<int>(targets.size()) ||
        to >= static_cast<int>(targets.size()))
        return;
    const nlohmann::json t = targets[static_cast<std::size_t>(from)];
    targets.erase(targets.begin() + from);
    targets.insert(targets.begin() + to, t);
    reload();
    list_->setCurrentRow(to);
    emit edited();
}

}  // namespace stormproof
