// The protocol layer (hiredis's reader and formatter behind RedisReplyReader): replies as values, bytes fed
// in any cut, and the bounds that keep a hostile or broken Redis from growing memory or crashing the process.
#include <gtest/gtest.h>

#include <string>

#include "shared/RedisProtocol.h"

using namespace stormproof;
using Type = RedisReply::Type;

namespace {

struct ReplyCase {
    const char* name;
    std::string bytes;
    Type type;
    std::string str;
    std::int64_t integer;
    std::size_t elements;
};

class ReplyTable : public ::testing::TestWithParam<ReplyCase> {};

TEST_P(ReplyTable, EachReplyTypeBecomesAValueWhateverTheCutOfItsBytes) {
    const ReplyCase& c = GetParam();
    // Whole, then one byte at a time: a reply split anywhere by TCP is the same reply.
    for (const bool bytewise : {false, true}) {
        RedisReplyReader reader;
        std::optional<RedisReply> got;
        if (bytewise) {
            for (std::size_t i = 0; i < c.bytes.size(); ++i) {
                ASSERT_TRUE(reader.feed(c.bytes.substr(i, 1)));
                auto next = reader.next();
                ASSERT_TRUE(next) << next.error().to_string();
                if (next.value()) {
                    EXPECT_EQ(i + 1, c.bytes.size()) << "a reply complete before its last byte";
                    got = std::move(next.value());
                }
            }
        } else {
            ASSERT_TRUE(reader.feed(c.bytes));
            auto next = reader.next();
            ASSERT_TRUE(next) << next.error().to_string();
            got = std::move(next.value());
        }
        ASSERT_TRUE(got.has_value()) << c.name;
        EXPECT_EQ(got->type, c.type) << c.name;
        EXPECT_EQ(got->str, c.str) << c.name;
        EXPECT_EQ(got->integer, c.integer) << c.name;
        EXPECT_EQ(got->elements.size(), c.elements) << c.name;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Replies, ReplyTable,
    ::testing::Values(ReplyCase{"status", "+OK\r\n", Type::Simple, "OK", 0, 0},
                      ReplyCase{"error", "-ERR unknown command\r\n", Type::ErrorReply, "ERR unknown command",
                                0, 0},
                      ReplyCase{"integer", ":1712345678901\r\n", Type::Integer, "", 1712345678901, 0},
                      ReplyCase{"negative", ":-2\r\n", Type::Integer, "", -2, 0},
                      ReplyCase{"bulk", "$5\r\nhello\r\n", Type::String, "hello", 0, 0},
                      ReplyCase{"binary bulk", std::string("$3\r\na\0\n\r\n", 9), Type::String,
                                std::string("a\0\n", 3), 0, 0},
                      ReplyCase{"nil bulk", "$-1\r\n", Type::Nil, "", 0, 0},
                      ReplyCase{"nil array", "*-1\r\n", Type::Nil, "", 0, 0},
                      ReplyCase{"empty array", "*0\r\n", Type::Array, "", 0, 0},
                      ReplyCase{"mget", "*3\r\n$2\r\nab\r\n$-1\r\n:7\r\n", Type::Array, "", 0, 3}),
    [](const auto& param_info) {
        std::string n = param_info.param.name;
        for (char& ch : n)
            ch = std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
        return n;
    });

TEST(RedisProtocol, NestedArraysKeepTheirElementsInOrder) {
    RedisReplyReader reader;
    // A pub/sub message: ["message", channel, payload], after another reply in the same read.
    ASSERT_TRUE(reader.feed(
        "+OK\r\n*3\r\n$7\r\nmessage\r\n$3\r\nch1\r\n$4\r\ntrip\r\n*2\r\n*1\r\n:1\r\n$1\r\nx\r\n"));
    auto first = reader.next();
    ASSERT_TRUE(first && first.value());
    EXPECT_EQ(first.value()->str, "OK");
    auto message = reader.next();
    ASSERT_TRUE(message && message.value());
    ASSERT_EQ(message.value()->elements.size(), 3u);
    EXPECT_EQ(message.value()->elements[0].str, "message");
    EXPECT_EQ(message.value()->elements[1].str, "ch1");
    EXPECT_EQ(message.value()->elements[2].str, "trip");
    auto nested = reader.next();
    ASSERT_TRUE(nested && nested.value());
    ASSERT_EQ(nested.value()->elements.size(), 2u);
    ASSERT_EQ(nested.value()->elements[0].elements.size(), 1u);
    EXPECT_EQ(nested.value()->elements[0].elements[0].integer, 1);
    EXPECT_EQ(nested.value()->elements[1].str, "x");
    auto none = reader.next();
    ASSERT_TRUE(none);
    EXPECT_FALSE(none.value().has_value());
}

struct BadCase {
    const char* name;
    std::string bytes;
    const char* says;  // a word of the error
};

class BadBytes : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadBytes, BreakTheReaderWithAnErrorNeverACrashOrAHugeAllocation) {
    const BadCase& c = GetParam();
    RedisReplyReader reader;
    Status fed = reader.feed(c.bytes);
    std::string error;
    if (!fed) {
        error = fed.error().to_string();
    } else {
        auto next = reader.next();
        ASSERT_FALSE(next) << c.name << ": accepted";
        error = next.error().to_string();
    }
    EXPECT_NE(error.find(c.says), std::string::npos) << c.name << ": " << error;
    // Broken for good: a later feed is refused too.
    EXPECT_FALSE(reader.feed("+OK\r\n")) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Hostile, BadBytes,
    ::testing::Values(BadCase{"unknown type byte", "?what\r\n", "Protocol error"},
                      // 2^31-1 elements: hiredis would calloc 16 GB; the bound refuses it first.
                      BadCase{"array count beyond the bound", "*2147483647\r\n", "bounds"},
                      BadCase{"array count just past the bound", "*65537\r\n", "bounds"},
                      BadCase{"deeper than hiredis nests",
                              "*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n", "depth"},
                      BadCase{"a reply longer than the buffer bound",
                              "$2000000\r\n" + std::string(RedisReplyReader::kMaxBufferedBytes, 'x'),
                              "unfinished reply"}),
    [](const auto& param_info) {
        std::string n = param_info.param.name;
        for (char& ch : n)
            ch = std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
        return n;
    });

TEST(RedisProtocol, StringsAcrossOneReplyAreBoundedToo) {
    // Many strings, each small, adding up past kMaxReplyBytes inside one array: refused.
    RedisReplyReader reader;
    const std::string item = "$1000\r\n" + std::string(1000, 'y') + "\r\n";
    std::string bytes = "*2000\r\n";
    bool refused = false;
    ASSERT_TRUE(reader.feed(bytes));
    for (int i = 0; i < 2000 && !refused; ++i) {
        if (!reader.feed(item)) {
            refused = true;
            break;
        }
        auto next = reader.next();
        if (!next) {
            refused = true;
            EXPECT_NE(next.error().message.find("bounds"), std::string::npos) << next.error().message;
        }
    }
    EXPECT_TRUE(refused) << "2 MB of strings in one reply were accepted";
}

TEST(RedisProtocol, CommandsAreFormattedAsBinarySafeBulkStrings) {
    EXPECT_EQ(format_redis_command({"GET", "k"}), "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
    EXPECT_EQ(format_redis_command({"SET", "a b", std::string("\r\n\0", 3)}),
              std::string("*3\r\n$3\r\nSET\r\n$3\r\na b\r\n$3\r\n\r\n\0\r\n", 31));
}

}  // namespace
