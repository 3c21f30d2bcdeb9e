#pragma once

#include <QString>
#include <span>
#include <string>
#include <string_view>

namespace stormproof {

// The engine's and the telemetry's names (to_string: "rate_limited", "half_open", "attempt_finished") as the
// interface shows them: the name itself in English (as in the event log file and the docs), its words in
// another language (context "Identifiers" of translations/stormproof_<code>.ts).
QString identifier_words(std::string_view name);
// A text of a resource file a person reads (a scenario's description: context "Scenarios"; a provider
// preset's name: "ProviderPresets"), in the interface's language. ui/CMakeLists.txt marks them for lupdate at
// configure time, from resources/; a text it has no translation for shows as written.
QString resource_words(const char* context, const std::string& text);
// The names marked for translation, for the translation test.
std::span<const char* const> known_identifiers();

}  // namespace stormproof
