#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ChatTypes.h"
#include "SseParser.h"
#include "resilience/ProviderError.h"
#include "resilience/RequestExecution.h"
#include "resilience/RequestIdentity.h"

namespace stormproof {

// A request ready for the transport.
struct HttpRequestSpec {
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    bool stream = false;
    // Keep a whole (non-streamed) 2xx body as the provider sent it (AttemptResult::raw_body): only a
    // gateway's passthrough forwards it; everyone else would pay a UTF-8 pass and a copy per reply for
    // nothing.
    bool keep_raw_body = false;
};

// What one attempt's body or stream said, as it arrives. Completeness is judged here, by the protocol's own
// end markers -- never by the transport, which can report a cut stream as a clean end.
class StreamDecoder {
public:
    virtual ~StreamDecoder() = default;
    virtual void on_event(const SseEvent& event) = 0;

    std::string take_text() { return std::exchange(pending_text_, {}); }
    bool has_text() const { return !text_.empty(); }
    const std::string& text() const { return text_; }
    // The model's reasoning (Anthropic thinking blocks, OpenAI-compatible reasoning_content / reasoning
    // deltas), kept apart from the answer: never part of text().
    std::string take_reasoning() { return std::exchange(pending_reasoning_, {}); }
    bool has_reasoning() const { return !reasoning_.empty(); }
    const std::string& reasoning() const { return reasoning_; }
    bool complete() const {
        return saw_terminator_ && !finish_reason_.empty() && !malformed_ && !stream_error_;
    }
    bool saw_terminator() const { return saw_terminator_; }
    bool malformed() const { return malformed_; }
    const std::optional<ProviderError>& stream_error() const { return stream_error_; }
    const std::string& finish_reason() const { return finish_reason_; }
    const Usage& usage() const { return usage_; }

protected:
    void append(std::string_view text) {
        text_.append(text);
        pending_text_.append(text);
    }
    void append_reasoning(std::string_view text) {
        reasoning_.append(text);
        pending_reasoning_.append(text);
    }
    std::string text_;
    std::string pending_text_;
    std::string reasoning_;
    std::string pending_reasoning_;
    bool saw_terminator_ = false;
    bool malformed_ = false;
    std::optional<ProviderError> stream_error_;
    std::string finish_reason_;
    Usage usage_;
};

struct BuildContext {
    std::string base_url;  // resolved: never empty
    std::string model;     // as sent
    std::string api_key;
    const RequestIdentity* identity = nullptr;
    int attempt_id = 0;
    bool send_idempotency_key = true;
    StreamResume resume = StreamResume::None;
    std::string partial_text;  // for StreamResume::Continue
};

// One provider's HTTP API: how to ask, and how to read the answer.
class ProviderAdapter {
public:
    virtual ~ProviderAdapter() = default;
    virtual HttpRequestSpec build(const ChatRequest& request, const BuildContext& context) const = 0;
    virtual std::unique_ptr<StreamDecoder> make_decoder() const = 0;
    // A whole (non-streamed) body; false when it is not this API's shape. The reasoning, when asked for, is
    // the body's thinking / reasoning_content, kept apart from text.
    virtual bool parse_body(std::string_view body, std::string& text, Usage& usage, std::string& finish,
                            std::string* reasoning = nullptr) const = 0;
    virtual HttpRequestSpec models_request(const std::string& base_url, const std::string& api_key) const = 0;
    // Both APIs list models as {"data": [{"id": ...}, ...]}.
    virtual std::vector<std::string> parse_models(std::string_view body) const;

    // base + path, with the base's trailing slashes dropped (so ".../v1/" and ".../v1" both work).
    static std::string join_url(const std::string& base, std::string_view path);

    // Idempotency-Key (the same on every attempt of the request) and traceparent (its trace, this attempt's
    // span).
    static void add_identity_headers(HttpRequestSpec& spec, const BuildContext& context);

    // A gateway caller's body for a target of its own protocol: the caller's JSON with only `model` replaced
    // (every other field kept, unknown ones too), or nullopt when the request is not such a passthrough (then
    // the adapter builds its body from ChatRequest's fields, translating the text-chat subset).
    static std::optional<std::string> passthrough_body(const ChatRequest& request, WireProtocol protocol,
                                                       const BuildContext& context);
    // The caller's protocol headers (anthropic-version, openai-organization...) for a target of its protocol.
    static void add_passthrough_headers(HttpRequestSpec& spec, const ChatRequest& request,
                                        WireProtocol protocol);

    // W3C trace context for one attempt: the request's trace id, a span id per attempt.
    static std::string traceparent(const RequestIdentity& identity, int attempt_id);
    // Instruction appended when a cut stream is continued on another target (OpenAI-style APIs have no
    // prefill).
    static constexpr std::string_view kContinueInstruction =
        "Continue your previous answer exactly where it stopped. Do not repeat any of it.";
};

}  // namespace stormproof
