// The byte boundary (docs/BAD_INPUT.md): bytes become text with U+FFFD for what is not UTF-8, and text
// becomes JSON through one writer that cannot throw on content.
#include "resilience/Text.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

#include "resilience/HttpHeaders.h"
#include "resilience/ProviderError.h"
#include "resilience/ServerHintParser.h"

namespace stormproof {
namespace {

using nlohmann::json;

const std::string kFffd = "\xEF\xBF\xBD";

TEST(Text, ValidUtf8PassesThroughUnchanged) {
    for (const std::string& s :
         {std::string(), std::string("plain"), std::string("caf\xC3\xA9"),
          std::string("\xE2\x82\xAC \xF0\x9F\x8C\xA9 \xF4\x8F\xBF\xBF"), std::string("nul\0inside", 10)}) {
        EXPECT_TRUE(is_valid_utf8(s));
        EXPECT_EQ(text_from_bytes(s), s);
    }
}

TEST(Text, EachMaximalSubpartOfIllFormedBytesBecomesOneReplacementCharacter) {
    struct Case {
        std::string bytes, text;
    };
    const Case cases[] = {
        {"req-\xFF\xFE", "req-" + kFffd + kFffd},  // the reporter's x-request-id
        {"caf\xE9", "caf" + kFffd},                // Latin-1
        {"\xE9t\xE9", kFffd + "t" + kFffd},        // Latin-1 between ASCII
        {"\xE2\x82", kFffd},                       // a sequence cut by the end: one
        {"\xE2\x82"
         "A",
         kFffd + "A"},                                        // ... or by ASCII: one, then the ASCII
        {"\xC0\x80", kFffd + kFffd},                          // overlong lead: never a prefix, two
        {"\xE0\x80\x80", kFffd + kFffd + kFffd},              // overlong 3-byte
        {"\xED\xA0\x80", kFffd + kFffd + kFffd},              // a UTF-16 surrogate
        {"\xF4\x90\x80\x80", kFffd + kFffd + kFffd + kFffd},  // above U+10FFFF
        {"\xF0\x9F\x8C", kFffd},                              // a 4-byte sequence cut short
        {"\x80\xBF", kFffd + kFffd},                          // lone continuations
        {"\xF8\x88\x80\x80\x80", kFffd + kFffd + kFffd + kFffd + kFffd},  // 5-byte form
    };
    for (const Case& c : cases) {
        EXPECT_FALSE(is_valid_utf8(c.bytes)) << json(c.text).dump();
        EXPECT_EQ(text_from_bytes(c.bytes), c.text) << json(c.text).dump();
        EXPECT_TRUE(is_valid_utf8(text_from_bytes(c.bytes)));
        std::string storage;
        EXPECT_EQ(text_view(c.bytes, storage), c.text);
    }
}

// The check reads ASCII eight bytes at a time: every ill-formed sequence is still found, and replaced the
// same, wherever it falls against those eight-byte steps (ASCII runs of 0 to 17 bytes before and after it).
TEST(Text, IllFormedBytesAreFoundAtEveryOffsetAfterLongAsciiRuns) {
    const std::string samples[] = {"\xFF",         "\xE9",         "\xE2\x82", "\xC0\x80",
                                   "\xED\xA0\x80", "\xF0\x9F\x8C", "\x80"};
    const std::string valid[] = {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x8C\xA9"};
    for (std::size_t before = 0; before < 18; ++before) {
        for (std::size_t after = 0; after < 18; ++after) {
            const std::string head(before, 'a'), tail(after, 'z');
            for (const std::string& bad : samples) {
                const std::string bytes = head + bad + tail;
                EXPECT_FALSE(is_valid_utf8(bytes)) << before << " + " << json(text_from_bytes(bad)).dump();
                EXPECT_EQ(text_from_bytes(bytes), head + text_from_bytes(bad) + tail);
            }
            for (const std::string& good : valid) {
                const std::string bytes = head + good + tail;
                EXPECT_TRUE(is_valid_utf8(bytes)) << before << " + " << json(good).dump();
                EXPECT_EQ(text_from_bytes(bytes), bytes);
            }
        }
    }
}

// The boundary and the writer replace alike: JSON written from raw bytes equals JSON written from the text
// the boundary made of them, and it always parses back (strictly).
TEST(Text, TheWriterNeverThrowsAndReplacesAsTheBoundaryDoes) {
    std::mt19937 rng(14);
    std::uniform_int_distribution<int> len(0, 24);
    const unsigned char alphabet[] = {'a',  '"',  '\\', '\n', 0x01, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0,
                                      0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x9F, 0xA0, 0x8F, 0x90};
    std::uniform_int_distribution<std::size_t> pick(0, sizeof(alphabet) - 1);
    for (int round = 0; round < 20000; ++round) {
        std::string bytes(static_cast<std::size_t>(len(rng)), ' ');
        for (char& c : bytes)
            c = static_cast<char>(alphabet[pick(rng)]);
        const json raw = {{"v", bytes}, {bytes, 1}};
        const json clean = {{"v", text_from_bytes(bytes)}, {text_from_bytes(bytes), 1}};
        std::string written;
        ASSERT_NO_THROW(written = to_json_text(raw));
        EXPECT_EQ(written, to_json_text(clean)) << json(text_from_bytes(bytes)).dump();
        EXPECT_EQ(written, clean.dump()) << "valid text needs no replacing";
        EXPECT_TRUE(json::accept(written)) << written;
        EXPECT_EQ(is_valid_utf8(bytes), text_from_bytes(bytes) == bytes);
    }
}

TEST(Text, TheWriterIndentsAndKeepsNonAsciiAsUtf8) {
    EXPECT_EQ(to_json_text(json{{"a", "caf\xC3\xA9"}}), "{\"a\":\"caf\xC3\xA9\"}");
    EXPECT_EQ(to_json_text(json{{"a", 1}}, 2), "{\n  \"a\": 1\n}");
}

// Headers become text where they are stored: the request id and every hint reading are valid UTF-8.
TEST(Text, InvalidUtf8HeaderValuesBecomeReplacementCharacters) {
    HttpHeaders h;
    h.add("x-request-id", "req-\xFF\xFE");
    h.add("retry-after", "\xE9\xE9");
    EXPECT_EQ(h.get("x-request-id"), "req-" + kFffd + kFffd);
    const ServerHints hints = ServerHintParser::parse(h, 0, true);
    ASSERT_FALSE(hints.readings.empty());
    for (const HintReading& r : hints.readings)
        EXPECT_TRUE(is_valid_utf8(r.raw)) << r.header;
    EXPECT_FALSE(hints.delay_ms);
    const HttpHeaders listed{{"request-id", "\xC3"}};
    EXPECT_EQ(listed.get("request-id"), kFffd);
}

// An error body with Latin-1 in its message is read (with U+FFFD), not dropped as "not JSON".
TEST(Text, ProviderErrorBodiesWithInvalidUtf8AreReadWithReplacementCharacters) {
    const ProviderError e =
        ProviderError::parse("{\"error\": {\"message\": \"quota \xE9puis\xE9\", \"type\": \"x\"}}");
    EXPECT_EQ(e.message, "quota " + kFffd + "puis" + kFffd);
    EXPECT_EQ(e.type, "x");
}

}  // namespace
}  // namespace stormproof
