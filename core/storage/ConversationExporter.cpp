#include "ConversationExporter.h"

#include <nlohmann/json.hpp>
#include <set>

#include "resilience/Text.h"

namespace stormproof {

std::string ConversationExporter::to_markdown(const ConversationInfo& info,
                                              const std::vector<StoredMessage>& messages,
                                              const Redactor& redactor) {
    return to_markdown(info, messages, [&redactor](std::string_view text) { return redactor.redact(text); });
}

std::string ConversationExporter::to_json(const ConversationInfo& info,
                                          const std::vector<StoredMessage>& messages,
                                          const std::vector<TelemetryEvent>& events,
                                          const Redactor& redactor) {
    return to_json(info, messages, events,
                   [&redactor](std::string_view text) { return redactor.redact(text); });
}

std::string ConversationExporter::to_markdown(const ConversationInfo& info,
                                              const std::vector<StoredMessage>& messages,
                                              const Redact& redact) {
    struct {
        const Redact& fn;
        std::string redact(std::string_view text) const { return fn(text); }
    } redactor{redact};
    std::string out = "# " + redactor.redact(info.title) + "\n\n";
    if (!info.system_prompt.empty())
        out += "> System: " + redactor.redact(info.system_prompt) + "\n\n";
    for (const StoredMessage& m : messages) {
        out += m.role == "user" ? "**You**\n\n" : "**Assistant**";
        if (m.role == "assistant") {
            if (!m.served_target.empty())
                out += " (" + m.served_target + " · " + m.served_model +
                       (m.fallback_used ? ", fallback" : "") + ")";
            out += "\n\n";
        }
        out += redactor.redact(m.content) + "\n\n";
        if (m.role == "assistant" && m.status != "complete") {
            out += "_" + m.status + ": " + m.error_class + " — " + redactor.redact(m.error_message) + "_\n\n";
        }
        if (m.role == "assistant" && m.attempts.size() > 1) {
            out += "<sub>" + std::to_string(m.attempts.size()) + " attempts:";
            for (const AttemptRecord& a : m.attempts) {
                out += " #" + std::to_string(a.index) + " " + a.target + " " +
                       (a.status ? std::to_string(*a.status) : std::string("-")) +
                       (a.error_class ? " " + std::string(to_string(*a.error_class)) : std::string()) +
                       (a.delay_ms ? " → wait " + std::to_string(a.delay_ms) + " ms (" +
                                         std::string(to_string(a.delay_source)) + ")"
                                   : "") +
                       ";";
            }
            out += "</sub>\n\n";
        }
    }
    return out;
}

std::string ConversationExporter::to_json(const ConversationInfo& info,
                                          const std::vector<StoredMessage>& messages,
                                          const std::vector<TelemetryEvent>& events, const Redact& redact) {
    struct {
        const Redact& fn;
        std::string redact(std::string_view text) const { return fn(text); }
    } redactor{redact};
    using nlohmann::json;
    json list = json::array();
    std::set<std::string> traces;
    for (const StoredMessage& m : messages) {
        json attempts = json::array();
        for (const AttemptRecord& a : m.attempts) {
            attempts.push_back({{"index", a.index},
                                {"target", a.target},
                                {"model", a.model},
                                {"status", a.status ? json(*a.status) : json()},
                                {"error_class", a.error_class ? std::string(to_string(*a.error_class)) : ""},
                                {"decision", a.decision ? std::string(to_string(*a.decision)) : "pending"},
                                {"delay_ms", a.delay_ms},
                                {"delay_source", std::string(to_string(a.delay_source))},
                                {"duration_ms", a.duration_ms}});
        }
        if (!m.trace_id.empty())
            traces.insert(m.trace_id);
        list.push_back(
            {{"role", m.role},
             {"content", redactor.redact(m.content)},
             {"status", m.status},
             {"created_ms", m.created_ms},
             {"trace_id", m.trace_id},
             {"served_by", {{"target", m.served_target}, {"model", m.served_model}}},
             {"fallback_used", m.fallback_used},
             {"ttft_ms", m.ttft_ms ? json(*m.ttft_ms) : json()},
             {"total_ms", m.total_ms ? json(*m.total_ms) : json()},
             {"usage", {{"input_tokens", m.input_tokens}, {"output_tokens", m.output_tokens}}},
             {"error", m.error_class.empty()
                           ? json()
                           : json{{"class", m.error_class}, {"message", redactor.redact(m.error_message)}}},
             {"attempts", attempts}});
    }
    json event_list = json::array();
    for (const TelemetryEvent& e : events) {
        if (!traces.count(e.trace_id))
            continue;
        TelemetryEvent clean = e;
        clean.detail = redactor.redact(clean.detail);
        // clean.reason is a typed DecisionReason: no free text to censor.
        event_list.push_back(clean.to_json());
    }
    return to_json_text(json{{"title", redactor.redact(info.title)},
                             {"system_prompt", redactor.redact(info.system_prompt)},
                             {"messages", list},
                             {"events", event_list}},
                        2);
}

}  // namespace stormproof
