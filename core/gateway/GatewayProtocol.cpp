#include "GatewayProtocol.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "resilience/Text.h"

namespace stormproof::gateway {

using nlohmann::json;

namespace {

// What each protocol's text-chat subset is: a body with only these top-level fields can be translated to
// the other protocol; any other field names why not (never a field silently dropped).
const std::set<std::string, std::less<>> kOpenAiTranslatable = {
    "model", "messages", "max_tokens", "max_completion_tokens", "temperature",
    "top_p", "stop",     "stream",     "stream_options"};
const std::set<std::string, std::less<>> kAnthropicTranslatable = {
    "model", "messages", "system", "max_tokens", "temperature", "top_p", "stop_sequences", "stream"};

// The text of a message's content: a string, or an array of {"type": "text", "text": ...} parts. Anything
// else (images, tool calls and results, documents) is named in `untranslatable`.
std::string content_text(const json& content, std::string& untranslatable, std::string_view where) {
    if (content.is_string())
        return content.get<std::string>();
    std::string text;
    if (!content.is_array()) {
        if (!content.is_null() && untranslatable.empty())
            untranslatable = std::string(where) + " of type " + content.type_name();
        return text;
    }
    for (const json& part : content) {
        const bool is_text = part.is_object() && part.value("type", "") == "text" && part.contains("text") &&
                             part["text"].is_string();
        if (is_text && part.size() == 2) {
            text += part["text"].get<std::string>();
        } else if (untranslatable.empty()) {
            untranslatable = std::string(where) + " part \"" +
                             (part.is_object() ? part.value("type", "?") : std::string("?")) + "\"" +
                             (is_text ? " with extra fields" : "");
        }
    }
    return text;
}

std::optional<double> number(const json& body, const char* key) {
    const auto it = body.find(key);
    return it != body.end() && it->is_number() ? std::optional(it->get<double>()) : std::nullopt;
}

Error field_error(std::string message, std::string field) {
    return make_error(std::move(message), std::move(field));
}

// Where the first ill-formed UTF-8 sequence starts (for the error message; is_valid_utf8 decides).
std::size_t first_invalid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        if (c < 0x80) {
            ++i;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            n = 1;
        else if (c >= 0xE0 && c <= 0xEF)
            n = 2;
        else if (c >= 0xF0 && c <= 0xF4)
            n = 3;
        else
            return i;
        if (i + n >= s.size())
            return i;
        for (std::size_t k = 1; k <= n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
                return i;
        const auto c1 = static_cast<unsigned char>(s[i + 1]);
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) ||
            (c == 0xF4 && c1 >= 0x90))
            return i;
        i += n + 1;
    }
    return s.size();
}

}  // namespace

int json_depth(std::string_view text) {
    int depth = 0;
    int deepest = 0;
    bool in_string = false;
    bool escaped = false;
    for (const char c : text) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            deepest = std::max(deepest, ++depth);
        } else if ((c == '}' || c == ']') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

Result<ParsedChat> parse_chat(WireProtocol protocol, std::string_view body) {
    if (body.empty())
        return make_error("the request body is empty; a JSON object is expected", "body");
    if (!is_valid_utf8(body)) {
        return make_error("the body is not valid UTF-8", "byte " + std::to_string(first_invalid_utf8(body)));
    }
    if (json_depth(body) > kMaxJsonDepth)
        return make_error("JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels", "body");
    json j;
    try {
        j = json::parse(body);
    } catch (const json::parse_error& e) {
        // nlohmann names the byte and what it expected; line and column follow from the byte.
        std::size_t line = 1;
        std::size_t column = 1;
        const std::size_t upto = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, body.size());
        for (std::size_t i = 0; i < upto; ++i) {
            if (body[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        std::string what = e.what();
        if (const std::size_t colon = what.rfind(": "); colon != std::string::npos)
            what = what.substr(colon + 2);
        return make_error("malformed JSON: " + text_from_bytes(what),
                          "line " + std::to_string(line) + ", column " + std::to_string(column));
    } catch (const json::exception& e) {
        // Valid syntax nlohmann still refuses: a number beyond a double (1e999) is out_of_range. A throw
        // here once ended the gateway (found by fuzz_gateway_requests).
        std::string what = e.what();
        if (const std::size_t bracket = what.find("] "); bracket != std::string::npos)
            what = what.substr(bracket + 2);
        return make_error("malformed JSON: " + text_from_bytes(what), "body");
    }
    if (!j.is_object())
        return make_error("the body must be a JSON object", "body");
    ParsedChat out;
    ChatRequest& r = out.request;
    const auto model = j.find("model");
    if (model == j.end() || !model->is_string() || model->get_ref<const std::string&>().empty())
        return field_error("required, a non-empty string", "model");
    out.model = model->get<std::string>();
    const auto messages = j.find("messages");
    if (messages == j.end() || !messages->is_array())
        return field_error("required, an array of messages", "messages");
    const auto stream = j.find("stream");
    if (stream != j.end() && !stream->is_boolean() && !stream->is_null())
        return field_error("must be true or false", "stream");
    r.stream = stream != j.end() && stream->is_boolean() && stream->get<bool>();

    std::string untranslatable;
    const auto& allowed = protocol == WireProtocol::OpenAI ? kOpenAiTranslatable : kAnthropicTranslatable;
    for (const auto& [key, value] : j.items()) {
        if (allowed.find(key) == allowed.end() && untranslatable.empty())
            untranslatable = "\"" + key + "\"";
    }
    for (std::size_t i = 0; i < messages->size(); ++i) {
        const json& m = (*messages)[i];
        const std::string where = "messages[" + std::to_string(i) + "]";
        if (!m.is_object() || !m.contains("role") || !m["role"].is_string())
            return field_error("must be an object with a \"role\"", where);
        const std::string role = m["role"].get<std::string>();
        for (const auto& [key, value] : m.items()) {
            if (key != "role" && key != "content" && untranslatable.empty())
                untranslatable = where + "." + key;
        }
        const std::string text = content_text(m.value("content", json()), untranslatable, where + ".content");
        if (role == "system" || role == "developer") {
            if (protocol == WireProtocol::Anthropic && untranslatable.empty())
                untranslatable = where + " with role \"" + role + "\"";
            r.system += (r.system.empty() ? "" : "\n\n") + text;
        } else if (role == "user" || role == "assistant") {
            r.messages.push_back({role, text});
        } else {
            if (untranslatable.empty())
                untranslatable = where + " with role \"" + role + "\"";
            r.messages.push_back({role, text});
        }
    }
    if (protocol == WireProtocol::Anthropic && j.contains("system")) {
        std::string text = content_text(j["system"], untranslatable, "system");
        r.system = text + (r.system.empty() ? "" : "\n\n" + r.system);
    }
    r.temperature = number(j, "temperature");
    r.top_p = number(j, "top_p");
    for (const char* key : {"max_tokens", "max_completion_tokens"}) {
        const auto it = j.find(key);
        if (it != j.end() && it->is_number_integer() && it->get<std::int64_t>() > 0 &&
            it->get<std::int64_t>() <= 1'000'000'000) {
            r.max_tokens = static_cast<int>(it->get<std::int64_t>());
        }
    }
    const auto stop = j.find(protocol == WireProtocol::OpenAI ? "stop" : "stop_sequences");
    if (stop != j.end()) {
        if (stop->is_string()) {
            r.stop.push_back(stop->get<std::string>());
        } else if (stop->is_array()) {
            for (const json& s : *stop)
                if (s.is_string())
                    r.stop.push_back(s.get<std::string>());
        }
    }
    Passthrough p;
    p.protocol = protocol;
    p.body = std::string(body);
    p.untranslatable = untranslatable;
    r.passthrough = std::move(p);
    return out;
}

std::string error_body(WireProtocol protocol, int status, std::string_view message, std::string_view code) {
    std::string type;
    if (protocol == WireProtocol::OpenAI) {
        switch (status) {
            case 401:
                type = "authentication_error";
                break;
            case 403:
                type = "permission_error";
                break;
            case 404:
                type = "not_found_error";
                break;
            case 429:
                type = "rate_limit_error";
                break;
            default:
                type = status >= 500 ? "server_error" : "invalid_request_error";
        }
        json e = {{"message", message}, {"type", type}, {"param", nullptr}, {"code", nullptr}};
        if (!code.empty())
            e["code"] = code;
        return to_json_text(json{{"error", e}});
    }
    switch (status) {
        case 401:
            type = "authentication_error";
            break;
        case 403:
            type = "permission_error";
            break;
        case 404:
            type = "not_found_error";
            break;
        case 413:
            type = "request_too_large";
            break;
        case 429:
            type = "rate_limit_error";
            break;
        case 503:
        case 529:
            type = "overloaded_error";
            break;
        case 504:
            type = "timeout_error";
            break;
        default:
            type = status >= 500 ? "api_error" : "invalid_request_error";
    }
    return to_json_text(json{{"type", "error"}, {"error", {{"type", type}, {"message", message}}}});
}

ErrorClass error_class_of(const std::string& name) {
    return error_class_from_string(name).value_or(ErrorClass::ServerError);
}

int status_for(ErrorClass error_class, std::optional<int> upstream, WireProtocol caller) {
    const int s = upstream.value_or(0);
    switch (error_class) {
        case ErrorClass::RateLimited:
        case ErrorClass::QuotaExhausted:
            return 429;
        case ErrorClass::Overloaded:
            // Anthropic's own overload status for its callers; 503 for OpenAI's.
            return caller == WireProtocol::Anthropic ? 529 : 503;
        case ErrorClass::ServerError:
            return s == 503 || s == 504 ? s : 502;
        case ErrorClass::Timeout:
        case ErrorClass::DeadlineExhausted:
            return s == 429 ? 429 : 504;
        case ErrorClass::Network:
        case ErrorClass::MalformedResponse:
            return 502;
        case ErrorClass::Auth:
            return s == 403 ? 403 : 401;
        case ErrorClass::BadRequest:
        case ErrorClass::ContextLength:
        case ErrorClass::ContentPolicy:
            return s >= 400 && s < 500 && s != 429 ? s : 400;
        case ErrorClass::NotFound:
            return 404;
        case ErrorClass::BudgetExhausted:
        case ErrorClass::CircuitOpen:
            return s == 429 ? 429 : 503;
        case ErrorClass::Cancelled:
            return 499;
    }
    return 502;
}

std::string finish_reason_for(WireProtocol caller, std::string_view reason) {
    if (caller == WireProtocol::OpenAI) {
        if (reason == "end_turn" || reason == "stop_sequence" || reason == "pause_turn")
            return "stop";
        if (reason == "max_tokens")
            return "length";
        if (reason == "tool_use")
            return "tool_calls";
        if (reason == "refusal")
            return "content_filter";
        return std::string(reason.empty() ? "stop" : reason);
    }
    if (reason == "stop")
        return "end_turn";
    if (reason == "length")
        return "max_tokens";
    if (reason == "tool_calls" || reason == "function_call")
        return "tool_use";
    if (reason == "content_filter")
        return "refusal";
    return std::string(reason.empty() ? "end_turn" : reason);
}

std::string reply_body(WireProtocol caller, const ChatResult& result, std::string_view model,
                       std::string_view id) {
    const std::string finish = finish_reason_for(caller, result.finish_reason);
    if (caller == WireProtocol::OpenAI) {
        return to_json_text(
            json{{"id", "chatcmpl-" + std::string(id)},
                 {"object", "chat.completion"},
                 {"created", 0},
                 {"model", model},
                 {"choices", json::array({{{"index", 0},
                                           {"message", {{"role", "assistant"}, {"content", result.text}}},
                                           {"finish_reason", finish}}})},
                 {"usage",
                  {{"prompt_tokens", result.usage.input_tokens},
                   {"completion_tokens", result.usage.output_tokens},
                   {"total_tokens", result.usage.input_tokens + result.usage.output_tokens}}}});
    }
    return to_json_text(
        json{{"id", "msg_" + std::string(id)},
             {"type", "message"},
             {"role", "assistant"},
             {"model", model},
             {"content", json::array({{{"type", "text"}, {"text", result.text}}})},
             {"stop_reason", finish},
             {"stop_sequence", nullptr},
             {"usage",
              {{"input_tokens", result.usage.input_tokens}, {"output_tokens", result.usage.output_tokens}}}});
}

std::string models_body(WireProtocol protocol, const std::vector<std::string>& names) {
    json data = json::array();
    for (const std::string& n : names) {
        if (protocol == WireProtocol::OpenAI)
            data.push_back({{"id", n}, {"object", "model"}, {"created", 0}, {"owned_by", "stormproof"}});
        else
            data.push_back(
                {{"type", "model"}, {"id", n}, {"display_name", n}, {"created_at", "1970-01-01T00:00:00Z"}});
    }
    if (protocol == WireProtocol::OpenAI)
        return to_json_text(json{{"object", "list"}, {"data", data}});
    return to_json_text(json{{"data", data},
                             {"has_more", false},
                             {"first_id", names.empty() ? json() : json(names.front())},
                             {"last_id", names.empty() ? json() : json(names.back())}});
}

std::string sse_event(std::string_view event, std::string_view data) {
    std::string out;
    out.reserve(data.size() + event.size() + 16);
    if (!event.empty()) {
        out += "event: ";
        out += event;
        out += '\n';
    }
    std::size_t start = 0;
    while (true) {
        const std::size_t nl = data.find('\n', start);
        out += "data: ";
        out += data.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        out += '\n';
        if (nl == std::string_view::npos)
            break;
        start = nl + 1;
    }
    out += '\n';
    return out;
}

std::string StreamSynthesizer::openai_chunk(const std::string& delta_json,
                                            const std::string& finish_json) const {
    return sse_event({}, "{\"id\":\"chatcmpl-" + id_ +
                             "\",\"object\":\"chat.completion.chunk\",\"created\":" +
                             std::to_string(created_s_) + ",\"model\":" + to_json_text(json(model_)) +
                             ",\"choices\":[{\"index\":0,\"delta\":" + delta_json +
                             ",\"finish_reason\":" + finish_json + "}]}");
}

std::string StreamSynthesizer::start() {
    if (caller_ == WireProtocol::OpenAI)
        return openai_chunk(R"({"role":"assistant","content":""})", "null");
    const json message = {{"id", "msg_" + id_},       {"type", "message"},
                          {"role", "assistant"},      {"model", model_},
                          {"content", json::array()}, {"stop_reason", nullptr},
                          {"stop_sequence", nullptr}, {"usage", {{"input_tokens", 0}, {"output_tokens", 0}}}};
    return sse_event("message_start", to_json_text(json{{"type", "message_start"}, {"message", message}})) +
           sse_event("content_block_start",
                     R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})");
}

std::string StreamSynthesizer::delta(std::string_view text) {
    if (caller_ == WireProtocol::OpenAI)
        return openai_chunk("{\"content\":" + to_json_text(json(text)) + "}", "null");
    return sse_event(
        "content_block_delta",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":" +
            to_json_text(json(text)) + "}}");
}

std::string StreamSynthesizer::finish(const Usage& usage, std::string_view finish_reason) {
    const std::string reason = finish_reason_for(caller_, finish_reason);
    if (caller_ == WireProtocol::OpenAI) {
        std::string out = openai_chunk("{}", to_json_text(json(reason)));
        out += sse_event(
            {}, "{\"id\":\"chatcmpl-" + id_ +
                    "\",\"object\":\"chat.completion.chunk\",\"created\":" + std::to_string(created_s_) +
                    ",\"model\":" + to_json_text(json(model_)) + ",\"choices\":[],\"usage\":" +
                    to_json_text(json{{"prompt_tokens", usage.input_tokens},
                                      {"completion_tokens", usage.output_tokens},
                                      {"total_tokens", usage.input_tokens + usage.output_tokens}}) +
                    "}");
        out += sse_event({}, "[DONE]");
        return out;
    }
    return sse_event("content_block_stop", R"({"type":"content_block_stop","index":0})") +
           sse_event("message_delta",
                     to_json_text(json{
                         {"type", "message_delta"},
                         {"delta", {{"stop_reason", reason}, {"stop_sequence", nullptr}}},
                         {"usage",
                          {{"input_tokens", usage.input_tokens}, {"output_tokens", usage.output_tokens}}}})) +
           sse_event("message_stop", R"({"type":"message_stop"})");
}

std::string StreamSynthesizer::error(int status, std::string_view message) {
    const std::string body = error_body(caller_, status, message);
    return caller_ == WireProtocol::OpenAI ? sse_event({}, body) : sse_event("error", body);
}

}  // namespace stormproof::gateway
