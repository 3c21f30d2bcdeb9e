#include "SimulatorServer.h"

#include "config/JsonReader.h"

#include <sys/socket.h>
#include <QHttpServerRequest>
#include <QTcpServer>
#include <QUrlQuery>
#include <cmath>
#include <nlohmann/json.hpp>

#include "ReplyGenerator.h"
#include "ScenarioLoader.h"

namespace stormproof {

using nlohmann::json;

namespace {

const char* reason_phrase(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 413:
            return "Payload Too Large";
        case 429:
            return "Too Many Requests";
        case 500:
            return "Internal Server Error";
        case 502:
            return "Bad Gateway";
        case 503:
            return "Service Unavailable";
        case 504:
            return "Gateway Timeout";
        case 529:
            return "Site Overloaded";
        default:
            return "Status";
    }
}

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

std::string fnv_hex(const std::string& text) {
    // FNV-1a 64 with its published offset basis and prime, so clients can recompute it.
    constexpr std::uint64_t kFnvOffsetBasis = 14695981039346656037ULL;
    constexpr std::uint64_t kFnvPrime = 1099511628211ULL;
    std::uint64_t h = kFnvOffsetBasis;
    for (unsigned char c : text) {
        h ^= c;
        h *= kFnvPrime;
    }
    char buffer[20];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(h));
    return buffer;
}

// Drops the connection the way a crashed upstream does: a TCP reset (SO_LINGER 0), not a polite FIN, so the
// client cannot mistake the end of what it got for the end of the reply.
void reset_connection(QTcpSocket* socket) {
    socket->flush();
    const qintptr fd = socket->socketDescriptor();
    if (fd >= 0) {
        const linger hard{1, 0};
        ::setsockopt(static_cast<int>(fd), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    }
    socket->abort();
}

void write_chunk(QTcpSocket* socket, const std::string& data) {
    if (data.empty())
        return;
    char size[20];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    socket->write(size);
    socket->write(data.data(), static_cast<qint64>(data.size()));
    socket->write("\r\n", 2);
}

}  // namespace

// One streamed reply in flight: paced by the injected scheduler, faults applied at their token.
struct SimulatorServer::Stream {
    std::uint64_t id = 0;
    QPointer<QTcpSocket> socket;
    const WireFormat* wire = nullptr;
    SimCompletion completion;
    std::size_t next = 0;
    double interval_ms = 0;  // between tokens; 0 = all at once
    int cut_after = -1;      // drop the connection after this many tokens
    int stall_after = -1;    // pause once after this many tokens
    std::int64_t stall_ms = 0;
    bool terminator = true;
    bool garbage = false;
    std::uint64_t log_seq = 0;
    std::string outcome = "complete";
};

SimulatorServer::SimulatorServer(Clock& clock, Scheduler& scheduler, std::uint64_t seed, QObject* parent)
    : QAbstractHttpServer(parent),
      clock_(clock),
      scheduler_(scheduler),
      seed_(seed),
      random_(seed),
      scenario_(Scenario::healthy()) {
    scenario_started_ms_ = clock_.steady_ms();
}

SimulatorServer::~SimulatorServer() = default;

quint16 SimulatorServer::start(const QHostAddress& host, quint16 port, QString* error) {
    auto* tcp = new QTcpServer(this);
    if (!tcp->listen(host, port)) {
        if (error)
            *error = tcp->errorString();
        delete tcp;
        return 0;
    }
    bind(tcp);
    host_ = host;
    port_ = tcp->serverPort();
    return port_;
}

QString SimulatorServer::base_url() const {
    const QString h = host_.protocol() == QAbstractSocket::IPv6Protocol
                          ? QStringLiteral("[%1]").arg(host_.toString())
                          : host_.toString();
    return QStringLiteral("http://%1:%2").arg(h).arg(port_);
}

void SimulatorServer::set_scenario(Scenario scenario) {
    scenario_ = std::move(scenario);
    scenario_started_ms_ = clock_.steady_ms();
    limiter_.reset(scenario_.rate_limit);
    fault_uses_.clear();
}

const Scenario& SimulatorServer::scenario_for(const std::string& model, bool* unknown) {
    *unknown = false;
    if (model.rfind("sim-", 0) != 0)
        return scenario_;
    const std::string name = model.substr(4);
    auto it = named_scenarios_.find(name);
    if (it == named_scenarios_.end()) {
        auto loaded = ScenarioLoader::load(name);
        if (!loaded.ok() || name.find('/') != std::string::npos) {
            *unknown = true;
            return scenario_;
        }
        it = named_scenarios_.emplace(name, std::move(*loaded.scenario)).first;
    }
    return it->second;
}

const FaultSpec* SimulatorServer::draw_fault(const Phase& phase, const std::string& model) {
    if (phase.faults.empty())
        return nullptr;
    const double draw = random_.uniform01();
    double cumulative = 0;
    for (const FaultSpec& f : phase.faults) {
        if (!f.applies_to(model))
            continue;
        if (f.max_count > 0 && fault_uses_[&f] >= f.max_count)
            continue;  // spent: its share goes to the next
        cumulative += f.probability;
        if (draw < cumulative) {
            if (f.max_count > 0)
                ++fault_uses_[&f];
            return &f;
        }
    }
    return nullptr;
}

void SimulatorServer::send(QTcpSocket* socket, int status, const HeaderPairs& headers,
                           const std::string& body, const std::string& content_type) {
    std::string head = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) + "\r\n";
    head += "Content-Type: " + content_type + "\r\n";
    head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    for (const auto& [k, v] : headers)
        head += k + ": " + v + "\r\n";
    head += "\r\n";
    socket->write(head.data(), static_cast<qint64>(head.size()));
    socket->write(body.data(), static_cast<qint64>(body.size()));
}

bool SimulatorServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) {
    const std::string path = request.url().path().toStdString();
    const auto method = request.method();
    if (path.rfind("/_sim/", 0) == 0) {
        handle_control(request, socket, path);
        return true;
    }
    if (path == "/v1/chat/completions" && method == QHttpServerRequest::Method::Post) {
        handle_chat(request, socket, false);
        return true;
    }
    if (path == "/v1/messages" && method == QHttpServerRequest::Method::Post) {
        handle_chat(request, socket, true);
        return true;
    }
    if (path == "/v1/models" && method == QHttpServerRequest::Method::Get) {
        handle_models(socket);
        return true;
    }
    return false;
}

void SimulatorServer::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) {
    const std::string path = request.url().path().toStdString();
    send(socket, 404, {},
         openai_.error_body(404, "invalid_request_error",
                            "Unknown request URL: " + path + ". An OpenAI-compatible base URL ends in /v1."));
}

void SimulatorServer::handle_models(QTcpSocket* socket) {
    json data = json::array();
    const auto created = clock_.system_ms() / 1000;
    for (const auto& name : ScenarioLoader::builtin_names()) {
        data.push_back(
            {{"id", "sim-" + name}, {"object", "model"}, {"created", created}, {"owned_by", "stormproof"}});
    }
    send(socket, 200, {{"x-request-id", openai_.request_id(++completions_)}},
         json{{"object", "list"}, {"data", data}}.dump());
}

void SimulatorServer::handle_control(const QHttpServerRequest& request, QTcpSocket* socket,
                                     const std::string& path) {
    // Control is for the machine the simulator runs on, whatever interface it serves chat on.
    if (!socket->peerAddress().isLoopback()) {
        send(socket, 403, {}, json{{"error", "the control endpoints answer loopback clients only"}}.dump());
        return;
    }
    if (path == "/_sim/requests" && request.method() == QHttpServerRequest::Method::Get) {
        const auto since = request.query().queryItemValue(QStringLiteral("since")).toULongLong();
        send(socket, 200, {}, log_.to_json(since).dump());
        return;
    }
    if (path == "/_sim/scenario" && request.method() == QHttpServerRequest::Method::Get) {
        std::size_t index = 0;
        const Phase& phase = scenario_.phase_at(clock_.steady_ms() - scenario_started_ms_, &index);
        send(socket, 200, {},
             json{{"name", scenario_.name}, {"phase", phase.name}, {"phase_index", index}, {"seed", seed_}}
                 .dump());
        return;
    }
    if (path == "/_sim/scenario" && request.method() == QHttpServerRequest::Method::Post) {
        const QByteArray body = request.body();
        const json j = json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
        ScenarioLoadResult loaded;
        if (j.is_object() && j.size() == 1 && j.contains("name") && j["name"].is_string()) {
            // A built-in by name only: a client must not make the simulator read files from its disk.
            const std::string name = j["name"].get<std::string>();
            if (name.find('/') != std::string::npos || name.find('\\') != std::string::npos) {
                loaded.errors.push_back({"name", "must name a built-in scenario, not a path", 0, 0});
            } else {
                loaded = ScenarioLoader::load(name);
            }
        } else if (j.is_discarded()) {
            loaded.errors.push_back({"", "the body is not valid JSON", 0, 0});
        } else {
            loaded = ScenarioLoader::from_json(j);
        }
        if (!loaded.ok()) {
            json errors = json::array();
            for (const auto& e : loaded.errors)
                errors.push_back(e.to_string());
            send(socket, 400, {}, json{{"ok", false}, {"errors", errors}}.dump());
            return;
        }
        set_scenario(std::move(*loaded.scenario));
        send(socket, 200, {}, json{{"ok", true}, {"name", scenario_.name}}.dump());
        return;
    }
    send(socket, 404, {}, json{{"error", "unknown control endpoint " + path}}.dump());
}

void SimulatorServer::handle_chat(const QHttpServerRequest& request, QTcpSocket* socket, bool anthropic) {
    const WireFormat& wire = anthropic ? static_cast<const WireFormat&>(anthropic_) : openai_;
    const std::int64_t now_system = clock_.system_ms();
    const std::uint64_t n = ++completions_;

    SimRequestRecord record;
    record.ts_ms = now_system;
    record.method = "POST";
    record.path = request.url().path().toStdString();
    record.api = anthropic ? "anthropic" : "openai";
    record.idempotency_key = header_value(request, "idempotency-key");
    const std::string traceparent = header_value(request, "traceparent");
    if (traceparent.size() >= 35)
        record.trace_id = traceparent.substr(3, 32);
    record.request_id = wire.request_id(n);
    HeaderPairs headers = {{wire.request_id_header(), record.request_id}};

    auto reply_error = [&](int status, const std::string& type, const std::string& message) {
        record.status = status;
        record.outcome = "error";
        log_.add(record);
        send(socket, status, headers, wire.error_body(status, type, message));
    };

    // Any non-empty key is accepted, in either provider's header: the SDKs of both send Bearer, Anthropic's
    // also x-api-key. The key itself is never stored.
    std::string key = header_value(request, "x-api-key");
    const std::string authorization = header_value(request, "authorization");
    if (key.empty() && authorization.size() > 7 && authorization.compare(0, 7, "Bearer ") == 0)
        key = authorization.substr(7);
    if (key.empty()) {
        reply_error(401, anthropic ? "authentication_error" : "invalid_request_error",
                    "You didn't provide an API key (Authorization: Bearer KEY or x-api-key: KEY).");
        return;
    }

    const QByteArray raw = request.body();
    const json body = json::parse(raw.constData(), raw.constData() + raw.size(), nullptr, false);
    if (!body.is_object()) {
        reply_error(400, "invalid_request_error", "We could not parse the JSON body of your request.");
        return;
    }
    if (!body.contains("model") || !body["model"].is_string() || body["model"].get<std::string>().empty()) {
        reply_error(400, "invalid_request_error",
                    anthropic ? "model: Field required" : "you must provide a model parameter");
        return;
    }
    record.model = body["model"].get<std::string>();
    if (!body.contains("messages") || !body["messages"].is_array() || body["messages"].empty()) {
        reply_error(400, "invalid_request_error", "messages: at least one message is required");
        return;
    }
    if (anthropic && (!body.contains("max_tokens") || !body["max_tokens"].is_number_integer())) {
        reply_error(400, "invalid_request_error", "max_tokens: Field required");
        return;
    }
    record.stream = JsonReader::boolean_or(body, "stream", false);

    bool unknown_model = false;
    const Scenario& scenario = scenario_for(record.model, &unknown_model);
    if (unknown_model) {
        reply_error(
            404, anthropic ? "not_found_error" : "invalid_request_error",
            "The model `" + record.model + "` does not exist (sim-NAME needs a built-in scenario NAME).");
        return;
    }

    std::string prompt;
    if (body.contains("system"))
        prompt += text_of(body["system"]) + "\n";
    for (const json& m : body["messages"]) {
        if (m.is_object() && m.contains("content"))
            prompt += text_of(m["content"]) + "\n";
    }
    const std::int64_t elapsed = clock_.steady_ms() - scenario_started_ms_;
    const ReplyShape& shape = scenario.reply_at(elapsed);
    SimCompletion c;
    c.id = (anthropic ? "msg_sim" : "chatcmpl-sim") + std::to_string(n);
    c.model = record.model;
    c.created_s = now_system / 1000;
    c.prompt_tokens = ReplyGenerator::estimate_tokens(prompt);
    c.tokens = ReplyGenerator::tokens(seed_, prompt, shape.min_tokens, shape.max_tokens);
    const auto requested =
        JsonReader::integer_or(body, "max_tokens", JsonReader::integer_or(body, "max_completion_tokens", 0));
    const int max_tokens = static_cast<int>(std::clamp<std::int64_t>(requested, 0, 1'000'000));
    if (max_tokens > 0 && static_cast<int>(c.tokens.size()) > max_tokens)
        c.tokens.resize(static_cast<std::size_t>(max_tokens));
    if (body.contains("stream_options") && body["stream_options"].is_object()) {
        c.include_usage = JsonReader::boolean_or(body["stream_options"], "include_usage", false);
    }
    record.reply_tokens = static_cast<int>(c.tokens.size());
    record.reply_sha = fnv_hex(ReplyGenerator::join(c.tokens, c.tokens.size()));

    const RateVerdict rate = limiter_.check(key, c.prompt_tokens + record.reply_tokens, clock_.steady_ms());
    for (auto& h : wire.rate_limit_headers(rate, now_system))
        headers.push_back(h);
    if (!rate.allowed) {
        headers.emplace_back("retry-after-ms", std::to_string(rate.retry_after_ms));
        headers.emplace_back("retry-after", std::to_string((rate.retry_after_ms + 999) / 1000));
        record.status = 429;
        record.fault = "rate_limiter";
        record.outcome = "error";
        log_.add(record);
        send(socket, 429, headers, wire.error_body(FaultKind::RateLimit, record.model));
        return;
    }

    const FaultSpec* fault = draw_fault(scenario.phase_at(elapsed), record.model);
    if (fault)
        record.fault = std::string(to_string(fault->kind));
    const int status = fault ? fault_status(fault->kind) : 0;
    if (status != 0) {
        for (auto& h : wire.fault_headers(*fault, now_system))
            headers.push_back(h);
        record.status = status;
        record.outcome = "error";
        log_.add(record);
        send(socket, status, headers, wire.error_body(fault->kind, record.model));
        return;
    }
    if (fault && fault->kind == FaultKind::Reset) {
        record.outcome = "reset";
        log_.add(record);
        reset_connection(socket);
        return;
    }
    if (fault && fault->kind == FaultKind::Hang) {
        record.outcome = "hang";
        log_.add(record);
        return;  // the socket stays open and silent until the client gives up
    }

    const std::int64_t first_byte_delay =
        fault && fault->kind == FaultKind::SlowFirstByte ? fault->delay_ms : 0;
    const std::uint64_t seq = log_.add(record).seq;
    auto stream = std::make_unique<Stream>();
    stream->socket = socket;
    stream->wire = &wire;
    stream->completion = std::move(c);
    stream->interval_ms = shape.tokens_per_s > 0 ? 1000.0 / shape.tokens_per_s : 0;
    stream->log_seq = seq;
    if (fault) {
        switch (fault->kind) {
            case FaultKind::Cut:
                stream->cut_after = fault->after_tokens;
                break;
            case FaultKind::Stall:
                stream->stall_after = fault->after_tokens;
                stream->stall_ms = fault->stall_ms;
                break;
            case FaultKind::NoTerminator:
                stream->terminator = false;
                break;
            case FaultKind::MalformedJson:
                stream->garbage = true;
                break;
            default:
                break;
        }
    }
    const bool empty = fault && fault->kind == FaultKind::Empty200;
    const std::int64_t ttft = shape.first_token_ms + first_byte_delay;

    if (!record.stream || empty) {
        // A whole body, sent when a real server would have finished generating it.
        const auto total_ms =
            ttft + static_cast<std::int64_t>(stream->interval_ms *
                                             static_cast<double>(stream->completion.tokens.size()));
        const std::int64_t stall_extra_ms = stream->stall_after >= 0 ? stream->stall_ms : 0;
        const std::uint64_t id = register_stream(std::move(stream));
        auto deliver = [this, id, empty, headers]() mutable {
            Stream* live = live_stream(id);
            if (!live)
                return;
            Stream& st = *live;
            if (empty) {
                send(st.socket, 200, headers, "");
                finish_stream(id, "empty");
                return;
            }
            if (st.garbage) {
                send(st.socket, 200, headers, R"({"id": "broken", "choices": [{"message": {"content": "Hel)");
                finish_stream(id, "malformed");
                return;
            }
            const std::string full = st.wire->completion_body(st.completion);
            if (st.cut_after >= 0) {
                // Promise the whole body, deliver part of it, drop the connection.
                std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                   std::to_string(full.size()) + "\r\n\r\n";
                st.socket->write(head.data(), static_cast<qint64>(head.size()));
                st.socket->write(full.data(), static_cast<qint64>(full.size() / 2));
                reset_connection(st.socket);
                finish_stream(id, "cut");
                return;
            }
            send(st.socket, 200, headers, full);
            if (auto* r = log_.find(st.log_seq))
                r->sent_tokens = static_cast<int>(st.completion.tokens.size());
            finish_stream(id, st.stall_after >= 0 ? "stalled-then-complete" : "complete");
        };
        const std::int64_t delay = total_ms + stall_extra_ms;
        if (delay <= 0) {
            deliver();
        } else {
            scheduler_.schedule_after(delay, deliver);
        }
        return;
    }

    // Streamed: headers at once (as the real APIs do), the first token after ttft, then paced tokens.
    std::string head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\n"
        "Transfer-Encoding: chunked\r\n";
    for (const auto& [k, v] : headers)
        head += k + ": " + v + "\r\n";
    head += "\r\n";
    auto send_head = [socket, head]() { socket->write(head.data(), static_cast<qint64>(head.size())); };
    const std::uint64_t id = register_stream(std::move(stream));
    auto begin = [this, id, send_head, ttft]() {
        Stream* live = live_stream(id);
        if (!live)
            return;
        Stream& st = *live;
        send_head();
        write_chunk(st.socket, st.wire->stream_start(st.completion));
        if (ttft <= 0) {
            pump(id);
        } else {
            scheduler_.schedule_after(ttft, [this, id] { pump(id); });
        }
    };
    if (first_byte_delay > 0) {
        // slow_first_byte: nothing at all, not even headers, until the delay has passed.
        scheduler_.schedule_after(first_byte_delay, begin);
    } else {
        begin();
    }
}

std::uint64_t SimulatorServer::register_stream(std::unique_ptr<Stream> stream) {
    const std::uint64_t id = next_stream_id_++;
    stream->id = id;
    streams_.emplace(id, std::move(stream));
    peak_open_ = std::max(peak_open_, streams_.size());
    return id;
}

SimulatorServer::Stream* SimulatorServer::live_stream(std::uint64_t id) {
    const auto it = streams_.find(id);
    if (it == streams_.end())
        return nullptr;
    if (!it->second->socket || it->second->socket->state() != QAbstractSocket::ConnectedState) {
        finish_stream(id, "client_gone");
        return nullptr;
    }
    return it->second.get();
}

void SimulatorServer::pump(std::uint64_t stream_id) {
    Stream* live = live_stream(stream_id);
    if (!live)
        return;
    Stream& st = *live;
    const std::size_t total = st.completion.tokens.size();
    // At high token rates send several tokens per tick: one timer per 10 ms per stream at most.
    constexpr double kMinTickMs = 10.0;
    const std::size_t batch =
        st.interval_ms <= 0 ? total
                            : std::max<std::size_t>(1, static_cast<std::size_t>(kMinTickMs / st.interval_ms));
    std::string out;
    for (std::size_t i = 0; i < batch && st.next < total; ++i) {
        if (st.cut_after >= 0 && static_cast<int>(st.next) >= st.cut_after)
            break;
        if (st.stall_after >= 0 && static_cast<int>(st.next) == st.stall_after && st.stall_ms > 0)
            break;
        out += st.wire->stream_token(st.completion, st.next++);
    }
    if (st.garbage && st.next >= total / 2) {
        out += st.wire->stream_garbage();
        st.garbage = false;
    }
    write_chunk(st.socket, out);
    if (auto* r = log_.find(st.log_seq))
        r->sent_tokens = static_cast<int>(st.next);

    if (st.cut_after >= 0 && static_cast<int>(st.next) >= st.cut_after) {
        reset_connection(st.socket);
        finish_stream(stream_id, "cut");
        return;
    }
    if (st.stall_after >= 0 && static_cast<int>(st.next) == st.stall_after && st.stall_ms > 0) {
        const std::int64_t stall = st.stall_ms;
        st.stall_after = -1;
        st.outcome = "stalled-then-complete";
        st.socket->flush();
        scheduler_.schedule_after(stall, [this, stream_id] { pump(stream_id); });
        return;
    }
    if (st.next >= total) {
        write_chunk(st.socket, st.wire->stream_end(st.completion, st.terminator));
        st.socket->write("0\r\n\r\n", 5);
        finish_stream(stream_id, st.terminator ? st.outcome : "no_terminator");
        return;
    }
    const double ticks = static_cast<double>(batch) * st.interval_ms;
    scheduler_.schedule_after(static_cast<std::int64_t>(std::llround(ticks)),
                              [this, stream_id] { pump(stream_id); });
}

void SimulatorServer::finish_stream(std::uint64_t stream_id, const std::string& outcome) {
    auto it = streams_.find(stream_id);
    if (it == streams_.end())
        return;
    if (auto* r = log_.find(it->second->log_seq)) {
        r->outcome = outcome;
        if (r->status == 0 && outcome != "client_gone")
            r->status = 200;
    }
    streams_.erase(it);
}

}  // namespace stormproof
