#include "ChatRequestReader.h"

#include <QHttpServerRequest>
#include <algorithm>
#include <nlohmann/json.hpp>

#include "config/JsonReader.h"

namespace stormproof {

using nlohmann::json;

namespace {

std::string header_value(const QHttpServerRequest& request, const char* name) {
    for (const auto& [key, value] : request.headers()) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value.trimmed().toStdString();
    }
    return {};
}

std::string text_of(const json& content) {
    if (content.is_string())
        return content.get<std::string>();
    std::string out;
    if (content.is_array()) {
        for (const json& part : content) {
            if (part.is_object() && JsonReader::string_or(part, "type") == "text" && part.contains("text") &&
                part["text"].is_string()) {
                out += part["text"].get<std::string>();
            }
        }
    }
    return out;
}

}  // namespace

ChatRequestRead read_chat_request(const QHttpServerRequest& request, bool anthropic) {
    ChatRequestRead out;
    SimChatRequest r;
    r.idempotency_key = out.idempotency_key = header_value(request, "idempotency-key");
    const std::string traceparent = header_value(request, "traceparent");
    if (traceparent.size() >= 35)
        r.trace_id = out.trace_id = traceparent.substr(3, 32);
    auto refuse = [&out](int status, std::string type, std::string message) {
        out.problem = {status, std::move(type), std::move(message)};
        return out;
    };

    // Any non-empty key is accepted, in any provider's header: the SDKs of both send Bearer, Anthropic's
    // also x-api-key, Azure OpenAI's api-key.
    r.key = header_value(request, "x-api-key");
    const std::string authorization = header_value(request, "authorization");
    if (r.key.empty() && authorization.size() > 7 && authorization.compare(0, 7, "Bearer ") == 0)
        r.key = authorization.substr(7);
    if (r.key.empty())
        r.key = header_value(request, "api-key");  // Azure OpenAI's header (a target's auth_header api-key)
    if (r.key.empty()) {
        return refuse(401, anthropic ? "authentication_error" : "invalid_request_error",
                      "You didn't provide an API key (Authorization: Bearer KEY or x-api-key: KEY).");
    }

    const QByteArray raw = request.body();
    const json body = json::parse(raw.constData(), raw.constData() + raw.size(), nullptr, false);
    if (!body.is_object())
        return refuse(400, "invalid_request_error", "We could not parse the JSON body of your request.");
    if (!body.contains("model") || !body["model"].is_string() || body["model"].get<std::string>().empty()) {
        return refuse(400, "invalid_request_error",
                      anthropic ? "model: Field required" : "you must provide a model parameter");
    }
    r.model = out.model = body["model"].get<std::string>();
    if (!body.contains("messages") || !body["messages"].is_array() || body["messages"].empty())
        return refuse(400, "invalid_request_error", "messages: at least one message is required");
    if (anthropic && (!body.contains("max_tokens") || !body["max_tokens"].is_number_integer()))
        return refuse(400, "invalid_request_error", "max_tokens: Field required");
    r.stream = JsonReader::boolean_or(body, "stream", false);

    if (body.contains("system"))
        r.prompt += text_of(body["system"]) + "\n";
    for (const json& m : body["messages"]) {
        if (m.is_object() && m.contains("content"))
            r.prompt += text_of(m["content"]) + "\n";
    }
    const auto requested =
        JsonReader::integer_or(body, "max_tokens", JsonReader::integer_or(body, "max_completion_tokens", 0));
    r.max_tokens = static_cast<int>(std::clamp<std::int64_t>(requested, 0, 1'000'000));
    if (body.contains("stream_options") && body["stream_options"].is_object())
        r.include_usage = JsonReader::boolean_or(body["stream_options"], "include_usage", false);
    out.request = std::move(r);
    return out;
}

}  // namespace stormproof
