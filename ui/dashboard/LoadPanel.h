#pragma once

#include <QWidget>

#include "llm/ClientContext.h"

class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace stormproof {

class LoadRunner;
class ResilientClient;

// "Load: N requests, concurrency C, Start": a burst through the client in force, with progress and a
// one-line summary. Start turns into Cancel while it runs.
class LoadPanel final : public QWidget {
    Q_OBJECT

public:
    LoadPanel(ResilientClient& client, const ClientContext& context, QWidget* parent = nullptr);
    ~LoadPanel() override;
    bool running() const { return load_ != nullptr; }
    QString result_text() const;

private:
    void start_or_cancel();

    ResilientClient& client_;
    ClientContext context_;
    QSpinBox* requests_ = nullptr;
    QSpinBox* concurrency_ = nullptr;
    QPushButton* start_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* result_ = nullptr;
    LoadRunner* load_ = nullptr;
};

}  // namespace stormproof
