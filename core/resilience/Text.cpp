#include "Text.h"

#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>

namespace stormproof {

namespace {

// The length of the well-formed sequence starting at bytes[i], or the length of its maximal subpart (the
// longest prefix of a well-formed sequence, at least 1) negated: -1 for a byte that cannot start one.
int sequence_at(std::string_view bytes, std::size_t i) noexcept {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80)
        return 1;
    int need = 0;                        // continuation bytes after the lead
    unsigned char lo = 0x80, hi = 0xBF;  // the range of the first continuation byte
    if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        if (b == 0xE0)
            lo = 0xA0;  // no overlongs
        else if (b == 0xED)
            hi = 0x9F;  // no surrogates
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        if (b == 0xF0)
            lo = 0x90;  // no overlongs
        else if (b == 0xF4)
            hi = 0x8F;  // nothing above U+10FFFF
    } else {
        return -1;  // 80..C1 (a continuation or an overlong lead), F5..FF
    }
    for (int k = 1; k <= need; ++k) {
        if (i + static_cast<std::size_t>(k) >= bytes.size())
            return -k;  // cut short by the end of the input
        const auto c = static_cast<unsigned char>(bytes[i + static_cast<std::size_t>(k)]);
        const unsigned char l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
        if (c < l || c > h)
            return -k;
    }
    return need + 1;
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

bool is_valid_utf8(std::string_view bytes) noexcept {
    std::size_t i = 0;
    while (i < bytes.size()) {
        // ASCII, the bulk of JSON bodies and headers, eight bytes at a time (a reply body was checked a byte
        // at a time, twice, on every request: ~6,000 instructions of a 600-byte body).
        while (i + sizeof(std::uint64_t) <= bytes.size()) {
            std::uint64_t word = 0;
            std::memcpy(&word, bytes.data() + i, sizeof word);
            if ((word & 0x8080808080808080ULL) != 0)
                break;
            i += sizeof word;
        }
        if (i >= bytes.size())
            break;
        const int n = sequence_at(bytes, i);
        if (n < 0)
            return false;
        i += static_cast<std::size_t>(n);
    }
    return true;
}

std::string text_from_bytes(std::string_view bytes) {
    if (is_valid_utf8(bytes))
        return std::string(bytes);
    std::string out;
    out.reserve(bytes.size() + 16);
    std::size_t i = 0;
    while (i < bytes.size()) {
        const int n = sequence_at(bytes, i);
        if (n > 0) {
            out.append(bytes.substr(i, static_cast<std::size_t>(n)));
            i += static_cast<std::size_t>(n);
        } else {
            out.append(kReplacement);
            i += static_cast<std::size_t>(-n);
        }
    }
    return out;
}

std::string_view text_view(std::string_view bytes, std::string& storage) {
    if (is_valid_utf8(bytes))
        return bytes;
    storage = text_from_bytes(bytes);
    return storage;
}

std::string to_json_text(const nlohmann::json& value, int indent) {
    return value.dump(indent, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
}

}  // namespace stormproof
