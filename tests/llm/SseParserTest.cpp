#include "llm/SseParser.h"

#include <gtest/gtest.h>

namespace stormproof {
namespace {

std::vector<SseEvent> parse_all(std::string_view input) {
    SseParser p;
    p.feed(input);
    return p.take_events();
}

TEST(SseParser, BasicEventsWithTypesIdsAndComments) {
    const auto events = parse_all(
        ": keep-alive comment\n"
        "event: message_start\n"
        "id: 7\n"
        "data: {\"a\":1}\n"
        "\n"
        "data: second\n"
        "\n");
    ASSERT_EQ(events.size(), 2U);
    EXPECT_EQ(events[0].type, "message_start");
    EXPECT_EQ(events[0].id, "7");
    EXPECT_EQ(events[0].data, "{\"a\":1}");
    EXPECT_EQ(events[1].type, "message");
    EXPECT_EQ(events[1].id, "7") << "the last event id persists";
}

TEST(SseParser, MultiLineDataJoinsWithNewlines) {
    const auto events = parse_all("data: line one\ndata:line two\ndata\n\n");
    ASSERT_EQ(events.size(), 1U);
    EXPECT_EQ(events[0].data, "line one\nline two\n");
}

TEST(SseParser, AllThreeLineEndings) {
    for (const char* input : {"data: x\n\ndata: y\n\n", "data: x\r\n\r\ndata: y\r\n\r\n",
                              "data: x\r\rdata: y\r\r", "data: x\r\n\ndata: y\n\r\n"}) {
        const auto events = parse_all(input);
        ASSERT_EQ(events.size(), 2U) << input;
        EXPECT_EQ(events[0].data, "x");
        EXPECT_EQ(events[1].data, "y");
    }
}

TEST(SseParser, SplitAtEveryByteGivesTheSameEvents) {
    const std::string input =
        "\xEF\xBB\xBF"
        "event: content_block_delta\r\n"
        "data: {\"type\":\"content_block_delta\",\"delta\":{\"text\":\"h\xC3\xA9llo\"}}\r\n\r\n"
        ": ping\r\n"
        "data: [DONE]\r\n\r\n";
    const auto whole = parse_all(input);
    ASSERT_EQ(whole.size(), 2U);
    EXPECT_EQ(whole[0].type, "content_block_delta") << "the BOM is not part of the first field name";
    for (std::size_t cut = 0; cut <= input.size(); ++cut) {
        SseParser p;
        p.feed(std::string_view(input).substr(0, cut));
        p.feed(std::string_view(input).substr(cut));
        const auto events = p.take_events();
        ASSERT_EQ(events.size(), 2U) << "cut at " << cut;
        EXPECT_EQ(events[0].data, whole[0].data) << "cut at " << cut;
        EXPECT_EQ(events[1].data, "[DONE]") << "cut at " << cut;
    }
    SseParser bytewise;
    for (char c : input)
        bytewise.feed(std::string_view(&c, 1));
    EXPECT_EQ(bytewise.take_events().size(), 2U);
}

TEST(SseParser, IncompleteTrailingEventIsNotDispatched) {
    SseParser p;
    p.feed("data: complete\n\ndata: cut in the mi");
    EXPECT_EQ(p.take_events().size(), 1U);
    EXPECT_TRUE(p.mid_event());
}

TEST(SseParser, EventWithoutDataIsNotDispatchedAndRetryIsRead) {
    const auto events = parse_all("event: ping\n\nretry: 1500\ndata: x\n\nretry: soon\ndata: y\n\n");
    ASSERT_EQ(events.size(), 2U);
    EXPECT_EQ(events[0].retry_ms, 1500);
    EXPECT_EQ(events[0].type, "message") << "the event type resets after each dispatch";
}

TEST(SseParser, UnknownFieldsAndSpacesFollowTheSpec) {
    const auto events = parse_all("foo: bar\ndata:  two spaces\n\n");
    ASSERT_EQ(events.size(), 1U);
    EXPECT_EQ(events[0].data, " two spaces") << "only one leading space is removed";
}

TEST(SseParser, AHugeLineOverflowsInsteadOfGrowingForever) {
    SseParser p;
    const std::string chunk(1 << 20, 'a');
    p.feed("data: ");
    for (int i = 0; i < 9; ++i)
        p.feed(chunk);
    EXPECT_TRUE(p.overflowed());
    EXPECT_TRUE(p.take_events().empty());
}

}  // namespace
}  // namespace stormproof
