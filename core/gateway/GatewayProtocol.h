#pragma once
// The gateway's wire knowledge, free of sockets: reading a caller's chat body (OpenAI Chat Completions or
// Anthropic Messages) into a ChatRequest, deciding what of it the other protocol cannot express, shaping
// errors and model lists in the caller's protocol, and writing a reply or stream in the caller's protocol
// from what another protocol's target produced (the cross-protocol path; a same-protocol reply is forwarded
// as the provider sent it and never passes through here).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llm/ChatTypes.h"
#include "resilience/ErrorClass.h"
#include "resilience/Result.h"

namespace stormproof::gateway {

// Nesting deeper than this is refused before parsing (400). 64 levels: a chat body with tool schemas nests
// about 10 deep (messages > content > part, tools > function > parameters > properties > ...); nlohmann has
// no limit of its own, and the policy reader's bodies are far shallower.
constexpr int kMaxJsonDepth = 64;

// A caller's chat request: the model it named and the request the engine runs (passthrough included).
struct ParsedChat {
    std::string model;
    ChatRequest request;
};

// The body as a JSON object in valid UTF-8, nested at most kMaxJsonDepth deep, with `model` and `messages`;
// the error says what and where (a byte offset, a line and column, or a field). A body the other protocol
// cannot express fully is not an error: request.passthrough->untranslatable names what.
Result<ParsedChat> parse_chat(WireProtocol protocol, std::string_view body);

// The deepest nesting of objects and arrays in a JSON text (strings skipped), in one linear pass.
int json_depth(std::string_view text);

// The protocol's error body: OpenAI {"error": {"message", "type", "code"}}, Anthropic {"type": "error",
// "error": {"type", "message"}}; the type follows the status.
std::string error_body(WireProtocol protocol, int status, std::string_view message,
                       std::string_view code = {});

// The status a final failure is answered with: the same class as its cause (429 stays 429, an upstream 5xx a
// 502/503/504, an upstream 401/403 as it was, timeouts 504), never a server error turned into a 4xx.
int status_for(ErrorClass error_class, std::optional<int> upstream_status, WireProtocol caller);
// ChatError's class, typed (the field may be text or the enum).
ErrorClass error_class_of(const std::string& name);
inline ErrorClass error_class_of(ErrorClass c) {
    return c;
}

// A finish/stop reason in the caller's protocol: stop <-> end_turn, length <-> max_tokens, stop_sequence ->
// stop, tool_calls <-> tool_use, content_filter <-> refusal.
std::string finish_reason_for(WireProtocol caller, std::string_view reason);

// A whole reply in the caller's protocol, built from the result of a target of the other protocol.
std::string reply_body(WireProtocol caller, const ChatResult& result, std::string_view model,
                       std::string_view id);

// GET /v1/models: the names a caller may use as `model`, in the caller's protocol's list shape.
std::string models_body(WireProtocol protocol, const std::vector<std::string>& names);

// One server-sent event: "event: NAME\n" (when named), a "data: " line per line of data, a blank line.
std::string sse_event(std::string_view event, std::string_view data);

// Writes the caller's stream format from another protocol's deltas (the cross-protocol stream).
class StreamSynthesizer {
public:
    StreamSynthesizer(WireProtocol caller, std::string model, std::string id, std::int64_t created_s)
        : caller_(caller), model_(std::move(model)), id_(std::move(id)), created_s_(created_s) {}

    std::string start();                       // before the first delta (role chunk / message_start)
    std::string delta(std::string_view text);  // one text delta
    std::string finish(const Usage& usage, std::string_view finish_reason);  // the end, [DONE] / message_stop
    std::string error(int status, std::string_view message);                 // a failure after the first byte

private:
    std::string openai_chunk(const std::string& delta_json, const std::string& finish_json) const;

    WireProtocol caller_;
    std::string model_;
    std::string id_;
    std::int64_t created_s_;
};

}  // namespace stormproof::gateway
