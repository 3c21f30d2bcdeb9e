#include "OpenAiAdapter.h"

#include <nlohmann/json.hpp>

namespace stormproof {

using nlohmann::json;

namespace {

std::string join_url(const std::string& base, std::string_view path) {
    std::string out = base;
    while (!out.empty() && out.back() == '/') out.pop_back();
    return out + std::string(path);
}

// chat.completion.chunk events, ending in a finish_reason chunk, an optional usage chunk, then [DONE].
class OpenAiStreamDecoder final : public StreamDecoder {
public:
    void on_event(const SseEvent& event) override {
        if (saw_terminator_) return;
        if (event.data == "[DONE]") {
            saw_terminator_ = true;
            return;
        }
        const json chunk = json::parse(event.data, nullptr, false);
        if (!chunk.is_object()) {
            malformed_ = true;
            return;
        }
        if (chunk.contains("error")) {
            // A server that fails mid-stream sends its error object as a data event.
            stream_error_ = ProviderError::parse(event.data);
            return;
        }
        if (const auto u = chunk.find("usage"); u != chunk.end() && u->is_object()) {
            usage_.input_tokens = u->value("prompt_tokens", usage_.input_tokens);
            usage_.output_tokens = u->value("completion_tokens", usage_.output_tokens);
        }
        const auto choices = chunk.find("choices");
        if (choices == chunk.end() || !choices->is_array()) return;
        for (const json& choice : *choices) {
            if (!choice.is_object()) continue;
            if (const auto delta = choice.find("delta"); delta != choice.end() && delta->is_object()) {
                if (const auto content = delta->find("content"); content != delta->end() && content->is_string()) {
                    append(content->get_ref<const std::string&>());
                }
            }
            if (const auto finish = choice.find("finish_reason"); finish != choice.end() && finish->is_string()) {
                finish_reason_ = finish->get<std::string>();
            }
        }
    }
};

}  // namespace

HttpRequestSpec OpenAiAdapter::build(const ChatRequest& request, const BuildContext& context) const {
    json messages = json::array();
    if (!request.system.empty()) messages.push_back({{"role", "system"}, {"content", request.system}});
    for (const ChatMessage& m : request.messages) messages.push_back({{"role", m.role}, {"content", m.content}});
    if (context.resume == StreamResume::Continue && !context.partial_text.empty()) {
        messages.push_back({{"role", "assistant"}, {"content", context.partial_text}});
        messages.push_back({{"role", "user"}, {"content", std::string(kContinueInstruction)}});
    }
    json body = {{"model", context.model}, {"messages", messages}, {"stream", request.stream}};
    if (request.stream) body["stream_options"] = {{"include_usage", true}};
    if (request.temperature) body["temperature"] = *request.temperature;
    if (request.top_p) body["top_p"] = *request.top_p;
    if (request.max_tokens) body["max_tokens"] = *request.max_tokens;
    if (!request.stop.empty()) body["stop"] = request.stop;

    HttpRequestSpec spec;
    spec.url = join_url(context.base_url, "/chat/completions");
    spec.stream = request.stream;
    spec.body = body.dump();
    spec.headers = {{"Content-Type", "application/json"},
                    {"Accept", request.stream ? "text/event-stream" : "application/json"},
                    {"Authorization", "Bearer " + context.api_key}};
    if (context.identity) {
        if (context.send_idempotency_key) spec.headers.emplace_back("Idempotency-Key", context.identity->idempotency_key);
        spec.headers.emplace_back("traceparent", traceparent(*context.identity, context.attempt_id));
    }
    return spec;
}

std::unique_ptr<StreamDecoder> OpenAiAdapter::make_decoder() const { return std::make_unique<OpenAiStreamDecoder>(); }

bool OpenAiAdapter::parse_body(std::string_view body, std::string& text, Usage& usage, std::string& finish) const {
    const json j = json::parse(body, nullptr, false);
    if (!j.is_object()) return false;
    const auto choices = j.find("choices");
    if (choices == j.end() || !choices->is_array() || choices->empty() || !(*choices)[0].is_object()) return false;
    const json& choice = (*choices)[0];
    const auto message = choice.find("message");
    if (message == choice.end() || !message->is_object()) return false;
    const auto content = message->find("content");
    text = content != message->end() && content->is_string() ? content->get<std::string>() : std::string();
    finish = choice.value("finish_reason", std::string());
    if (finish.empty()) return false;  // a reply without a finish reason is not a whole reply
    if (const auto u = j.find("usage"); u != j.end() && u->is_object()) {
        usage.input_tokens = u->value("prompt_tokens", 0);
        usage.output_tokens = u->value("completion_tokens", 0);
    }
    return true;
}

HttpRequestSpec OpenAiAdapter::models_request(const std::string& base_url, const std::string& api_key) const {
    HttpRequestSpec spec;
    spec.url = join_url(base_url, "/models");
    spec.headers = {{"Authorization", "Bearer " + api_key}};
    return spec;
}

std::vector<std::string> OpenAiAdapter::parse_models(std::string_view body) const {
    std::vector<std::string> ids;
    const json j = json::parse(body, nullptr, false);
    if (!j.is_object() || !j.contains("data") || !j["data"].is_array()) return ids;
    for (const json& m : j["data"]) {
        if (m.is_object() && m.contains("id") && m["id"].is_string()) ids.push_back(m["id"].get<std::string>());
    }
    return ids;
}

}  // namespace stormproof
