#include "ConversationExporter.h"

#include <nlohmann/json.hpp>
#include <set>

#include "llm/Comparison.h"
#include "resilience/Text.h"

namespace stormproof {

namespace {
// A stored compare reply as the verdict reads it (the price of each reply is not stored: no cost here).
CompareReply compare_reply(const StoredMessage& m) {
    CompareReply r;
    r.label = m.compare_label;
    r.ok = m.status == "complete";
    r.stopped = m.error_class == "cancelled";
    r.attempts = m.attempts;
    r.ttft_ms = m.ttft_ms;
    r.total_ms = m.total_ms;
    r.usage = {m.input_tokens, m.output_tokens};
    return r;
}
}  // namespace

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
    std::vector<CompareReply> compare;  // the compare being written, for its verdict after its last column
    const auto end_compare = [&out, &compare] {
        if (compare.empty())
            return;
        out += "_Compare: " + verdict_line(compare_verdict(compare), compare) + "_\n\n";
        compare.clear();
    };
    for (const StoredMessage& m : messages) {
        if (m.compare_of == 0 || m.compare_column == 0)
            end_compare();
        out += m.role == "user" ? "**You**\n\n" : "**Assistant**";
        if (m.role == "assistant") {
            if (m.compare_of != 0)
                out += " — compare column " + std::to_string(m.compare_column + 1) + ": " +
                       redactor.redact(m.compare_label);
            if (!m.served_target.empty())
                out += " (" + m.served_target + " · " + m.served_model +
                       (m.fallback_used ? ", fallback" : "") + ")";
            out += "\n\n";
        }
        if (!m.reasoning.empty()) {
            // Folded, above the answer, as the app shows it: a reader opens it on purpose.
            out += "<details><summary>Reasoning</summary>\n\n" + redactor.redact(m.reasoning) +
                   "\n\n</details>\n\n";
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
        if (m.compare_of != 0)
            compare.push_back(compare_reply(m));
    }
    end_compare();
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
             {"reasoning", redactor.redact(m.reasoning)},
             {"compare", m.compare_of == 0 ? json()
                                           : json{{"column", m.compare_column},
                                                  {"label", redactor.redact(m.compare_label)}}},
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
