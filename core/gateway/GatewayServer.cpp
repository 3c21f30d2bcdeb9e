#include "GatewayServer.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <charconv>
#include <cmath>

#include "GatewayExchange.h"
#include "GatewayProtocol.h"
#include "MetricsEndpoint.h"
#include "config/NetworkRules.h"
#include "http/HttpResponseWriter.h"
#include "llm/ResilientClient.h"
#include "resilience/RequestIdentity.h"
#include "resilience/Scheduler.h"
#include "resilience/Text.h"

Q_LOGGING_CATEGORY(lcGateway, "stormproof.gateway")

namespace stormproof {

namespace {
// A User-Agent longer than this is cut: it labels the caller on the dashboard and in every event.
constexpr std::size_t kMaxCallerChars = 200;
// An Idempotency-Key longer than this is refused (400): Stripe's and the IETF draft's keys are UUIDs, and
// OpenAI's SDKs send "stainless-python-retry-<uuid>" (about 60 characters).
constexpr std::size_t kMaxIdempotencyKeyChars = 255;
// What the gateway takes from a socket per read while a request is incomplete: the reader's largest head
// (HttpRequestReader::kDefaultMaxHeadBytes), so a head arrives in one read and a pipelined batch is not
// pulled into the reader whole.
constexpr qint64 kReadChunkBytes = 64 * 1024;
// Protocol headers a caller's request forwards to a target of its own protocol; nothing else goes upstream
// (the caller's gateway token, Authorization, x-api-key and x-stainless-* never do).
constexpr const char* kOpenAiForwarded[] = {"openai-organization", "openai-project"};
constexpr const char* kAnthropicForwarded[] = {"anthropic-version", "anthropic-beta"};

// Equal in time independent of where they differ (the token check).
bool constant_time_equal(std::string_view a, std::string_view b) {
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    const std::size_t n = std::max(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff |= static_cast<unsigned char>(x ^ y);
    }
    return diff == 0;
}

std::optional<std::int64_t> integer(std::string_view s) {
    std::int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size())
        return std::nullopt;
    return v;
}

// x-stainless-timeout: seconds, possibly fractional ("600", "12.5"). Parsed by hand (no locale).
std::optional<std::int64_t> seconds_to_ms(std::string_view s) {
    const std::size_t dot = s.find('.');
    const auto whole = integer(s.substr(0, dot));
    if (!whole || *whole < 0 || *whole > 365LL * 24 * 3600)
        return std::nullopt;
    std::int64_t ms = *whole * 1000;
    if (dot != std::string_view::npos) {
        std::int64_t scale = 100;
        for (char c : s.substr(dot + 1)) {
            if (c < '0' || c > '9')
                return std::nullopt;
            ms += (c - '0') * scale;
            scale /= 10;
        }
    }
    return ms;
}
}  // namespace

namespace {
// Which protocol a caller speaks, from what its head says: /v1/messages or an anthropic-version header is an
// Anthropic SDK; anything else is answered in OpenAI's shape.
WireProtocol caller_protocol(const HttpRequest& head) {
    const bool anthropic = head.path == "/v1/messages" || head.headers.get("anthropic-version").has_value();
    return anthropic ? WireProtocol::Anthropic : WireProtocol::OpenAI;
}
}  // namespace

struct GatewayServer::Connection {
    QTcpSocket* socket = nullptr;
    HttpRequestReader reader;
    Timer timer;
    // Runs while response bytes wait for the client to read; re-armed on each write the client takes.
    Timer write_timer;
    // The next request is not read until the client reads what waits (above kMaxBufferedWriteBytes).
    bool held = false;
    GatewayExchange* exchange = nullptr;  // the request being answered (a child of the server)
    bool busy = false;                    // a request is being answered: no timer, no reading ahead
    // Answered with Connection: close while the client may still be sending (a 413 before its body): what
    // it sends is read and dropped until it closes or the linger ends, so it gets to read the answer.
    bool lingering = false;
    std::size_t discarded_bytes = 0;
    explicit Connection(std::size_t max_body) : reader(max_body) {}
};

GatewayServer::GatewayServer(ResilientClient& client, const ClientContext& context, GatewayOptions options,
                             QObject* parent)
    : QObject(parent), client_(client), context_(context), options_(std::move(options)) {}

GatewayServer::~GatewayServer() {
    close();
}

Status GatewayServer::listen() {
    if (server_ && server_->isListening())
        return {};
    const std::string where = options_.host + ":" + std::to_string(options_.port);
    if (options_.token.empty() && !NetworkRules::is_loopback_host(options_.host)) {
        return make_error(
            "a non-loopback address needs a token (anyone on the network could spend your keys)", where);
    }
    QHostAddress address;
    if (!address.setAddress(QString::fromStdString(options_.host))) {
        if (options_.host == "localhost")
            address = QHostAddress::LocalHost;
        else
            return make_error("not an IP address", where);
    }
    if (options_.port < 0 || options_.port > 65535)
        return make_error("port out of range", where);
    server_ = std::make_unique<QTcpServer>();
    if (!server_->listen(address, static_cast<quint16>(options_.port))) {
        std::string why = server_->errorString().toStdString();
        if (server_->serverError() == QAbstractSocket::AddressInUseError)
            why = "address in use";
        server_.reset();
        return make_error(why, where);
    }
    connect(server_.get(), &QTcpServer::newConnection, this, &GatewayServer::on_new_connection);
    emit listening_changed();
    return {};
}

void GatewayServer::close() {
    const bool was = listening();
    const auto connections = std::exchange(connections_, {});
    for (const auto& [socket, c] : connections) {
        delete c->exchange;  // cancels its request
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
    in_flight_ = 0;
    if (server_) {
        server_->close();
        server_.reset();
    }
    if (was)
        emit listening_changed();
}

bool GatewayServer::listening() const {
    return server_ && server_->isListening();
}

std::string GatewayServer::url() const {
    if (!listening())
        return {};
    std::string host = server_->serverAddress().toString().toStdString();
    if (host.find(':') != std::string::npos)
        host = "[" + host + "]";
    return "http://" + host + ":" + std::to_string(server_->serverPort());
}

void GatewayServer::on_new_connection() {
    while (QTcpSocket* socket = server_->nextPendingConnection()) {
        auto c = std::make_unique<Connection>(options_.max_body_bytes);
        c->socket = socket;
        socket->setReadBufferSize(GatewayOptions::kSocketReadBufferBytes);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { on_ready_read(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] { drop(socket); });
        connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] { on_bytes_written(socket); });
        Connection& ref = *c;
        connections_[socket] = std::move(c);
        arm_timer(ref);
    }
}

void GatewayServer::arm_timer(Connection& c) {
    c.timer.cancel();
    if (c.busy || c.held || c.reader.state() == HttpRequestReader::State::Complete)
        return;  // answering, held for the client to read (the write timeout runs), or a whole request waits
    QTcpSocket* socket = c.socket;
    if (c.reader.started()) {
        if (options_.header_timeout_ms > 0) {
            c.timer = Timer(context_.scheduler, options_.header_timeout_ms, [this, socket] {
                const auto it = connections_.find(socket);
                if (it == connections_.end())
                    return;
                it->second->timer.fired();
                const std::string message = "the request did not arrive whole within " +
                                            std::to_string(options_.header_timeout_ms) + " ms";
                reply(*it->second, 408,
                      gateway::error_body(caller_protocol(it->second->reader.partial()), 408, message),
                      false);
            });
        }
    } else if (options_.idle_timeout_ms > 0) {
        c.timer = Timer(context_.scheduler, options_.idle_timeout_ms, [this, socket] {
            const auto it = connections_.find(socket);
            if (it == connections_.end())
                return;
            it->second->timer.fired();
            close_gracefully(socket);
        });
    }
}

void GatewayServer::on_ready_read(QTcpSocket* socket) {
    const auto it = connections_.find(socket);
    if (it == connections_.end())
        return;
    Connection& c = *it->second;
    if (c.lingering) {
        c.discarded_bytes += static_cast<std::size_t>(socket->skip(socket->bytesAvailable()));
        if (c.discarded_bytes > GatewayOptions::kMaxLingerDiscardBytes) {
            c.timer.cancel();
            close_gracefully(socket);
        }
        return;
    }
    if (c.busy)
        return;  // the next request is read once this one is answered
    if (socket->bytesToWrite() > GatewayOptions::kMaxBufferedWriteBytes) {
        // Backpressure: the client is not reading its answers; its next request waits, in its socket
        // buffer and then in TCP, until bytesWritten brings what waits back under the bound.
        c.held = true;
        arm_timer(c);  // the delay is the client's reading, not its sending: only the write timeout runs
        watch_writes(c);
        return;
    }
    // Read only until one whole request is buffered, kReadChunkBytes at a time: a pipelined batch stays in
    // the socket (and TCP) rather than in the reader, which holds at most one chunk beyond its request (and
    // moves no more than that each time it takes one).
    while (c.reader.state() == HttpRequestReader::State::NeedMore && socket->bytesAvailable() > 0) {
        const bool was_started = c.reader.started();
        const QByteArray bytes = socket->read(kReadChunkBytes);
        c.reader.feed(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
        if (!was_started)
            arm_timer(c);  // the first byte of a request starts its clock
    }
    if (c.reader.state() == HttpRequestReader::State::NeedMore && c.reader.head_complete()) {
        // Refused on its head alone (no token, a web page): answered before a byte of its body is kept.
        const HttpRequest& head = c.reader.partial();
        if (const auto refused = refusal_for(head)) {
            const WireProtocol protocol = caller_protocol(head);
            reply(c, refused->first, gateway::error_body(protocol, refused->first, refused->second), false);
            return;
        }
    }
    serve(c);
}

void GatewayServer::serve(Connection& c) {
    switch (c.reader.state()) {
        case HttpRequestReader::State::NeedMore:
            return;
        case HttpRequestReader::State::Failed: {
            const auto& f = c.reader.failure();
            const HttpRequest& head = c.reader.partial();
            const WireProtocol protocol = caller_protocol(head);
            reply(c, f.status, gateway::error_body(protocol, f.status, f.message), false);
            return;
        }
        case HttpRequestReader::State::Complete:
            c.timer.cancel();
            handle(c, c.reader.take());
            return;
    }
}

void GatewayServer::reply(Connection& c, int status, const std::string& body, bool keep_alive,
                          const std::vector<std::pair<std::string, std::string>>& extra,
                          const std::string& content_type) {
    HeaderPairs headers = GatewayExchange::stormproof_headers(
        RequestIdentity::generate(context_.random).trace_id, 0, {}, false);
    for (const auto& h : extra)
        headers.push_back(h);
    if (!keep_alive)
        headers.emplace_back("Connection", "close");
    http1::write_response(c.socket, status, headers, body, content_type);
    after_response(c.socket, keep_alive);
}

void GatewayServer::after_response(QTcpSocket* socket, bool keep_alive) {
    const auto it = connections_.find(socket);
    if (it == connections_.end())
        return;
    Connection& c = *it->second;
    c.busy = false;
    if (!keep_alive) {
        // A lingering close (nginx's lingering_close): closing at once while the client is still sending
        // its body makes the kernel reset the connection, and the client sees "connection reset" -- which
        // the SDKs retry, sending a refused 64 MB body again -- instead of the answer. Keep reading and
        // dropping what arrives, bounded in time and bytes; the client closes once it has read the answer.
        c.lingering = true;
        c.reader = HttpRequestReader(options_.max_body_bytes);
        c.discarded_bytes = static_cast<std::size_t>(socket->skip(socket->bytesAvailable()));
        c.timer = Timer(context_.scheduler,
                        std::min<std::int64_t>(GatewayOptions::kLingerMs,
                                               std::max<std::int64_t>(options_.header_timeout_ms, 1)),
                        [this, socket] {
                            const auto found = connections_.find(socket);
                            if (found == connections_.end())
                                return;
                            found->second->timer.fired();
                            close_gracefully(socket);  // after the bytes written are flushed
                        });
        watch_writes(c);
        return;
    }
    arm_timer(c);
    watch_writes(c);
    if (socket->bytesAvailable() > 0 || c.reader.state() != HttpRequestReader::State::NeedMore) {
        // A request that arrived while the previous one was answered (or was pipelined behind it).
        QMetaObject::invokeMethod(
            this, [this, socket] { on_ready_read(socket); }, Qt::QueuedConnection);
    }
}

void GatewayServer::watch_writes(Connection& c) {
    if (c.socket->bytesToWrite() <= 0) {
        c.write_timer.cancel();
        return;
    }
    if (c.write_timer.armed() || options_.write_timeout_ms <= 0)
        return;
    QTcpSocket* socket = c.socket;
    c.write_timer = Timer(context_.scheduler, options_.write_timeout_ms, [this, socket] {
        const auto it = connections_.find(socket);
        if (it == connections_.end())
            return;
        it->second->write_timer.fired();
        qCWarning(lcGateway).nospace()
            << "gateway: aborting the connection from " << socket->peerAddress().toString() << ":"
            << socket->peerPort() << ": " << socket->bytesToWrite()
            << " response bytes unread by the client for " << options_.write_timeout_ms << " ms";
        socket->abort();  // emits disconnected: drop() forgets the connection
    });
}

void GatewayServer::on_bytes_written(QTcpSocket* socket) {
    const auto it = connections_.find(socket);
    if (it == connections_.end())
        return;
    Connection& c = *it->second;
    c.write_timer.cancel();  // the client took bytes: the write timeout starts again
    watch_writes(c);
    if (c.held && socket->bytesToWrite() <= GatewayOptions::kMaxBufferedWriteBytes) {
        c.held = false;
        arm_timer(c);
        QMetaObject::invokeMethod(
            this, [this, socket] { on_ready_read(socket); }, Qt::QueuedConnection);
    }
}

void GatewayServer::close_gracefully(QTcpSocket* socket) {
    socket->disconnectFromHost();  // with nothing to flush, disconnected -> drop() at once
    const auto it = connections_.find(socket);
    if (it != connections_.end())
        watch_writes(*it->second);  // bytes wait: ClosingState until the client reads them, or the timeout
}

qint64 GatewayServer::buffered_write_bytes() const {
    qint64 total = 0;
    for (const auto& [socket, c] : connections_)
        total += socket->bytesToWrite();
    return total;
}

int GatewayServer::held_connections() const {
    int n = 0;
    for (const auto& [socket, c] : connections_)
        n += c->held ? 1 : 0;
    return n;
}

void GatewayServer::drop(QTcpSocket* socket) {
    const auto it = connections_.find(socket);
    if (it == connections_.end())
        return;
    std::unique_ptr<Connection> c = std::move(it->second);
    connections_.erase(it);
    if (c->exchange) {
        --in_flight_;
        c->exchange->deleteLater();  // cancels the call: the caller is gone
        c->exchange = nullptr;
    }
    socket->deleteLater();
}

std::optional<std::pair<int, std::string>> GatewayServer::refusal_for(const HttpRequest& head) const {
    if (head.path == "/health")
        return std::nullopt;
    const HttpHeaders& h = head.headers;
    if (!options_.token.empty()) {
        std::string offered = h.get("x-api-key").value_or("");
        if (const auto auth = h.get("authorization"); auth && auth->rfind("Bearer ", 0) == 0)
            offered = auth->substr(7);
        if (!constant_time_equal(offered, options_.token)) {
            return std::make_pair(401, offered.empty()
                                           ? "this gateway needs its token: Authorization: Bearer "
                                             "TOKEN or x-api-key: TOKEN"
                                           : "the gateway token is not valid");
        }
        return std::nullopt;  // whoever holds the token may call from anywhere it listens
    }
    // Without a token, only programs on this machine: a web page the user visits could otherwise spend their
    // keys with a form post (a browser sends Origin on every cross-site POST) or, by DNS rebinding, under a
    // name of its own that resolves here (its Host is then not a loopback name).
    if (const auto origin = h.get("origin"))
        return std::make_pair(403, "requests from web pages (Origin: " + *origin +
                                       ") are refused; start the gateway with a token to serve them");
    if (const auto host = h.get("host")) {
        std::string name = *host;
        if (!name.empty() && name.front() == '[')
            name = name.substr(0, name.find(']') + 1);
        else if (const auto colon = name.rfind(':'); colon != std::string::npos)
            name = name.substr(0, colon);
        const bool local = name == "localhost" || name == "127.0.0.1" || name == "[::1]" ||
                           name == options_.host || NetworkRules::is_loopback_host(name);
        if (!local)
            return std::make_pair(403, "Host " + *host +
                                           " is not this machine's; without a token the gateway "
                                           "answers only loopback names");
    }
    return std::nullopt;
}

void GatewayServer::handle(Connection& c, HttpRequest request) {
    const HttpHeaders& h = request.headers;
    const WireProtocol protocol = caller_protocol(request);
    const bool keep = request.keep_alive;
    auto error = [&](int status, const std::string& message, const HeaderPairs& extra = {}) {
        reply(c, status, gateway::error_body(protocol, status, message), keep, extra);
    };

    if (request.path == "/health") {
        if (request.method != "GET")
            return error(405, "GET /health");
        return reply(c, 200, R"({"status":"ok"})", keep);
    }
    // Every other path asks for the token, when there is one, and refuses web pages.
    if (const auto refused = refusal_for(request))
        return error(refused->first, refused->second);
    std::vector<std::string> names;
    for (const TargetConfig& t : client_.policy().targets)
        names.push_back(t.name);
    names.push_back("default");
    if (request.path == "/v1/models") {
        if (request.method != "GET")
            return error(405, "GET /v1/models");
        return reply(c, 200, gateway::models_body(protocol, names), keep);
    }
    if (request.path == "/metrics" && metrics_) {
        if (request.method != "GET")
            return error(405, "GET /metrics");
        return reply(c, 200, metrics_(), keep, {}, std::string(MetricsEndpoint::kContentType));
    }
    const bool chat = request.path == "/v1/chat/completions" || request.path == "/v1/messages";
    if (!chat)
        return error(
            404, "no such endpoint: " + request.path +
                     " (served: POST /v1/chat/completions, POST /v1/messages, GET /v1/models, GET /health" +
                     (metrics_ ? ", GET /metrics)" : ")"));
    if (request.method != "POST")
        return error(405, "POST " + request.path);
    if (in_flight_ >= options_.max_concurrent) {
        return error(
            429, "the gateway is answering " + std::to_string(in_flight_) + " requests, its limit; try again",
            {{"retry-after", std::to_string(GatewayOptions::kBusyRetryAfterS)}});
    }
    auto parsed = gateway::parse_chat(protocol, request.body);
    if (!parsed)
        return error(400, parsed.error().to_string());
    gateway::ParsedChat chat_request = std::move(parsed).value();
    // Routing: a target's name starts the chain there; "default" runs all of it.
    const std::string model = chat_request.model;
    if (model != "default") {
        bool known = false;
        for (const std::string& n : names)
            known |= n == model;
        if (!known) {
            std::string list;
            for (const std::string& n : names)
                list += (list.empty() ? "" : ", ") + n;
            return reply(c, 404,
                         gateway::error_body(
                             protocol, 404, "model \"" + model + "\" is not served here; use one of: " + list,
                             "model_not_found"),
                         keep);
        }
        chat_request.request.start_target = model;
    }
    ChatRequest& r = chat_request.request;
    if (const auto key = h.get("idempotency-key")) {
        if (key->size() > kMaxIdempotencyKeyChars)
            return error(400, "Idempotency-Key longer than " + std::to_string(kMaxIdempotencyKeyChars) +
                                  " characters");
        r.idempotency_key = *key;
    }
    std::optional<std::int64_t> deadline;
    if (const auto v = h.get("x-stormproof-deadline-ms"))
        deadline = integer(*v);
    if (const auto v = h.get("x-stainless-timeout")) {
        const auto ms = seconds_to_ms(*v);
        if (ms && (!deadline || *ms < *deadline))
            deadline = ms;
    }
    if (deadline && *deadline > 0)
        r.deadline_ms = deadline;
    if (const auto v = h.get("x-stainless-retry-count")) {
        const auto n = integer(*v);
        r.caller_retry_count = n && *n > 0 ? static_cast<int>(std::min<std::int64_t>(*n, 1000)) : 0;
    }
    std::string caller = h.get("user-agent").value_or("");
    if (caller.size() > kMaxCallerChars)
        caller = text_from_bytes(std::string_view(caller).substr(0, kMaxCallerChars));
    r.caller = caller;
    r.final_after_first_token = true;
    const auto forward = [&](const auto& list) {
        for (const char* name : list)
            if (const auto v = h.get(name))
                r.passthrough->headers.emplace_back(name, *v);
    };
    if (protocol == WireProtocol::OpenAI)
        forward(kOpenAiForwarded);
    else
        forward(kAnthropicForwarded);

    QTcpSocket* socket = c.socket;
    c.busy = true;
    ++in_flight_;
    auto* exchange = new GatewayExchange(
        client_, context_.clock, socket, protocol, std::move(chat_request), model, keep,
        [this, socket](bool keep_alive) {
            const auto it = connections_.find(socket);
            if (it == connections_.end())
                return;
            if (GatewayExchange* done = std::exchange(it->second->exchange, nullptr)) {
                --in_flight_;
                done->deleteLater();
            }
            after_response(socket, keep_alive);
        },
        this);
    c.exchange = exchange;
    exchange->start();
}

}  // namespace stormproof
