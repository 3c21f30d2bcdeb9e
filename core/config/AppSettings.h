#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ConfigError.h"

namespace stormproof {

// The application's own settings (not the resilience policy): settings.json in the profile, versioned.
struct AppSettings {
    static constexpr int kVersion = 1;
    enum class Theme { System, Light, Dark };
    // The interface's language: the system locale's (Vietnamese when it asks for it, else English), or one
    // chosen in Settings > Appearance. Read at start.
    enum class Language { System, English, Vietnamese };

    Theme theme = Theme::System;
    Language language = Language::System;
    int font_scale_pct = 100;  // 80..200: the chat and the dashboard scale together
    // The settings dialog's preview: which scenario the edited policy is tried against.
    std::string preview_scenario = "flaky";
    // Dashboard alert thresholds (percent over the last 30 s).
    int alert_retry_rate_pct = 30;
    int alert_error_rate_pct = 10;
    // The settings dialog's page when it last closed, by its id ("retry", "breaker", ...): it reopens there.
    std::string settings_page = "retry";
    // The chat's composer: Enter sends (Shift+Enter is a new line), as in most chat apps; off: Enter is a new
    // line and Ctrl+Enter sends.
    bool send_on_enter = true;

    static std::string_view to_string(Theme theme);
    static std::string_view to_string(Language language);  // "system", "en", "vi"
    static std::optional<Language> language_from_string(std::string_view text);
    // Validates like the policy file: every problem with its JSON path; nothing is set unless all is valid.
    static std::vector<ConfigError> parse(std::string_view text, AppSettings& out);
    std::string to_text() const;
    bool operator==(const AppSettings&) const = default;
};

}  // namespace stormproof
