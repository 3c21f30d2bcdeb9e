#pragma once

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ConfigError.h"

namespace stormproof {

// Walks a JSON document, reading known keys into a model and collecting every problem with its JSON path.
// Shared by the policy and scenario loaders so both speak the same error language:
//   "retry.max_attempts: must be 1..20, got 0".
class JsonReader {
public:
    std::vector<ConfigError> errors;

    static std::string join_path(const std::string& path, std::string_view key);
    // A value for an error message. Strings are described by type only: a key pasted into the wrong field
    // must not end up in a log.
    static std::string describe(const nlohmann::json& value);

    void error(const std::string& path, std::string message) {
        errors.push_back({path, std::move(message), 0, 0});
    }

    // Checks that value is an object whose keys are all in allowed; reports unknown keys.
    bool expect_object(const nlohmann::json& value, const std::string& path,
                       std::initializer_list<std::string_view> allowed);
    bool expect_object(const nlohmann::json& value, const std::string& path,
                       const std::vector<std::string_view>& allowed);
    static const nlohmann::json* find(const nlohmann::json& object, std::string_view key);

    // Fields of JSON from the network (provider replies, client requests to the simulator), read without
    // trusting their types: a missing or wrongly typed field reads as the fallback. nlohmann's value() throws
    // on a wrong type, which fuzz_provider_bodies turned into a crash with {"type": 5}.
    static std::string string_or(const nlohmann::json& object, std::string_view key,
                                 std::string fallback = {});
    static std::int64_t integer_or(const nlohmann::json& object, std::string_view key, std::int64_t fallback);
    static bool boolean_or(const nlohmann::json& object, std::string_view key, bool fallback);

    void boolean(const nlohmann::json& object, const std::string& path, std::string_view key, bool& out);
    void number(const nlohmann::json& object, const std::string& path, std::string_view key, double& out,
                double lo, double hi);
    bool string(const nlohmann::json& object, const std::string& path, std::string_view key,
                std::string& out);

    template <typename Int>
    void integer(const nlohmann::json& object, const std::string& path, std::string_view key, Int& out,
                 std::int64_t lo, std::int64_t hi) {
        if (const auto v = integer_value(object, path, key, lo, hi))
            out = static_cast<Int>(*v);
    }

    template <typename E, typename Parse>
    void enumeration(const nlohmann::json& object, const std::string& path, std::string_view key, E& out,
                     Parse parse_value, std::string_view choices) {
        const nlohmann::json* v = find(object, key);
        if (!v)
            return;
        const std::string p = join_path(path, key);
        if (!v->is_string()) {
            error(p, "must be one of " + std::string(choices) + ", got " + describe(*v));
            return;
        }
        const auto parsed = parse_value(v->get<std::string>());
        if (!parsed) {
            error(p, "must be one of " + std::string(choices) + ", got \"" + v->get<std::string>() + "\"");
            return;
        }
        out = *parsed;
    }

    // A file's "version": absent or at most current is fine; a newer one is an error (a file from a newer
    // Stormproof is refused rather than half-understood).
    void version(const nlohmann::json& document, int current);

    // Reads a whole file; on failure returns false with an error naming the file.
    static bool read_file(const std::string& path, std::string& text, std::vector<ConfigError>& errors);

    // Parses text, reporting a syntax error with line and column (1-based) instead of throwing.
    static std::optional<nlohmann::json> parse(std::string_view text, std::vector<ConfigError>& errors);

private:
    std::optional<std::int64_t> integer_value(const nlohmann::json& object, const std::string& path,
                                              std::string_view key, std::int64_t lo, std::int64_t hi);
};

}  // namespace stormproof
