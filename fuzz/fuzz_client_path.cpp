// The whole client path from raw response bytes (issue 14): a status, headers and a body or SSE stream, cut
// anywhere, as a server, a proxy or a broken network sends them; through the adapters' decoders, ServerHints,
// ProviderError, the classifier and the engine, to every output a person or a tool reads: the `chat --json`
// object, a JSONL event line, a conversation export -- and the request bodies both adapters build from bytes
// that are not UTF-8. Never a crash, never an exception out of a writer, and every output is valid JSON whose
// strings were made text at the boundary (a strict dump of the same values does not throw).
//
// Input: byte 0 = flags (bit 0 Anthropic, bit 1 stream, bits 2..5 the status), bytes 1..2 = where to cut the
// body (big-endian; 0xFFFF: no cut), then header lines up to the first blank line ("\n\n"), then the body.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "llm/AnthropicAdapter.h"
#include "llm/ChatTypes.h"
#include "llm/OpenAiAdapter.h"
#include "llm/SseParser.h"
#include "resilience/ErrorClassifier.h"
#include "resilience/HttpHeaders.h"
#include "resilience/ProviderError.h"
#include "resilience/RequestExecution.h"
#include "resilience/ResilienceState.h"
#include "resilience/SeededRandom.h"
#include "resilience/ServerHintParser.h"
#include "resilience/SimulatedTime.h"
#include "resilience/Text.h"
#include "storage/ConversationExporter.h"
#include "telemetry/JsonlEventLog.h"
#include "telemetry/Redactor.h"

using namespace stormproof;
using nlohmann::json;

namespace {

constexpr int kStatuses[16] = {200, 200, 400, 401, 403, 404, 408, 413, 422, 429, 500, 502, 503, 504, 529, 0};

// An output must parse back strictly, and the values it was written from must need no replacing: the bytes
// were made text where they came in, not papered over by the writer.
void check_written(const std::string& text, const json& values) {
    if (!json::accept(text))
        std::abort();
    try {
        (void)values.dump();
    } catch (const json::exception&) {
        std::abort();  // a string that skipped the byte boundary
    }
}

// Both adapters build valid JSON, with the same text, from the same bytes (once: the Anthropic body threw and
// the OpenAI body was invalid JSON for a Latin-1 prompt).
void check_request_bodies(std::string_view prompt) {
    ChatRequest request;
    request.system = std::string(prompt.substr(0, 16));
    request.messages = {{"user", std::string(prompt)}};
    request.stop = {std::string(prompt.substr(prompt.size() / 2))};
    BuildContext context;
    context.base_url = "http://127.0.0.1:1/v1";
    context.model = std::string(prompt.substr(0, 8));
    context.api_key = "x";
    const json openai = json::parse(OpenAiAdapter().build(request, context).body, nullptr, false);
    const json anthropic = json::parse(AnthropicAdapter().build(request, context).body, nullptr, false);
    if (openai.is_discarded() || anthropic.is_discarded())
        std::abort();
    if (openai["messages"].back()["content"] != anthropic["messages"].back()["content"] ||
        openai["model"] != anthropic["model"] || openai["stop"] != anthropic["stop_sequences"] ||
        (!request.system.empty() && openai["messages"][0]["content"] != anthropic["system"]))
        std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 3)
        return 0;
    const bool anthropic = data[0] & 1;
    const bool stream = data[0] & 2;
    const int status = kStatuses[(data[0] >> 2) & 15];
    const std::size_t cut = (static_cast<std::size_t>(data[1]) << 8) | data[2];
    const std::string_view rest(reinterpret_cast<const char*>(data) + 3, size - 3);
    const std::size_t blank = rest.find("\n\n");
    const std::string_view head = blank == std::string_view::npos ? rest : rest.substr(0, blank);
    std::string_view body = blank == std::string_view::npos ? std::string_view() : rest.substr(blank + 2);
    if (cut != 0xFFFF && cut < body.size())
        body = body.substr(0, cut);

    static const OpenAiAdapter openai_adapter;
    static const AnthropicAdapter anthropic_adapter;
    const ProviderAdapter& adapter = anthropic ? static_cast<const ProviderAdapter&>(anthropic_adapter)
                                               : static_cast<const ProviderAdapter&>(openai_adapter);

    // Headers, as HttpAttempt keeps them (names lower-cased; the values' bytes as they came).
    HttpHeaders headers;
    std::size_t pos = 0;
    while (pos < head.size()) {
        std::size_t eol = head.find('\n', pos);
        if (eol == std::string_view::npos)
            eol = head.size();
        const std::string_view line = head.substr(pos, eol - pos);
        const std::size_t colon = line.find(':');
        if (colon != std::string_view::npos) {
            std::string name(line.substr(0, colon));
            for (char& c : name)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            headers.add(name, line.substr(colon + 1));
        }
        pos = eol + 1;
    }

    // The attempt's outcome, as HttpAttempt::build_result judges it.
    SimulatedTime time;
    AttemptOutcome outcome;
    std::string text, finish;
    Usage usage;
    if (status > 0)
        outcome.http_status = status;
    else
        outcome.transport = TransportError::ConnectionReset;
    outcome.request_id = headers.get("x-request-id").value_or(headers.get("request-id").value_or(""));
    outcome.hints = ServerHintParser::parse(headers, time.system_ms(), status == 429);
    if (status != 0 && (status < 200 || status >= 300)) {
        outcome.provider_error = ProviderError::parse(body);
    } else if (status != 0 && stream) {
        SseParser sse;
        auto decoder = adapter.make_decoder();
        // Fed in pieces, so events and characters are split across reads.
        for (std::size_t at = 0; at < body.size(); at += 7) {
            sse.feed(body.substr(at, 7));
            for (const SseEvent& e : sse.take_events())
                decoder->on_event(e);
            text += decoder->take_text();
        }
        usage = decoder->usage();
        finish = decoder->finish_reason();
        if (decoder->stream_error()) {
            outcome.transport = TransportError::StreamError;
            outcome.provider_error = *decoder->stream_error();
        } else if (decoder->malformed() || sse.overflowed()) {
            outcome.transport = TransportError::MalformedBody;
        } else if (!decoder->complete()) {
            outcome.transport = TransportError::TruncatedStream;
        }
        outcome.received_first_token = decoder->has_text();
    } else if (status != 0 && !adapter.parse_body(body, text, usage, finish)) {
        outcome.transport = TransportError::MalformedBody;
        text.clear();
    }

    // The engine's decision on it.
    SeededRandom random(1);
    ResilienceState state;
    RequestExecution execution(ResiliencePolicy{}, {{"raw", 1}}, state, time, random,
                               RequestIdentity::generate(random), "fuzz");
    const Step first = execution.begin();
    const int attempt_id = first.start ? first.start->attempt_id : 1;
    const Step after = execution.on_attempt_finished(attempt_id, outcome);
    const auto classification = ErrorClassifier::classify(outcome);

    // What ChatCall makes of it: the result, its attempt record and the events, redacted as ChatCall does.
    Redactor redactor;
    redactor.add_secret("sk-fuzz-secret-0001");
    ChatResult result;
    result.ok = outcome.succeeded() && !classification;
    result.text = text;
    result.partial = !result.ok && !text.empty();
    result.finish_reason = finish;
    result.usage = usage;
    result.trace_id = "t";
    AttemptRecord record;
    record.index = attempt_id;
    record.target = "raw";
    record.status = outcome.http_status;
    record.request_id = outcome.request_id;
    record.error_class = classification ? std::string(to_string(classification->error_class)) : "";
    record.detail = classification ? classification->detail : "";
    if (classification && !outcome.provider_error.message.empty())
        record.detail += ": " + redactor.redact(outcome.provider_error.message);
    for (const Decision& d : after.decisions) {
        if (!d.detail.empty())
            record.detail += "; " + redactor.redact(d.detail);
    }
    record.delay_source = std::string(to_string(outcome.hints.source));
    result.attempts.push_back(record);
    if (!result.ok)
        result.error = ChatError{record.error_class, outcome.http_status, redactor.redact(record.detail), ""};

    const json result_json = result.to_json();
    check_written(to_json_text(result_json, 2), result_json);  // `chat --json`

    TelemetryEvent event;
    event.event = EventKind::AttemptFinished;
    event.trace_id = result.trace_id;
    event.target = record.target;
    event.status = record.status;
    event.error_class = record.error_class;
    event.request_id = record.request_id;
    event.detail = record.detail;
    event.reason = outcome.provider_error.type + " " + outcome.provider_error.code;
    event.delay_source = record.delay_source;
    for (const HintReading& r : outcome.hints.readings)
        event.reason += " " + r.header + "=" + r.raw;
    const std::string line = JsonlEventLog::line_for(event, redactor);  // --events, the dashboard's export
    if (line.empty() || line.back() != '\n')
        std::abort();
    check_written(line.substr(0, line.size() - 1), event.to_json());

    ConversationInfo info;
    info.title = "fuzz";
    StoredMessage reply;
    reply.role = "assistant";
    reply.content = result.text;
    reply.status = result.ok ? "complete" : "failed";
    reply.trace_id = result.trace_id;
    reply.error_class = record.error_class;
    reply.error_message = result.error ? result.error->message : "";
    reply.attempts = result.attempts;
    const std::string exported = ConversationExporter::to_json(info, {reply}, {event}, redactor);
    if (!json::accept(exported))
        std::abort();
    (void)ConversationExporter::to_markdown(info, {reply}, redactor);

    // The same bytes as a prompt (stdin, the composer): both request bodies.
    check_request_bodies(body.empty() ? head : body);
    return 0;
}
