#include "AnthropicAdapter.h"

#include <limits>

#include "config/JsonReader.h"
#include "resilience/Text.h"

#include <nlohmann/json.hpp>

namespace stormproof {

using nlohmann::json;

namespace {

// Anthropic paths start with /v1; accept a base URL given with or without it.
std::string api_url(const std::string& base, std::string_view path) {
    std::string root = ProviderAdapter::join_url(base, "");
    if (root.size() >= 3 && root.compare(root.size() - 3, 3, "/v1") == 0)
        root.resize(root.size() - 3);
    return root + std::string(path);
}

// A token count from the wire: a wrong type, a negative or an absurd number reads as the fallback.
int token_count(const json& object, std::string_view key, int fallback) {
    const std::int64_t v = JsonReader::integer_or(object, key, fallback);
    return v >= 0 && v <= std::numeric_limits<int>::max() ? static_cast<int>(v) : fallback;
}

class AnthropicStreamDecoder final : public StreamDecoder {
public:
    void on_event(const SseEvent& event) override {
        if (saw_terminator_)
            return;
        const json data = json::parse(event.data, nullptr, false);
        if (!data.is_object()) {
            malformed_ = true;
            return;
        }
        const std::string type = JsonReader::string_or(data, "type", event.type);
        if (type == "content_block_delta") {
            const auto delta = data.find("delta");
            if (delta != data.end() && delta->is_object()) {
                const std::string delta_type = JsonReader::string_or(*delta, "type");
                if (delta_type == "text_delta" && delta->contains("text") && (*delta)["text"].is_string()) {
                    append((*delta)["text"].get_ref<const std::string&>());
                } else if (delta_type == "thinking_delta" && delta->contains("thinking") &&
                           (*delta)["thinking"].is_string()) {
                    // Extended thinking: shown as reasoning, never as the answer. Its signature_delta and
                    // redacted_thinking blocks carry nothing a person reads.
                    append_reasoning((*delta)["thinking"].get_ref<const std::string&>());
                }
            }
        } else if (type == "message_start") {
            if (data.contains("message") && data["message"].is_object() &&
                data["message"].contains("usage")) {
                const json& u = data["message"]["usage"];
                if (u.is_object())
                    usage_.input_tokens = token_count(u, "input_tokens", 0);
            }
        } else if (type == "message_delta") {
            if (data.contains("delta") && data["delta"].is_object() &&
                data["delta"].contains("stop_reason") && data["delta"]["stop_reason"].is_string()) {
                finish_reason_ = data["delta"]["stop_reason"].get<std::string>();
            }
            if (data.contains("usage") && data["usage"].is_object()) {
                usage_.output_tokens = token_count(data["usage"], "output_tokens", usage_.output_tokens);
            }
        } else if (type == "message_stop") {
            saw_terminator_ = true;
        } else if (type == "error") {
            stream_error_ = ProviderError::parse(event.data);
        }
        // ping, content_block_start/stop and unknown future events carry nothing we need.
    }
};

}  // namespace

HttpRequestSpec AnthropicAdapter::build(const ChatRequest& request, const BuildContext& context) const {
    json messages = json::array();
    for (const ChatMessage& m : request.messages)
        messages.push_back({{"role", m.role}, {"content", m.content}});
    if (context.resume == StreamResume::Continue && !context.partial_text.empty()) {
        // Prefill: a final assistant turn is continued by the model. It may not end in whitespace.
        std::string partial = context.partial_text;
        while (!partial.empty() && std::isspace(static_cast<unsigned char>(partial.back())))
            partial.pop_back();
        messages.push_back({{"role", "assistant"}, {"content", partial}});
    }
    json body = {{"model", context.model},
                 {"max_tokens", request.max_tokens.value_or(kDefaultMaxTokens)},
                 {"messages", messages},
                 {"stream", request.stream}};
    if (!request.system.empty())
        body["system"] = request.system;
    if (request.temperature)
        body["temperature"] = *request.temperature;
    if (request.top_p)
        body["top_p"] = *request.top_p;
    if (!request.stop.empty())
        body["stop_sequences"] = request.stop;

    HttpRequestSpec spec;
    spec.url = api_url(context.base_url, "/v1/messages");
    spec.stream = request.stream;
    auto passthrough = passthrough_body(request, WireProtocol::Anthropic, context);
    spec.body = passthrough ? std::move(*passthrough) : to_json_text(body);
    spec.headers = {{"Content-Type", "application/json"},
                    {"Accept", request.stream ? "text/event-stream" : "application/json"},
                    {"x-api-key", context.api_key},
                    {"anthropic-version", std::string(kApiVersion)}};
    add_passthrough_headers(spec, request, WireProtocol::Anthropic);
    add_identity_headers(spec, context);
    return spec;
}

std::unique_ptr<StreamDecoder> AnthropicAdapter::make_decoder() const {
    return std::make_unique<AnthropicStreamDecoder>();
}

bool AnthropicAdapter::parse_body(std::string_view body, std::string& text, Usage& usage, std::string& finish,
                                  std::string* reasoning) const {
    std::string storage;
    const json j = json::parse(text_view(body, storage), nullptr, false);
    if (!j.is_object() || JsonReader::string_or(j, "type") != "message" || !j.contains("content") ||
        !j["content"].is_array()) {
        return false;
    }
    text.clear();
    if (reasoning)
        reasoning->clear();
    for (const json& block : j["content"]) {
        if (block.is_object() && JsonReader::string_or(block, "type") == "text" && block.contains("text") &&
            block["text"].is_string()) {
            text += block["text"].get<std::string>();
        } else if (reasoning && block.is_object() && JsonReader::string_or(block, "type") == "thinking" &&
                   block.contains("thinking") && block["thinking"].is_string()) {
            *reasoning += block["thinking"].get<std::string>();
        }
    }
    finish =
        j.contains("stop_reason") && j["stop_reason"].is_string() ? j["stop_reason"].get<std::string>() : "";
    if (finish.empty())
        return false;
    if (j.contains("usage") && j["usage"].is_object()) {
        usage.input_tokens = token_count(j["usage"], "input_tokens", 0);
        usage.output_tokens = token_count(j["usage"], "output_tokens", 0);
    }
    return true;
}

HttpRequestSpec AnthropicAdapter::models_request(const std::string& base_url,
                                                 const std::string& api_key) const {
    HttpRequestSpec spec;
    spec.url = api_url(base_url, "/v1/models");
    spec.headers = {{"x-api-key", api_key}, {"anthropic-version", std::string(kApiVersion)}};
    return spec;
}

}  // namespace stormproof
