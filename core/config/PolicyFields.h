#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "ConfigError.h"
#include "resilience/ResiliencePolicy.h"

namespace stormproof {

enum class FieldType {
    Integer,  // a whole number in [min, max]
    Number,   // a decimal number in [min, max], shown with `decimals` digits
    Boolean,
    Choice,   // one of `choices` (the file's words for a typed enum)
    Text,     // a string checked by its own rule (names, URLs)
    Special,  // a list or a map read by code of its own (api_keys, failure_classes, classes)
};

// What a number counts; the forms show it as the spin box's suffix, the docs in the key's name.
enum class FieldUnit { None, Milliseconds, Percent, Calls, Attempts, Hedges, RetriesPerSecond };
std::string_view unit_suffix(FieldUnit unit);  // " ms", " %", " calls"... ("" for None)

// One key of the policy file (docs/INTERFACES.md; README "The policy file"): the one place its type, range,
// default, unit and the words the settings form uses for it are written down. PolicyLoader validates
// against it, PolicyWriter writes from it, the settings forms build their fields from it, and a test checks
// the README's policy table against it.
//
// Paths are the file's: "retry.max_attempts". Keys repeated per item use a placeholder: "targets[].name"
// (each target), "retry.classes.*.retry" (each error class).
struct PolicyField {
    std::string_view path;
    FieldType type = FieldType::Integer;
    double min = 0;  // Integer, Number: inclusive
    double max = 0;
    int decimals = 0;  // Number: digits after the point the form shows
    FieldUnit unit = FieldUnit::None;
    std::vector<std::string_view> choices;  // Choice: the file's words, in the enum's order
    std::string_view label;                 // the settings form's words ("Attempts per target")
    std::string_view help;                  // the form's tooltip; may be empty

    // The typed value in a ResiliencePolicy, as JSON (this is the JSON edge). Null for the keys of
    // targets and class rules, and for Special keys.
    nlohmann::json (*get)(const ResiliencePolicy&) = nullptr;
    // Sets a value that has passed this field's checks (type, range, choice).
    void (*set)(ResiliencePolicy&, const nlohmann::json&) = nullptr;
    // The same for the keys of one class rule ("retry.classes.*.KEY").
    nlohmann::json (*get_rule)(const ClassRule&) = nullptr;
    void (*set_rule)(ClassRule&, const nlohmann::json&) = nullptr;

    std::string_view section() const;  // "retry", "targets[]", "retry.classes.*"
    std::string_view key() const;      // "max_attempts"
    // The default, from the config structs' own defaults (their named constants); null when get is null.
    nlohmann::json default_value() const;
    // "must be one of a|b|c" lists these.
    std::string choice_list() const;
};

class PolicyFields {
public:
    // Every key, section by section, each section in the order the file lists it.
    static const std::vector<PolicyField>& all();
    // The field a path names; concrete paths are matched to their pattern ("targets[2].name" ->
    // "targets[].name", "retry.classes.auth.retry" -> "retry.classes.*.retry"). nullptr when none.
    static const PolicyField* find(std::string_view path);
    static std::string pattern_of(std::string_view path);
    // The fields of one section ("retry", "targets[]", "retry.classes.*"), in order.
    static std::vector<const PolicyField*> section(std::string_view section);
    // Their keys, for "unknown key (allowed here: ...)".
    static std::vector<std::string_view> keys(std::string_view section);

    // An error in the form's words: the path becomes the field's label ("Target 2 › Name" for a target's
    // key) and any path inside the message becomes its label too:
    //   "retry.max_delay_ms: must be at least retry.base_delay_ms (5000), got 1000"
    //   -> "Cap: must be at least Base delay (5000), got 1000".
    static std::string in_form_words(const ConfigError& error);
    // The message alone, its paths made labels (for the field's own tooltip).
    static std::string message_in_form_words(const std::string& message);
    // "Cap", "Target 2 › Name"; the path itself when the table does not know it.
    static std::string label_of(std::string_view path);
};

}  // namespace stormproof
