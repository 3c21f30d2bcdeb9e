#include "SimulatorServer.h"

#include <QHttpServerRequest>
#include <QTcpServer>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "resilience/Text.h"

#include "ChatRequestReader.h"
#include "FaultDraw.h"
#include "ReplyGenerator.h"
#include "ScenarioLoader.h"
#include "http/HttpResponseWriter.h"

namespace stormproof {

using nlohmann::json;

namespace {

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

}  // namespace

SimulatorServer::SimulatorServer(Clock& clock, Scheduler& scheduler, std::uint64_t seed, QObject* parent)
    : QAbstractHttpServer(parent),
      clock_(clock),
      seed_(seed),
      random_(seed),
      scenarios_(clock.steady_ms()),
      control_(scenarios_, log_, clock, seed),
      pacer_(scheduler, log_) {
    for (const auto dialect : kAllProviderDialects)
        dialects_.emplace_back(dialect);
}

const WireFormat& SimulatorServer::wire_for(const ScenarioState& state, bool anthropic) const {
    if (anthropic)
        return anthropic_;
    const auto dialect = state.scenario().dialect;
    if (!dialect || *dialect == ProviderDialect::OpenAi || *dialect == ProviderDialect::Anthropic)
        return openai_;
    for (const auto& wire : dialects_) {
        if (wire.dialect() == *dialect)
            return wire;
    }
    return openai_;
}

SimulatorServer::~SimulatorServer() = default;

Result<quint16> SimulatorServer::start(const QHostAddress& host, quint16 port) {
    auto* tcp = new QTcpServer(this);
    if (!tcp->listen(host, port)) {
        Error error = make_error(tcp->errorString().toStdString(),
                                 host.toString().toStdString() + ":" + std::to_string(port));
        delete tcp;
        return error;
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

bool SimulatorServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) {
    const std::string path = request.url().path().toStdString();
    const auto method = request.method();
    if (path.rfind("/_sim/", 0) == 0) {
        const ControlEndpoints::Reply reply = control_.handle(request, socket->peerAddress().isLoopback());
        http1::write_response(socket, reply.status, {}, reply.body);
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
    http1::write_response(
        socket, 404, {},
        openai_.error_body(404, "invalid_request_error",
                           "Unknown request URL: " + path + ". An OpenAI-compatible base URL ends in /v1."));
}

void SimulatorServer::handle_models(QTcpSocket* socket) {
    json data = json::array();
    const auto created = clock_.system_ms() / 1000;
    for (const auto& name : scenarios_.names()) {
        data.push_back(
            {{"id", "sim-" + name}, {"object", "model"}, {"created", created}, {"owned_by", "stormproof"}});
    }
    http1::write_response(socket, 200, {{"x-request-id", openai_.request_id(++completions_)}},
                          to_json_text(json{{"object", "list"}, {"data", data}}));
}

void SimulatorServer::handle_chat(const QHttpServerRequest& request, QTcpSocket* socket, bool anthropic) {
    const WireFormat* wire_in_use = anthropic ? static_cast<const WireFormat*>(&anthropic_) : &openai_;
    const std::int64_t now_system = clock_.system_ms();
    const std::int64_t now = clock_.steady_ms();
    const std::uint64_t n = ++completions_;
    const ChatRequestRead read = read_chat_request(request, anthropic);

    SimRequestRecord record;
    record.ts_ms = now_system;
    record.method = "POST";
    record.path = request.url().path().toStdString();
    record.api = anthropic ? "anthropic" : "openai";
    record.idempotency_key = read.idempotency_key;
    record.trace_id = read.trace_id;
    record.model = read.model;
    record.request_id = wire_in_use->request_id(n);
    HeaderPairs headers = {{wire_in_use->request_id_header(), record.request_id}};

    auto reply_error = [&](int status, const std::string& body) {
        record.status = status;
        record.outcome = "error";
        log_.add(record);
        http1::write_response(socket, status, headers, body);
    };
    if (!read.request) {
        reply_error(read.problem.status,
                    wire_in_use->error_body(read.problem.status, read.problem.type, read.problem.message));
        return;
    }
    const SimChatRequest& req = *read.request;
    record.stream = req.stream;

    // sim-NAME runs scenario NAME -- all of it: its phases from its own clock, its own rate-limit buckets,
    // its faults, its reply timing. Any other model runs the current scenario.
    ScenarioState* state = scenarios_.for_model(req.model, now);
    if (!state) {
        reply_error(404, wire_in_use->error_body(
                             404, anthropic ? "not_found_error" : "invalid_request_error",
                             "The model `" + req.model +
                                 "` does not exist. The simulator's models are sim-NAME for a "
                                 "scenario NAME, one of: " +
                                 scenarios_.names_text() + " (any other model runs the current scenario)."));
        return;
    }

    // The scenario's dialect from here on: its request-id header, statuses, bodies, hints and stream quirks.
    const WireFormat& wire = wire_for(*state, anthropic);
    headers.front().first = wire.request_id_header();
    const ReplyShape& shape = state->reply_at(now);
    SimCompletion c;
    c.id = (anthropic ? "msg_sim" : "chatcmpl-sim") + std::to_string(n);
    c.model = req.model;
    c.created_s = now_system / 1000;
    c.prompt_tokens = ReplyGenerator::estimate_tokens(req.prompt);
    c.tokens = ReplyGenerator::tokens(seed_, req.prompt, shape.min_tokens, shape.max_tokens);
    if (req.max_tokens > 0 && static_cast<int>(c.tokens.size()) > req.max_tokens) {
        c.tokens.resize(static_cast<std::size_t>(req.max_tokens));
        c.cut_by_max_tokens = true;
    }
    c.include_usage = req.include_usage;
    record.reply_tokens = static_cast<int>(c.tokens.size());
    record.reply_sha = fnv_hex(ReplyGenerator::join(c.tokens, c.tokens.size()));

    const int billed_tokens = c.prompt_tokens + record.reply_tokens;
    const RateVerdict rate = state->limiter().check(req.key, billed_tokens, now);
    for (auto& h : wire.rate_limit_headers(rate, now_system))
        headers.push_back(h);
    if (!rate.allowed) {
        for (auto& h : wire.rate_limited_headers(rate))
            headers.push_back(h);
        record.fault = "rate_limiter";
        reply_error(429, wire.rate_limited_body(rate, req.model, billed_tokens));
        return;
    }

    const FaultSpec* fault = draw_fault(state->phase_at(now), req.model, random_, state->fault_uses());
    if (fault)
        record.fault = std::string(to_string(fault->kind));
    int status = fault ? wire.fault_status(fault->kind) : 0;
    if (fault && fault->kind == FaultKind::StreamError && !req.stream)
        status = 502;  // nothing streams to fail in: the provider's error arrives as the answer
    if (status != 0) {
        for (auto& h : wire.fault_headers(*fault, now_system))
            headers.push_back(h);
        reply_error(status, wire.fault_body(*fault, req.model));
        return;
    }
    if (fault && fault->kind == FaultKind::Reset) {
        record.outcome = "reset";
        log_.add(record);
        http1::reset_connection(socket);
        return;
    }
    if (fault && fault->kind == FaultKind::Hang) {
        record.outcome = "hang";
        log_.add(record);
        return;  // the socket stays open and silent until the client gives up
    }

    ReplyPlan plan;
    plan.socket = socket;
    plan.wire = &wire;
    plan.completion = std::move(c);
    plan.headers = std::move(headers);
    plan.log_seq = log_.add(record).seq;
    plan.stream = req.stream;
    plan.interval_ms = shape.tokens_per_s > 0 ? 1000.0 / shape.tokens_per_s : 0;
    plan.first_token_ms = shape.first_token_ms;
    if (fault) {
        switch (fault->kind) {
            case FaultKind::SlowFirstByte:
                plan.first_byte_delay_ms = fault->delay_ms;
                break;
            case FaultKind::Cut:
                plan.cut_after = fault->after_tokens;
                break;
            case FaultKind::Stall:
                plan.stall_after = fault->after_tokens;
                plan.stall_ms = fault->stall_ms;
                break;
            case FaultKind::NoTerminator:
                plan.terminator = false;
                break;
            case FaultKind::MalformedJson:
                plan.garbage = true;
                break;
            case FaultKind::Empty200:
                plan.empty = true;
                break;
            case FaultKind::StreamError:
                // after_tokens tokens, then the provider's error object ends the stream.
                if (static_cast<int>(plan.completion.tokens.size()) > fault->after_tokens)
                    plan.completion.tokens.resize(static_cast<std::size_t>(fault->after_tokens));
                plan.completion.stream_error = true;
                break;
            default:
                break;
        }
    }
    pacer_.start(std::move(plan));
}

}  // namespace stormproof
