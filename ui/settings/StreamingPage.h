#pragma once

#include "SettingsPage.h"

namespace stormproof {

// Settings > Streaming: what happens when a stream that has already shown text fails.
class StreamingPage final : public SettingsPage {
    Q_OBJECT

public:
    StreamingPage(nlohmann::json& doc, AppSettings& app, QWidget* parent = nullptr);
    bool wants_preview() const override { return false; }
};

}  // namespace stormproof
