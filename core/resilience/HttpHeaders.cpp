#include "HttpHeaders.h"

#include <algorithm>
#include <cctype>

#include "Text.h"

namespace stormproof {

bool HttpHeaders::names_equal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

void HttpHeaders::add(std::string_view name, std::string_view value) {
    fields_.emplace_back(text_from_bytes(name), text_from_bytes(value));
}

std::optional<std::string> HttpHeaders::get(std::string_view name) const {
    for (const auto& [field, value] : fields_) {
        if (names_equal(field, name)) {
            const auto first = value.find_first_not_of(" \t");
            if (first == std::string::npos) {
                return std::string();
            }
            const auto last = value.find_last_not_of(" \t");
            return value.substr(first, last - first + 1);
        }
    }
    return std::nullopt;
}

}  // namespace stormproof
