#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace stormproof {

// The byte boundary. Bytes from outside (a response header, a body, an SSE stream, a file, stdin, argv)
// become text in one place, and text becomes JSON in one place; neither throws on content. See
// docs/BAD_INPUT.md.

// True when bytes are well-formed UTF-8 (Unicode 15, table 3-7: no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view bytes) noexcept;

// Bytes as UTF-8 text: every ill-formed sequence becomes U+FFFD, one per maximal subpart (Unicode 15, §3.9,
// "U+FFFD Substitution of Maximal Subparts" -- the policy of WHATWG's decoder and of nlohmann's
// error_handler_t::replace, so a string sanitised here serialises to the same JSON as the raw bytes would).
// Valid input comes back unchanged.
std::string text_from_bytes(std::string_view bytes);

// The same for a parser that reads a view: bytes themselves when they are valid (no copy), else a view of the
// sanitised copy, which is kept in storage.
std::string_view text_view(std::string_view bytes, std::string& storage);

// The one JSON writer: nlohmann's dump with ill-formed UTF-8 replaced by U+FFFD instead of thrown
// (type_error.316). indent < 0 is compact; otherwise pretty with that many spaces. Non-ASCII stays UTF-8.
std::string to_json_text(const nlohmann::json& value, int indent = -1);

}  // namespace stormproof
