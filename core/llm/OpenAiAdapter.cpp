#include "OpenAiAdapter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "resilience/Text.h"

namespace stormproof {

using nlohmann::json;

namespace {

// The fields Stormproof reads from an OpenAI reply or stream chunk. Read with QJsonDocument, not nlohmann:
// a stream parses one of these per token, and Qt's parser is about twice as fast on them (bench: 3.5 vs 7.8
// us for a 500-byte reply).
struct OpenAiFields {
    bool valid = false;        // a JSON object
    bool has_choices = false;  // a "choices" array at the top
    bool has_error = false;    // an "error" member at the top (a mid-stream error)
    std::string content;       // choices[*].message.content or choices[*].delta.content, concatenated
    bool has_content = false;
    // choices[*].{message,delta}.reasoning_content (DeepSeek, vLLM, llama.cpp) or .reasoning (OpenRouter,
    // Groq, Ollama): the model's thinking, never part of content.
    std::string reasoning;
    std::string finish_reason;  // the last non-null choices[*].finish_reason
    std::optional<int> prompt_tokens;
    std::optional<int> completion_tokens;
};

bool read_openai(std::string_view text, OpenAiFields& out) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(
        QByteArray::fromRawData(text.data(), static_cast<qsizetype>(text.size())), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return false;
    const QJsonObject root = doc.object();
    out.valid = true;
    out.has_error = root.contains(QLatin1String("error"));
    const QJsonValue choices = root.value(QLatin1String("choices"));
    out.has_choices = choices.isArray();
    for (const QJsonValue& choice : choices.toArray()) {
        const QJsonObject c = choice.toObject();
        for (const char* holder : {"message", "delta"}) {
            const QJsonValue content =
                c.value(QLatin1String(holder)).toObject().value(QLatin1String("content"));
            if (content.isString()) {
                out.content += content.toString().toStdString();
                out.has_content = true;
            }
            const QJsonObject holder_object = c.value(QLatin1String(holder)).toObject();
            for (const char* field : {"reasoning_content", "reasoning"}) {
                const QJsonValue reasoning = holder_object.value(QLatin1String(field));
                if (reasoning.isString()) {
                    out.reasoning += reasoning.toString().toStdString();
                    break;  // a server sending both sends the same text twice
                }
            }
        }
        const QJsonValue finish = c.value(QLatin1String("finish_reason"));
        if (finish.isString())
            out.finish_reason = finish.toString().toStdString();
    }
    const QJsonValue usage = root.value(QLatin1String("usage"));
    if (usage.isObject()) {
        const QJsonObject u = usage.toObject();
        if (u.value(QLatin1String("prompt_tokens")).isDouble())
            out.prompt_tokens = u.value(QLatin1String("prompt_tokens")).toInt();
        if (u.value(QLatin1String("completion_tokens")).isDouble()) {
            out.completion_tokens = u.value(QLatin1String("completion_tokens")).toInt();
        }
    }
    return true;
}

// chat.completion.chunk events, ending in a finish_reason chunk, an optional usage chunk, then [DONE].
class OpenAiStreamDecoder final : public StreamDecoder {
public:
    void on_event(const SseEvent& event) override {
        if (saw_terminator_)
            return;
        if (event.data == "[DONE]") {
            saw_terminator_ = true;
            return;
        }
        OpenAiFields f;
        if (!read_openai(event.data, f)) {
            malformed_ = true;
            return;
        }
        if (f.has_error) {
            // A server that fails mid-stream sends its error object as a data event.
            stream_error_ = ProviderError::parse(event.data);
            return;
        }
        if (f.prompt_tokens)
            usage_.input_tokens = *f.prompt_tokens;
        if (f.completion_tokens)
            usage_.output_tokens = *f.completion_tokens;
        if (!f.reasoning.empty())
            append_reasoning(f.reasoning);
        if (f.has_content)
            append(f.content);
        if (!f.finish_reason.empty())
            finish_reason_ = f.finish_reason;
    }
};

}  // namespace

HttpRequestSpec OpenAiAdapter::build(const ChatRequest& request, const BuildContext& context) const {
    // Through the one JSON writer, as every body is (it once had a writer of its own, which passed invalid
    // UTF-8 on as invalid JSON where the Anthropic body threw: see docs/BAD_INPUT.md).
    json messages = json::array();
    auto message = [&messages](std::string_view role, std::string_view content) {
        messages.push_back({{"role", role}, {"content", content}});
    };
    if (!request.system.empty())
        message("system", request.system);
    for (const ChatMessage& m : request.messages)
        message(m.role, m.content);
    if (context.resume == StreamResume::Continue && !context.partial_text.empty()) {
        message("assistant", context.partial_text);
        message("user", kContinueInstruction);
    }
    json body = {{"model", context.model}, {"messages", std::move(messages)}, {"stream", request.stream}};
    if (request.stream)
        body["stream_options"] = {{"include_usage", true}};
    if (request.temperature)
        body["temperature"] = *request.temperature;
    if (request.top_p)
        body["top_p"] = *request.top_p;
    if (request.max_tokens)
        body["max_tokens"] = *request.max_tokens;
    if (!request.stop.empty())
        body["stop"] = request.stop;

    HttpRequestSpec spec;
    spec.url = join_url(context.base_url, "/chat/completions");
    spec.stream = request.stream;
    auto passthrough = passthrough_body(request, WireProtocol::OpenAI, context);
    spec.body = passthrough ? std::move(*passthrough) : to_json_text(body);
    spec.headers = {{"Content-Type", "application/json"},
                    {"Accept", request.stream ? "text/event-stream" : "application/json"},
                    key_header(context.api_key)};
    add_passthrough_headers(spec, request, WireProtocol::OpenAI);
    add_identity_headers(spec, context);
    return spec;
}

std::pair<std::string, std::string> OpenAiAdapter::key_header(const std::string& api_key) const {
    if (key_header_ == KeyHeader::ApiKey)
        return {"api-key", api_key};
    return {"Authorization", "Bearer " + api_key};
}

std::unique_ptr<StreamDecoder> OpenAiAdapter::make_decoder() const {
    return std::make_unique<OpenAiStreamDecoder>();
}

bool OpenAiAdapter::parse_body(std::string_view body, std::string& text, Usage& usage, std::string& finish,
                               std::string* reasoning) const {
    std::string storage;
    OpenAiFields f;
    if (!read_openai(text_view(body, storage), f) || !f.has_choices || f.has_error)
        return false;
    text = f.content;
    if (reasoning)
        *reasoning = f.reasoning;
    finish = f.finish_reason;
    if (finish.empty())
        return false;  // a reply without a finish reason is not a whole reply
    usage.input_tokens = f.prompt_tokens.value_or(0);
    usage.output_tokens = f.completion_tokens.value_or(0);
    return true;
}

HttpRequestSpec OpenAiAdapter::models_request(const std::string& base_url, const std::string& api_key) const {
    HttpRequestSpec spec;
    spec.url = join_url(base_url, "/models");
    spec.headers = {key_header(api_key)};
    return spec;
}

}  // namespace stormproof
