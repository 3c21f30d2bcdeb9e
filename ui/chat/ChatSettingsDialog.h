#pragma once

#include <QDialog>

#include "storage/ConversationStore.h"

class QDoubleSpinBox;
class QPlainTextEdit;
class QSpinBox;

namespace stormproof {

// One chat's system prompt and sampling parameters (temperature, top_p, max tokens; each may be left to the
// provider's default).
class ChatSettingsDialog final : public QDialog {
    Q_OBJECT

public:
    ChatSettingsDialog(const ConversationInfo& info, QWidget* parent = nullptr);
    // The conversation with the edited values.
    ConversationInfo edited() const;

private:
    ConversationInfo info_;
    QPlainTextEdit* system_ = nullptr;
    QDoubleSpinBox* temperature_ = nullptr;
    QDoubleSpinBox* top_p_ = nullptr;
    QSpinBox* max_tokens_ = nullptr;
};

}  // namespace stormproof
