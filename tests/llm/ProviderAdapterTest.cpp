#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "llm/AnthropicAdapter.h"
#include "llm/OpenAiAdapter.h"
#include "llm/SseParser.h"

namespace stormproof {
namespace {

using nlohmann::json;

std::string header(const HttpRequestSpec& spec, const std::string& name) {
    for (const auto& [k, v] : spec.headers) {
        if (k == name)
            return v;
    }
    return "<absent>";
}

ChatRequest sample() {
    ChatRequest r;
    r.system = "Be brief.";
    r.messages = {{"user", "Hi"}, {"assistant", "Hello!"}, {"user", "Why retry?"}};
    r.temperature = 0.3;
    r.top_p = 0.9;
    r.max_tokens = 200;
    r.stop = {"END"};
    return r;
}

TEST(OpenAiAdapter, BuildsAChatCompletionsRequest) {
    const RequestIdentity id{"0af7651916cd43dd8448eb211c80319c", "stormproof-key-1"};
    BuildContext c;
    c.base_url = "https://api.openai.com/v1/";
    c.model = "gpt-4o-mini";
    c.api_key = "sk-test";
    c.identity = &id;
    c.attempt_id = 2;
    const auto spec = OpenAiAdapter().build(sample(), c);
    EXPECT_EQ(spec.url, "https://api.openai.com/v1/chat/completions");
    EXPECT_EQ(header(spec, "Authorization"), "Bearer sk-test");
    EXPECT_EQ(header(spec, "Idempotency-Key"), "stormproof-key-1");
    EXPECT_EQ(header(spec, "traceparent").substr(0, 36), "00-0af7651916cd43dd8448eb211c80319c-");
    const json body = json::parse(spec.body);
    EXPECT_EQ(body["model"], "gpt-4o-mini");
    EXPECT_EQ(body["messages"][0], (json{{"role", "system"}, {"content", "Be brief."}}));
    EXPECT_EQ(body["messages"].size(), 4U);
    EXPECT_EQ(body["temperature"], 0.3);
    EXPECT_EQ(body["top_p"], 0.9);
    EXPECT_EQ(body["max_tokens"], 200);
    EXPECT_EQ(body["stop"], json::array({"END"}));
    EXPECT_EQ(body["stream"], true);
    EXPECT_EQ(body["stream_options"]["include_usage"], true);
}

TEST(OpenAiAdapter, BodyEscapesAnyTextExactly) {
    ChatRequest r;
    const std::string tricky =
        "quote \" backslash \\ newline \n tab \t bell \x07 nul-free \x1f unicode \xC3\xA9\xF0\x9F\x8C\xA9 "
        "</script>";
    r.system = tricky;
    r.messages = {{"user", tricky}};
    r.stop = {"\n\n", tricky};
    r.temperature = 0.1;
    BuildContext c;
    c.base_url = "http://127.0.0.1:1/v1";
    c.model = "m\"odel";
    c.api_key = "x";
    const json body = json::parse(OpenAiAdapter().build(r, c).body);
    EXPECT_EQ(body["model"], "m\"odel");
    EXPECT_EQ(body["messages"][0]["content"], tricky);
    EXPECT_EQ(body["messages"][1]["content"], tricky);
    EXPECT_EQ(body["stop"][1], tricky);
    EXPECT_EQ(body["temperature"], 0.1);
    EXPECT_EQ(body["stream"], true);
}

TEST(OpenAiAdapter, IdempotencyKeyCanBeTurnedOffAndContinueAddsThePartialText) {
    const RequestIdentity id{"0af7651916cd43dd8448eb211c80319c", "k"};
    BuildContext c;
    c.base_url = "http://127.0.0.1:1/v1";
    c.model = "m";
    c.api_key = "x";
    c.identity = &id;
    c.send_idempotency_key = false;
    c.resume = StreamResume::Continue;
    c.partial_text = "The answer is";
    const auto spec = OpenAiAdapter().build(sample(), c);
    EXPECT_EQ(header(spec, "Idempotency-Key"), "<absent>");
    const json body = json::parse(spec.body);
    const auto& msgs = body["messages"];
    EXPECT_EQ(msgs[msgs.size() - 2], (json{{"role", "assistant"}, {"content", "The answer is"}}));
    EXPECT_EQ(msgs.back()["role"], "user");
}

TEST(OpenAiAdapter, StreamIsCompleteOnlyWithFinishReasonAndDone) {
    OpenAiAdapter adapter;
    auto d = adapter.make_decoder();
    d->on_event({"message", R"({"choices":[{"delta":{"role":"assistant","content":""}}]})", "", {}});
    d->on_event({"message", R"({"choices":[{"delta":{"content":"Hel"}}]})", "", {}});
    d->on_event({"message", R"({"choices":[{"delta":{"content":"lo"}}]})", "", {}});
    EXPECT_EQ(d->take_text(), "Hello");
    EXPECT_FALSE(d->complete());
    d->on_event({"message", R"({"choices":[{"delta":{},"finish_reason":"stop"}]})", "", {}});
    d->on_event({"message", R"({"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2}})", "", {}});
    EXPECT_FALSE(d->complete()) << "no [DONE] yet";
    d->on_event({"message", "[DONE]", "", {}});
    EXPECT_TRUE(d->complete());
    EXPECT_EQ(d->usage().input_tokens, 3);
    EXPECT_EQ(d->usage().output_tokens, 2);
    EXPECT_EQ(d->finish_reason(), "stop");
}

TEST(OpenAiAdapter, DoneWithoutFinishReasonIsNotComplete) {
    auto d = OpenAiAdapter().make_decoder();
    d->on_event({"message", R"({"choices":[{"delta":{"content":"Hel"}}]})", "", {}});
    d->on_event({"message", "[DONE]", "", {}});
    EXPECT_FALSE(d->complete());
}

TEST(OpenAiAdapter, ErrorEventsAndGarbage) {
    auto d = OpenAiAdapter().make_decoder();
    d->on_event({"message", R"({"error":{"message":"overloaded","type":"server_error"}})", "", {}});
    ASSERT_TRUE(d->stream_error().has_value());
    EXPECT_EQ(d->stream_error()->type, "server_error");
    auto g = OpenAiAdapter().make_decoder();
    g->on_event({"message", "{not json", "", {}});
    EXPECT_TRUE(g->malformed());
}

TEST(OpenAiAdapter, ParsesBodiesAndModels) {
    OpenAiAdapter a;
    std::string text, finish;
    Usage usage;
    EXPECT_TRUE(a.parse_body(
        R"({"choices":[{"message":{"content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1}})",
        text, usage, finish));
    EXPECT_EQ(text, "Hi");
    EXPECT_FALSE(a.parse_body(R"({"choices":[{"message":{"content":"Hi"}}]})", text, usage, finish))
        << "no finish reason";
    EXPECT_FALSE(a.parse_body("", text, usage, finish));
    EXPECT_FALSE(a.parse_body(R"({"id": "x", "choices": [)", text, usage, finish));
    EXPECT_EQ(a.parse_models(R"({"object":"list","data":[{"id":"a"},{"id":"b"},{"nope":1}]})"),
              (std::vector<std::string>{"a", "b"}));
}

TEST(AnthropicAdapter, BuildsAMessagesRequest) {
    const RequestIdentity id{"0af7651916cd43dd8448eb211c80319c", "k1"};
    BuildContext c;
    c.base_url = "https://api.anthropic.com";
    c.model = "claude-3-5-haiku-latest";
    c.api_key = "sk-ant-x";
    c.identity = &id;
    const auto spec = AnthropicAdapter().build(sample(), c);
    EXPECT_EQ(spec.url, "https://api.anthropic.com/v1/messages");
    EXPECT_EQ(header(spec, "x-api-key"), "sk-ant-x");
    EXPECT_EQ(header(spec, "anthropic-version"), "2023-06-01");
    EXPECT_EQ(header(spec, "Authorization"), "<absent>");
    const json body = json::parse(spec.body);
    EXPECT_EQ(body["system"], "Be brief.");
    EXPECT_EQ(body["messages"].size(), 3U) << "the system prompt is not a message";
    EXPECT_EQ(body["max_tokens"], 200);
    EXPECT_EQ(body["stop_sequences"], json::array({"END"}));
    c.base_url = "http://127.0.0.1:9/v1";
    EXPECT_EQ(AnthropicAdapter().build(sample(), c).url, "http://127.0.0.1:9/v1/messages")
        << "a /v1 base is accepted";
}

TEST(AnthropicAdapter, StreamNeedsMessageStopAndStopReason) {
    auto d = AnthropicAdapter().make_decoder();
    d->on_event(
        {"message_start", R"({"type":"message_start","message":{"usage":{"input_tokens":9}}})", "", {}});
    d->on_event({"ping", R"({"type":"ping"})", "", {}});
    d->on_event({"content_block_delta",
                 R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}})",
                 "",
                 {}});
    d->on_event({"content_block_stop", R"({"type":"content_block_stop","index":0})", "", {}});
    EXPECT_EQ(d->take_text(), "Hi");
    EXPECT_FALSE(d->complete());
    d->on_event({"message_delta",
                 R"({"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":1}})",
                 "",
                 {}});
    EXPECT_FALSE(d->complete());
    d->on_event({"message_stop", R"({"type":"message_stop"})", "", {}});
    EXPECT_TRUE(d->complete());
    EXPECT_EQ(d->usage().input_tokens, 9);
    EXPECT_EQ(d->usage().output_tokens, 1);
}

TEST(AnthropicAdapter, ErrorEventIsAStreamError) {
    auto d = AnthropicAdapter().make_decoder();
    d->on_event(
        {"error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})", "", {}});
    ASSERT_TRUE(d->stream_error());
    EXPECT_EQ(d->stream_error()->type, "overloaded_error");
}

}  // namespace
}  // namespace stormproof

namespace stormproof {
namespace {

// Found by fuzz_provider_bodies: a field of the wrong type ({"type": 5}) made nlohmann's value() throw out of
// the stream decoder -- a crash of the whole app on one odd event from a provider or a proxy.
TEST(AnthropicAdapter, WronglyTypedFieldsAreIgnoredNotFatal) {
    AnthropicAdapter adapter;
    auto decoder = adapter.make_decoder();
    for (const char* data : {R"({"type": 5})", R"({"type": "content_block_delta", "delta": {"type": []}})",
                             R"({"type": "message_start", "message": {"usage": {"input_tokens": "many"}}})",
                             R"({"type": "message_delta", "usage": {"output_tokens": -3}})",
                             R"({"type": "message_delta", "usage": {"output_tokens": 1e300}})"}) {
        SseEvent e;
        e.data = data;
        EXPECT_NO_THROW(decoder->on_event(e)) << data;
    }
    EXPECT_EQ(decoder->usage().input_tokens, 0);
    EXPECT_EQ(decoder->usage().output_tokens, 0);
    std::string text, finish;
    Usage usage;
    EXPECT_NO_THROW(adapter.parse_body(R"({"type": 1, "content": []})", text, usage, finish));
    EXPECT_FALSE(
        adapter.parse_body(
            R"({"type": "message", "content": [{"type": {}}], "stop_reason": "end_turn", "usage": {"input_tokens": "x"}})",
            text, usage, finish) &&
        usage.input_tokens != 0);
}

}  // namespace
}  // namespace stormproof

namespace stormproof {
namespace {

// Issue 14: a Latin-1 prompt (from stdin) made the Anthropic body throw (type_error.316) while the OpenAI
// body, written by a hand-made writer, went out as invalid JSON. Both go through the one writer now: valid
// JSON, with the same U+FFFD text in every string, for the same bytes.
TEST(ProviderAdapters, BuildValidBodiesWithIdenticalTextFromLatin1Bytes) {
    ChatRequest r;
    r.system = "r\xE9sum\xE9";
    r.messages = {{"user", "caf\xE9 na\xEFve \xFF\xFE"}, {"assistant", "cut \xF0\x9F"}, {"user", "\xC0\x80"}};
    r.stop = {"\xE9nd"};
    BuildContext c;
    c.base_url = "http://127.0.0.1:1/v1";
    c.model = "m\xE9";
    c.api_key = "x";
    std::string openai_text, anthropic_text;
    ASSERT_NO_THROW(openai_text = OpenAiAdapter().build(r, c).body);
    ASSERT_NO_THROW(anthropic_text = AnthropicAdapter().build(r, c).body);
    json openai, anthropic;
    ASSERT_NO_THROW(openai = json::parse(openai_text)) << openai_text;  // strict: valid UTF-8 JSON
    ASSERT_NO_THROW(anthropic = json::parse(anthropic_text)) << anthropic_text;
    const std::string fffd = "\xEF\xBF\xBD";
    EXPECT_EQ(openai["messages"][1]["content"], "caf" + fffd + " na" + fffd + "ve " + fffd + fffd);
    EXPECT_EQ(openai["messages"][0]["content"], "r" + fffd + "sum" + fffd);
    EXPECT_EQ(openai["messages"][0]["content"], anthropic["system"]);
    for (std::size_t i = 0; i < r.messages.size(); ++i) {
        EXPECT_EQ(openai["messages"][i + 1]["content"], anthropic["messages"][i]["content"]) << i;
        EXPECT_EQ(openai["messages"][i + 1]["content"].dump(), anthropic["messages"][i]["content"].dump())
            << i;
    }
    EXPECT_EQ(openai["stop"], anthropic["stop_sequences"]);
    EXPECT_EQ(openai["model"], anthropic["model"]);
    EXPECT_EQ(openai["model"], "m" + fffd);
}

// Replies become text per event and per body: a stream or body with Latin-1 in a string is read with U+FFFD
// (as the official SDKs' decoders do), never passed on as bytes that are not UTF-8.
TEST(ProviderAdapters, RepliesWithInvalidUtf8AreReadWithReplacementCharacters) {
    const std::string fffd = "\xEF\xBF\xBD";
    std::string text, finish;
    Usage usage;
    ASSERT_TRUE(OpenAiAdapter().parse_body(
        "{\"choices\":[{\"message\":{\"content\":\"caf\xE9\"},\"finish_reason\":\"stop\"}]}", text, usage,
        finish));
    EXPECT_EQ(text, "caf" + fffd);
    ASSERT_TRUE(
        AnthropicAdapter().parse_body("{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":"
                                      "\"caf\xE9\"}],\"stop_reason\":\"end_turn\"}",
                                      text, usage, finish));
    EXPECT_EQ(text, "caf" + fffd);

    SseParser parser;
    // The character is split across two feeds; only the stray byte at the end is replaced.
    parser.feed("data: {\"choices\":[{\"delta\":{\"content\":\"h\xC3");
    parser.feed("\xA9llo \xFF\"}}]}\n\n");
    auto decoder = OpenAiAdapter().make_decoder();
    for (const SseEvent& e : parser.take_events())
        decoder->on_event(e);
    EXPECT_FALSE(decoder->malformed());
    EXPECT_EQ(decoder->take_text(), "h\xC3\xA9llo " + fffd);
}

}  // namespace
}  // namespace stormproof
