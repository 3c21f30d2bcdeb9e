#include "JsonReader.h"

#include <cmath>
#include <cstdint>

#include <QFile>
#include <algorithm>
#include <sstream>
#include "resilience/Text.h"

namespace stormproof {

using nlohmann::json;

namespace {
std::string trim_number(double d) {
    std::ostringstream s;
    s << d;
    return s.str();
}
std::string range(std::int64_t lo, std::int64_t hi) {
    return std::to_string(lo) + ".." + std::to_string(hi);
}
}  // namespace

std::string JsonReader::join_path(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string JsonReader::describe(const json& value) {
    switch (value.type()) {
        case json::value_t::null:
            return "null";
        case json::value_t::boolean:
            return value.get<bool>() ? "true" : "false";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
        case json::value_t::number_float:
            return to_json_text(value);
        case json::value_t::string:
            return "a string";
        case json::value_t::array:
            return "an array";
        case json::value_t::object:
            return "an object";
        default:
            return value.type_name();
    }
}

bool JsonReader::expect_object(const json& value, const std::string& path,
                               std::initializer_list<std::string_view> allowed) {
    return expect_object(value, path, std::vector<std::string_view>(allowed));
}

bool JsonReader::expect_object(const json& value, const std::string& path,
                               const std::vector<std::string_view>& allowed) {
    if (!value.is_object()) {
        error(path.empty() ? "(top level)" : path, "must be an object, got " + describe(value));
        return false;
    }
    for (const auto& [key, unused] : value.items()) {
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            std::string list;
            for (auto a : allowed)
                list += (list.empty() ? "" : ", ") + std::string(a);
            error(join_path(path, key), "unknown key (allowed here: " + list + ")");
        }
    }
    return true;
}

const json* JsonReader::find(const json& object, std::string_view key) {
    if (!object.is_object())
        return nullptr;
    const auto it = object.find(std::string(key));
    return it == object.end() ? nullptr : &*it;
}

void JsonReader::boolean(const json& object, const std::string& path, std::string_view key, bool& out) {
    const json* v = find(object, key);
    if (!v)
        return;
    if (!v->is_boolean()) {
        error(join_path(path, key), "must be true or false, got " + describe(*v));
        return;
    }
    out = v->get<bool>();
}

std::optional<std::int64_t> JsonReader::integer_value(const json& object, const std::string& path,
                                                      std::string_view key, std::int64_t lo,
                                                      std::int64_t hi) {
    const json* v = find(object, key);
    if (!v)
        return std::nullopt;
    const std::string p = join_path(path, key);
    const bool integral_float = v->is_number_float() && std::isfinite(v->get<double>()) &&
                                v->get<double>() == std::floor(v->get<double>());
    if (!v->is_number_integer() && !integral_float) {
        error(p, "must be an integer " + range(lo, hi) + ", got " + describe(*v));
        return std::nullopt;
    }
    const double d = v->get<double>();
    if (d < static_cast<double>(lo) || d > static_cast<double>(hi)) {
        error(p, "must be " + range(lo, hi) + ", got " + describe(*v));
        return std::nullopt;
    }
    return v->is_number_integer() ? v->get<std::int64_t>() : static_cast<std::int64_t>(d);
}

void JsonReader::number(const json& object, const std::string& path, std::string_view key, double& out,
                        double lo, double hi) {
    const json* v = find(object, key);
    if (!v)
        return;
    const std::string p = join_path(path, key);
    const std::string r = trim_number(lo) + ".." + trim_number(hi);
    if (!v->is_number()) {
        error(p, "must be a number " + r + ", got " + describe(*v));
        return;
    }
    const double d = v->get<double>();
    if (!(d >= lo && d <= hi)) {
        error(p, "must be " + r + ", got " + describe(*v));
        return;
    }
    out = d;
}

bool JsonReader::string(const json& object, const std::string& path, std::string_view key, std::string& out) {
    const json* v = find(object, key);
    if (!v)
        return false;
    if (!v->is_string()) {
        error(join_path(path, key), "must be a string, got " + describe(*v));
        return false;
    }
    out = v->get<std::string>();
    return true;
}

bool JsonReader::read_file(const std::string& path, std::string& text, std::vector<ConfigError>& errors) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) {
        errors.push_back({"", "cannot open " + path + " for reading", 0, 0});
        return false;
    }
    const QByteArray bytes = file.readAll();
    text = text_from_bytes(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    return true;
}

std::string JsonReader::string_or(const json& object, std::string_view key, std::string fallback) {
    const json* v = object.is_object() ? find(object, key) : nullptr;
    return v && v->is_string() ? v->get<std::string>() : fallback;
}

std::int64_t JsonReader::integer_or(const json& object, std::string_view key, std::int64_t fallback) {
    const json* v = object.is_object() ? find(object, key) : nullptr;
    if (!v)
        return fallback;
    if (v->is_number_integer())
        return v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)
                   ? fallback
                   : v->get<std::int64_t>();
    if (v->is_number_float()) {
        const double d = v->get<double>();
        // Only whole numbers in range: 1e300 or NaN as a token count is garbage, not a number to convert.
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15)
            return static_cast<std::int64_t>(d);
    }
    return fallback;
}

bool JsonReader::boolean_or(const json& object, std::string_view key, bool fallback) {
    const json* v = object.is_object() ? find(object, key) : nullptr;
    return v && v->is_boolean() ? v->get<bool>() : fallback;
}

void JsonReader::version(const json& document, int current) {
    int version = current;
    integer(document, "", "version", version, 1, 1'000'000);
    if (version > current) {
        error("version", "this file is version " + std::to_string(version) +
                             ", newer than this Stormproof reads (" + std::to_string(current) + ")");
    }
}

std::optional<json> JsonReader::parse(std::string_view text, std::vector<ConfigError>& errors) {
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        int line = 1;
        int column = 1;
        const std::size_t byte = e.byte > 0 ? e.byte - 1 : 0;
        for (std::size_t i = 0; i < std::min(byte, text.size()); ++i) {
            if (text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        std::string what = e.what();
        // nlohmann prefixes "[json.exception.parse_error.101] parse error at line 1, column 2: "; keep the
        // reason.
        const auto colon = what.find(": ");
        if (colon != std::string::npos)
            what = what.substr(colon + 2);
        errors.push_back({"", "syntax error: " + text_from_bytes(what), line, column});  // quotes the input
        return std::nullopt;
    } catch (const json::exception& e) {
        // Not a syntax error but still unreadable, e.g. a number too large for a double (406, found by
        // fuzz_policy: "1E865271182"); it carries no position.
        std::string what = e.what();
        const auto bracket = what.find("] ");
        if (bracket != std::string::npos)
            what = what.substr(bracket + 2);
        errors.push_back({"", "unreadable JSON: " + text_from_bytes(what), 0, 0});
        return std::nullopt;
    }
}

}  // namespace stormproof
