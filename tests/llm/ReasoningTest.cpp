// Issue 21 item 5: reasoning shown as reasoning. Wire fixtures as the providers send them: the model's
// thinking (Anthropic thinking blocks, OpenAI-compatible reasoning_content / reasoning) comes out apart from
// the answer, never inside it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "llm/AnthropicAdapter.h"
#include "llm/OpenAiAdapter.h"

namespace stormproof {
namespace {

struct StreamCase {
    const char* name;
    const ProviderAdapter* adapter;
    std::vector<SseEvent> events;
    std::string reasoning;
    std::string text;
};

const OpenAiAdapter kOpenAi;
const AnthropicAdapter kAnthropic;

SseEvent data(const std::string& json) {
    return {"message", json, "", {}};
}
SseEvent named(const std::string& type, const std::string& json) {
    return {type, json, "", {}};
}

std::vector<StreamCase> stream_cases() {
    return {
        // DeepSeek (deepseek-reasoner), vLLM and llama.cpp server: delta.reasoning_content, then content.
        {"reasoning_content",
         &kOpenAi,
         {data(
              R"({"choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":""}}]})"),
          data(R"({"choices":[{"index":0,"delta":{"content":null,"reasoning_content":"The user asks "}}]})"),
          data(R"({"choices":[{"index":0,"delta":{"content":null,"reasoning_content":"about 2+2."}}]})"),
          data(R"({"choices":[{"index":0,"delta":{"content":"4","reasoning_content":null}}]})"),
          data(R"({"choices":[{"index":0,"delta":{"content":"."},"finish_reason":"stop"}]})"),
          data("[DONE]")},
         "The user asks about 2+2.",
         "4."},
        // OpenRouter, Groq and Ollama: delta.reasoning.
        {"reasoning",
         &kOpenAi,
         {data(R"({"choices":[{"delta":{"role":"assistant","content":"","reasoning":"Think"}}]})"),
          data(R"({"choices":[{"delta":{"content":"","reasoning":"ing..."}}]})"),
          data(R"({"choices":[{"delta":{"content":"Answer"}}]})"),
          data(R"({"choices":[{"delta":{},"finish_reason":"stop"}]})"), data("[DONE]")},
         "Thinking...",
         "Answer"},
        // A server sending both fields with the same text (some proxies do): counted once.
        {"both_fields",
         &kOpenAi,
         {data(R"({"choices":[{"delta":{"reasoning_content":"once","reasoning":"once"}}]})"),
          data(R"({"choices":[{"delta":{"content":"ok"},"finish_reason":"stop"}]})"), data("[DONE]")},
         "once",
         "ok"},
        // Anthropic extended thinking: a thinking block (thinking_delta, then its signature), then the text.
        {"anthropic_thinking",
         &kAnthropic,
         {named("message_start", R"({"type":"message_start","message":{"usage":{"input_tokens":12}}})"),
          named(
              "content_block_start",
              R"({"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}})"),
          named(
              "content_block_delta",
              R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me see. "}})"),
          named(
              "content_block_delta",
              R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"27 * 453..."}})"),
          named(
              "content_block_delta",
              R"({"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM"}})"),
          named("content_block_stop", R"({"type":"content_block_stop","index":0})"),
          named(
              "content_block_start",
              R"({"type":"content_block_start","index":1,"content_block":{"type":"redacted_thinking","data":"EmwKAhgB"}})"),
          named("content_block_stop", R"({"type":"content_block_stop","index":1})"),
          named("content_block_start",
                R"({"type":"content_block_start","index":2,"content_block":{"type":"text","text":""}})"),
          named("content_block_delta",
                R"({"type":"content_block_delta","index":2,"delta":{"type":"text_delta","text":"12,231"}})"),
          named("content_block_stop", R"({"type":"content_block_stop","index":2})"),
          named(
              "message_delta",
              R"({"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":40}})"),
          named("message_stop", R"({"type":"message_stop"})")},
         "Let me see. 27 * 453...",
         "12,231"},
        // No reasoning at all: nothing shows up as reasoning.
        {"plain",
         &kOpenAi,
         {data(R"({"choices":[{"delta":{"content":"Hi"},"finish_reason":"stop"}]})"), data("[DONE]")},
         "",
         "Hi"},
    };
}

TEST(Reasoning, StreamedReasoningIsSeparateFromTheAnswer) {
    for (const StreamCase& c : stream_cases()) {
        SCOPED_TRACE(c.name);
        auto decoder = c.adapter->make_decoder();
        std::string taken_text, taken_reasoning;
        for (const SseEvent& e : c.events) {
            decoder->on_event(e);
            taken_text += decoder->take_text();
            taken_reasoning += decoder->take_reasoning();
        }
        EXPECT_TRUE(decoder->complete());
        EXPECT_EQ(decoder->text(), c.text);
        EXPECT_EQ(decoder->reasoning(), c.reasoning);
        EXPECT_EQ(taken_text, c.text) << "what the attempt forwards as answer deltas";
        EXPECT_EQ(taken_reasoning, c.reasoning) << "what the attempt forwards as reasoning deltas";
        EXPECT_EQ(decoder->has_reasoning(), !c.reasoning.empty());
    }
}

TEST(Reasoning, WholeBodiesKeepReasoningApart) {
    struct BodyCase {
        const char* name;
        const ProviderAdapter* adapter;
        const char* body;
        const char* reasoning;
        const char* text;
    };
    const BodyCase cases[] = {
        {"openai_reasoning_content", &kOpenAi,
         R"({"choices":[{"message":{"role":"assistant","reasoning_content":"Because.","content":"Yes."},)"
         R"("finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":9}})",
         "Because.", "Yes."},
        {"openai_reasoning", &kOpenAi,
         R"({"choices":[{"message":{"role":"assistant","reasoning":"Hmm.","content":"No."},"finish_reason":"stop"}]})",
         "Hmm.", "No."},
        {"anthropic_thinking", &kAnthropic,
         R"({"type":"message","content":[{"type":"thinking","thinking":"Step 1.","signature":"abc"},)"
         R"({"type":"redacted_thinking","data":"xyz"},{"type":"text","text":"Done."}],"stop_reason":"end_turn",)"
         R"("usage":{"input_tokens":3,"output_tokens":7}})",
         "Step 1.", "Done."},
    };
    for (const BodyCase& c : cases) {
        SCOPED_TRACE(c.name);
        std::string text, finish, reasoning = "left over";
        Usage usage;
        ASSERT_TRUE(c.adapter->parse_body(c.body, text, usage, finish, &reasoning));
        EXPECT_EQ(text, c.text);
        EXPECT_EQ(reasoning, c.reasoning);
        // Without asking for it, the answer is the same and has no reasoning in it.
        std::string text_only;
        ASSERT_TRUE(c.adapter->parse_body(c.body, text_only, usage, finish));
        EXPECT_EQ(text_only, c.text);
    }
}

TEST(Reasoning, WronglyTypedReasoningIsIgnoredNotFatal) {
    auto openai = kOpenAi.make_decoder();
    openai->on_event(
        data(R"({"choices":[{"delta":{"reasoning":{"effort":"high"},"reasoning_content":7}}]})"));
    EXPECT_FALSE(openai->malformed());
    EXPECT_FALSE(openai->has_reasoning());
    auto anthropic = kAnthropic.make_decoder();
    anthropic->on_event(
        named("content_block_delta",
              R"({"type":"content_block_delta","delta":{"type":"thinking_delta","thinking":5}})"));
    EXPECT_FALSE(anthropic->malformed());
    EXPECT_FALSE(anthropic->has_reasoning());
}

}  // namespace
}  // namespace stormproof
