#include "AppSettings.h"

#include <nlohmann/json.hpp>
#include <optional>

#include "JsonReader.h"
#include "resilience/Text.h"

namespace stormproof {

namespace {
std::optional<AppSettings::Theme> theme_from_string(std::string_view text) {
    if (text == "system")
        return AppSettings::Theme::System;
    if (text == "light")
        return AppSettings::Theme::Light;
    if (text == "dark")
        return AppSettings::Theme::Dark;
    return std::nullopt;
}
}  // namespace

std::optional<AppSettings::Language> AppSettings::language_from_string(std::string_view text) {
    if (text == "system")
        return Language::System;
    if (text == "en")
        return Language::English;
    if (text == "vi")
        return Language::Vietnamese;
    return std::nullopt;
}

std::string_view AppSettings::to_string(Language language) {
    switch (language) {
        case Language::English:
            return "en";
        case Language::Vietnamese:
            return "vi";
        default:
            return "system";
    }
}

std::string_view AppSettings::to_string(Theme theme) {
    switch (theme) {
        case Theme::Light:
            return "light";
        case Theme::Dark:
            return "dark";
        default:
            return "system";
    }
}

std::vector<ConfigError> AppSettings::parse(std::string_view text, AppSettings& out) {
    std::vector<ConfigError> errors;
    const auto doc = JsonReader::parse(text, errors);
    if (!doc)
        return errors;
    JsonReader r;
    AppSettings s;
    if (r.expect_object(*doc, "",
                        {"version", "appearance", "preview", "alerts", "chat", "settings_dialog"})) {
        r.version(*doc, kVersion);
        if (const auto* a = JsonReader::find(*doc, "appearance");
            a && r.expect_object(*a, "appearance", {"theme", "language", "font_scale_pct"})) {
            r.enumeration(*a, "appearance", "theme", s.theme, theme_from_string, "system|light|dark");
            r.enumeration(*a, "appearance", "language", s.language, language_from_string, "system|en|vi");
            r.integer(*a, "appearance", "font_scale_pct", s.font_scale_pct, 80, 200);
        }
        if (const auto* p = JsonReader::find(*doc, "preview");
            p && r.expect_object(*p, "preview", {"scenario"}))
            r.string(*p, "preview", "scenario", s.preview_scenario);
        if (const auto* a = JsonReader::find(*doc, "alerts");
            a && r.expect_object(*a, "alerts", {"retry_rate_pct", "error_rate_pct"})) {
            r.integer(*a, "alerts", "retry_rate_pct", s.alert_retry_rate_pct, 1, 100);
            r.integer(*a, "alerts", "error_rate_pct", s.alert_error_rate_pct, 1, 100);
        }
        if (const auto* d = JsonReader::find(*doc, "settings_dialog");
            d && r.expect_object(*d, "settings_dialog", {"page"}))
            r.string(*d, "settings_dialog", "page", s.settings_page);
        if (const auto* c = JsonReader::find(*doc, "chat");
            c && r.expect_object(*c, "chat", {"send_on_enter"}))
            r.boolean(*c, "chat", "send_on_enter", s.send_on_enter);
    }
    if (r.errors.empty())
        out = s;
    return r.errors;
}

std::string AppSettings::to_text() const {
    nlohmann::ordered_json doc;
    doc["version"] = kVersion;
    doc["appearance"] = {{"theme", std::string(to_string(theme))},
                         {"language", std::string(to_string(language))},
                         {"font_scale_pct", font_scale_pct}};
    doc["preview"] = {{"scenario", preview_scenario}};
    doc["alerts"] = {{"retry_rate_pct", alert_retry_rate_pct}, {"error_rate_pct", alert_error_rate_pct}};
    doc["settings_dialog"] = {{"page", settings_page}};
    doc["chat"] = {{"send_on_enter", send_on_enter}};
    return to_json_text(doc, 2) + "\n";
}

}  // namespace stormproof
