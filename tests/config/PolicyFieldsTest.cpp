// The one table of policy keys (PolicyFields): the loader's ranges, the writer's keys, the README's policy
// table and the form's words all come from it, and these tests hold each of them to it.
#include "config/PolicyFields.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "config/PolicyLoader.h"
#include "config/PolicyWriter.h"

namespace stormproof {
namespace {

using nlohmann::json;

// The README's "The policy file" table: path -> the text in parentheses after the key (its default, or for
// a target's provider its choices), "" when none.
std::map<std::string, std::string> documented_keys() {
    std::ifstream in(std::string(STORMPROOF_SOURCE_DIR) + "/README.md");
    std::stringstream text;
    text << in.rdbuf();
    std::map<std::string, std::string> out;
    std::istringstream lines(text.str());
    std::string line;
    bool in_table = false;
    while (std::getline(lines, line)) {
        if (line.rfind("| section | keys (default) |", 0) == 0) {
            in_table = true;
            continue;
        }
        if (!in_table)
            continue;
        if (line.rfind("|---", 0) == 0)
            continue;
        if (line.rfind("| `", 0) != 0)
            break;
        const auto s0 = line.find('`') + 1;
        const std::string section = line.substr(s0, line.find('`', s0) - s0);
        const std::string keys = line.substr(line.find('|', line.find('`', s0)) + 1);
        int depth = 0;
        for (std::size_t i = 0; i < keys.size(); ++i) {
            const char c = keys[i];
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c != '`' || depth != 0)
                continue;
            const auto close = keys.find('`', i + 1);
            if (close == std::string::npos)
                break;
            const std::string key = keys.substr(i + 1, close - i - 1);
            i = close;
            std::string note;
            if (keys.compare(close + 1, 2, " (") == 0) {
                const auto end = keys.find(')', close + 3);
                note = keys.substr(close + 3, end - close - 3);
            }
            if (const auto brace = key.find(".{"); brace != std::string::npos) {
                // classes.{CLASS} → {retry, max_attempts, ...}: the keys of each class's rule.
                const std::string base = section + "." + key.substr(0, brace);
                out[base] = "";
                const auto open = keys.find('{', keys.find("→", close));
                const auto end = keys.find('}', open);
                std::istringstream list(keys.substr(open + 1, end - open - 1));
                std::string item;
                while (std::getline(list, item, ',')) {
                    item.erase(0, item.find_first_not_of(' '));
                    out[base + ".*." + item] = "";
                }
                i = keys.find('`', end);  // the closing backtick of `{...}`
                if (i == std::string::npos)
                    break;
                continue;
            }
            out[section + "." + key] = note;
        }
    }
    return out;
}

std::string strip(std::string s) {
    std::string out;
    for (char c : s) {
        if (c != '`')
            out += c;
    }
    return out;
}

TEST(PolicyFields, TheReadmeTableDocumentsEveryKeyOfTheTableAndNoOther) {
    const auto documented = documented_keys();
    ASSERT_GT(documented.size(), 40u) << "the README's policy table was not found";
    for (const auto& [path, note] : documented)
        EXPECT_NE(PolicyFields::find(path), nullptr) << "documented but not in PolicyFields: " << path;
    for (const PolicyField& f : PolicyFields::all())
        EXPECT_EQ(documented.count(std::string(f.path)), 1u) << "not in the README's table: " << f.path;
}

TEST(PolicyFields, TheReadmeTableStatesTheDefaultsTheTableHas) {
    int checked = 0;
    for (const auto& [path, note] : documented_keys()) {
        const PolicyField* f = PolicyFields::find(path);
        if (!f || note.empty() || f->type == FieldType::Special)
            continue;
        const std::string stated = strip(note.substr(0, note.find(';')));
        if (!f->get) {
            // A target's provider: the README lists the choices.
            if (f->type == FieldType::Choice) {
                std::string choices;
                for (auto c : f->choices)
                    choices += (choices.empty() ? "" : ", ") + std::string(c);
                EXPECT_EQ(stated, choices) << path;
            }
            continue;
        }
        const json d = f->default_value();
        if (d.is_boolean())
            EXPECT_EQ(stated, d.get<bool>() ? "true" : "false") << path;
        else if (d.is_string())
            EXPECT_EQ(stated, d.get<std::string>()) << path;
        else
            EXPECT_DOUBLE_EQ(std::stod(stated), d.get<double>()) << path;
        ++checked;
    }
    EXPECT_GT(checked, 35) << "most keys state their default";
}

// Every numeric key's range is the loader's: the bounds load, one step beyond is refused with the range.
TEST(PolicyFields, TheLoaderAcceptsExactlyTheTablesRanges) {
    for (const PolicyField& f : PolicyFields::all()) {
        if ((f.type != FieldType::Integer && f.type != FieldType::Number) || (!f.set && !f.set_rule))
            continue;
        const std::string section(f.section());
        const std::string key(f.key());
        const auto document = [&](double value) {
            json v = f.type == FieldType::Integer ? json(static_cast<std::int64_t>(value)) : json(value);
            if (f.set_rule)
                return json{{"retry", {{"classes", {{"server_error", {{key, v}}}}}}}};
            return json{{section, {{key, v}}}};
        };
        // Cross-field rules (cap >= base, ...) aside: check only what names this key.
        const auto errors_on = [&](double value) {
            std::vector<std::string> mine;
            const std::string concrete =
                f.set_rule ? "retry.classes.server_error." + key : std::string(f.path);
            for (const auto& e : PolicyLoader::from_json(document(value)).errors) {
                if (e.path == concrete && e.message.rfind("must be at", 0) != 0)
                    mine.push_back(e.message);
            }
            return mine;
        };
        EXPECT_TRUE(errors_on(f.min).empty()) << f.path << " at its minimum";
        EXPECT_TRUE(errors_on(f.max).empty()) << f.path << " at its maximum";
        const double step = f.type == FieldType::Integer ? 1 : 0.5;
        const auto above = errors_on(f.max + step);
        ASSERT_EQ(above.size(), 1u) << f.path << " above its maximum";
        EXPECT_EQ(above.front().rfind("must be ", 0), 0u) << above.front();
        EXPECT_EQ(errors_on(f.min - step).size(), 1u) << f.path << " below its minimum";
    }
}

TEST(PolicyFields, TheWriterWritesEveryKeyWithItsDefaultAndTheLoaderReadsItBack) {
    const json written = PolicyWriter::to_json(Policy::default_policy());
    for (const PolicyField& f : PolicyFields::all()) {
        if (!f.get)
            continue;
        const auto pointer = json::json_pointer("/" + std::string(f.section()) + "/" + std::string(f.key()));
        ASSERT_TRUE(written.contains(pointer)) << f.path;
        EXPECT_EQ(written.at(pointer), f.default_value()) << f.path;
    }
    const json rule = written.at(json::json_pointer("/retry/classes/server_error"));
    EXPECT_EQ(rule.size(), PolicyFields::section("retry.classes.*").size());
    EXPECT_TRUE(PolicyLoader::from_json(written).ok());
}

struct Words {
    const char* path;
    const char* message;
    const char* expected;
};

class PolicyFieldsWords : public ::testing::TestWithParam<Words> {};

TEST_P(PolicyFieldsWords, AnErrorSpeaksTheFormsWords) {
    const Words& w = GetParam();
    EXPECT_EQ(PolicyFields::in_form_words({w.path, w.message, 0, 0}), w.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, PolicyFieldsWords,
    ::testing::Values(
        Words{"retry.max_delay_ms", "must be at least retry.base_delay_ms (5000), got 1000",
              "Cap: must be at least Base delay (5000), got 1000"},
        Words{"retry.min_delay_ms", "must be at most retry.max_delay_ms (3000), got 4000",
              "Floor: must be at most Cap (3000), got 4000"},
        Words{"circuit_breaker.max_open_ms", "must be at least circuit_breaker.open_ms (10000), got 500",
              "Longest open time: must be at least Open for (10000), got 500"},
        Words{"retry.max_attempts", "must be 1..20, got 0", "Attempts per target: must be 1..20, got 0"},
        Words{"targets[1].name", "duplicates an earlier target's name \"a\"",
              "Target 2 › Name: duplicates an earlier target's name \"a\""},
        Words{"targets[0].api_keys[2].env", "must be an environment variable name (letters, digits, '_')",
              "Target 1 › API keys: must be an environment variable name (letters, digits, '_')"},
        Words{"retry.classes.auth.max_attempts", "must be 0..20, got 30",
              "Per-class rules › auth › Attempts: must be 0..20, got 30"},
        Words{"budget.min_retries_per_s", "must be 0..1000, got -1", "Floor: must be 0..1000, got -1"}));

}  // namespace
}  // namespace stormproof
