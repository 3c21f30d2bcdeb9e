#pragma once
// Stormproof as a local OpenAI- and Anthropic-compatible endpoint: POST /v1/chat/completions (OpenAI, JSON
// and SSE), POST /v1/messages (Anthropic, JSON and SSE), GET /v1/models, GET /health. Any application points
// its SDK's base URL here and its traffic runs through the one ResilientClient (retries, fallbacks, breakers,
// budgets, deadline), on the same event bus as chat traffic.
//
// HTTP: not QAbstractHttpServer. Qt 6.4's reads a whole request body into memory before the handler sees the
// request (no way to answer 413 from the Content-Length first) and has no header or idle timeout, so a slow
// client holds a connection for ever. The gateway reads requests itself (HttpRequestReader: the caps are
// checked before the bytes they bound are read) on a QTcpServer, with one Timer per connection on the
// injected Scheduler: header_timeout_ms from a request's first byte to its last (408, then closed),
// idle_timeout_ms between kept-alive requests (closed). Responses go out through the HTTP/1.1 writer it
// shares with the simulator (http/HttpResponseWriter).
//
// API as agreed for the GUI panel and the SDK tests, extended by one argument: the constructor takes the
// app's ClientContext (its scheduler runs the connection timers; the client no longer hands its own out).

#include <QLoggingCategory>
#include <QObject>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "HttpRequestReader.h"
#include "llm/ClientContext.h"
#include "resilience/Result.h"

class QTcpServer;
class QTcpSocket;

// "stormproof.gateway": connections the gateway aborts (write timeout, a stream its client does not read).
Q_DECLARE_LOGGING_CATEGORY(lcGateway)

namespace stormproof {

class ResilientClient;

struct GatewayOptions {
    // Anthropic's Messages API refuses bodies above 32 MB (its documented request size limit); OpenAI's
    // limit is higher only for images, which a text chat does not carry. Above it: 413, body unread.
    static constexpr std::size_t kDefaultMaxBodyBytes = 32u * 1024 * 1024;
    // Requests served at once; above it 429 with retry-after. 256: four times the 64 concurrent
    // streams, and within the 2-core machine's reach (each in-flight request is one upstream connection).
    static constexpr int kDefaultMaxConcurrent = 256;
    // From a request's first byte to its last: 10 s, Go's common ReadHeaderTimeout; an SDK sends a request in
    // well under a millisecond on loopback.
    static constexpr std::int64_t kDefaultHeaderTimeoutMs = 10'000;
    // A kept-alive connection with no request: 60 s (nginx's keepalive_timeout is 75 s; the SDKs' pools keep
    // sockets for about that long).
    static constexpr std::int64_t kDefaultIdleTimeoutMs = 60'000;
    // Seconds a caller over the concurrency cap is asked to wait.
    static constexpr int kBusyRetryAfterS = 1;
    // A connection answered with Connection: close is read and dropped for at most this long (bounded also
    // by the header timeout) and this many bytes before it is closed: nginx's lingering_time is 30 s; 5 s is
    // ample on the loopback and LAN a local gateway serves, and twice the body cap covers a refused body.
    // What Qt may buffer from a connection's socket before the gateway reads it: a client sending while its
    // request is answered (or pipelining megabytes) is held back by TCP instead of filling memory. 1 MiB:
    // many reads of a 32 MiB body, and far above an SDK's heads.
    static constexpr qint64 kSocketReadBufferBytes = 1024 * 1024;
    static constexpr std::int64_t kLingerMs = 5'000;
    static constexpr std::size_t kMaxLingerDiscardBytes = 2 * kDefaultMaxBodyBytes;
    // Response bytes a connection may have waiting in Qt's write buffer (QTcpSocket::bytesToWrite, what the
    // kernel's send buffer did not take) before the gateway stops serving it: a client that pipelines
    // requests and never reads would otherwise grow it without end (RSS 19 -> 92 MB in 10 s with /health
    // alone). Above it the next pipelined request is not read or parsed until bytesWritten brings it back
    // under; a stream (GatewayExchange) above it is aborted, since the upstream cannot be paused. 1 MiB, the
    // read buffer's figure: on loopback the kernel's buffers already hold megabytes for a client that reads
    // at all, and one reply (a /health answer ~300 bytes, a chat reply a few KiB) is far below it.
    static constexpr qint64 kMaxBufferedWriteBytes = 1024 * 1024;
    // A connection with bytes waiting to be written and no progress for this long is aborted (nginx's
    // send_timeout, 60 s: re-armed on every write the client takes, not a limit on a whole response). It is
    // what ends every close that waits for the client to read (idle, linger, 408, the discard cap), and a
    // connection held above kMaxBufferedWriteBytes by a client that never reads.
    static constexpr std::int64_t kDefaultWriteTimeoutMs = 60'000;

    std::string host = "127.0.0.1";
    int port = 8787;    // 0: any free port
    std::string token;  // empty: no token required (only allowed on loopback)
    std::size_t max_body_bytes = kDefaultMaxBodyBytes;
    int max_concurrent = kDefaultMaxConcurrent;
    std::int64_t header_timeout_ms = kDefaultHeaderTimeoutMs;
    std::int64_t idle_timeout_ms = kDefaultIdleTimeoutMs;
    std::int64_t write_timeout_ms = kDefaultWriteTimeoutMs;
};

class GatewayServer : public QObject {
    Q_OBJECT

public:
    GatewayServer(ResilientClient& client, const ClientContext& context, GatewayOptions options,
                  QObject* parent = nullptr);
    ~GatewayServer() override;

    // Starts listening. Refuses a non-loopback host without a token. The error says what and where
    // ("127.0.0.1:8787: address in use").
    Status listen();
    void close();
    bool listening() const;
    std::string url() const;  // "http://HOST:PORT", port resolved
    int in_flight() const { return in_flight_; }
    // Connections open (including those closing while their last bytes wait for the client).
    int open_connections() const { return static_cast<int>(connections_.size()); }
    // Response bytes waiting in the connections' write buffers (the figure kMaxBufferedWriteBytes bounds).
    qint64 buffered_write_bytes() const;
    // Connections whose next request waits for the client to read (above kMaxBufferedWriteBytes).
    int held_connections() const;
    const GatewayOptions& options() const { return options_; }
    // GET /metrics: serves what this returns (Prometheus text, MetricsRegistry::exposition) under the same
    // token and origin rules as the API routes; unset, /metrics is a 404 like any unknown path.
    void set_metrics(std::function<std::string()> exposition) { metrics_ = std::move(exposition); }

signals:
    void listening_changed();

private:
    struct Connection;
    void on_new_connection();
    void on_ready_read(QTcpSocket* socket);
    void serve(Connection& c);
    void handle(Connection& c, HttpRequest request);
    // Whether this head may be served at all (token, browser origin, Host), decided before its body is read:
    // the status and the words of the refusal, or nothing.
    std::optional<std::pair<int, std::string>> refusal_for(const HttpRequest& head) const;
    void reply(Connection& c, int status, const std::string& body, bool keep_alive,
               const std::vector<std::pair<std::string, std::string>>& extra = {},
               const std::string& content_type = "application/json");
    void after_response(QTcpSocket* socket, bool keep_alive);
    void arm_timer(Connection& c);
    void on_bytes_written(QTcpSocket* socket);
    // Arms the write timeout if bytes wait to be written and it is not running; cancels it if none wait.
    void watch_writes(Connection& c);
    // disconnectFromHost (a FIN once the bytes written are flushed), bounded by the write timeout.
    void close_gracefully(QTcpSocket* socket);
    void drop(QTcpSocket* socket);

    ResilientClient& client_;
    ClientContext context_;
    GatewayOptions options_;
    std::unique_ptr<QTcpServer> server_;
    std::map<QTcpSocket*, std::unique_ptr<Connection>> connections_;
    int in_flight_ = 0;
    std::function<std::string()> metrics_;
};

}  // namespace stormproof
