#pragma once
// A loopback HTTP endpoint with one route, GET /metrics, for the processes that have no gateway to serve it:
// `stormproof-cli load --metrics-port PORT` and the GUI's setting. The gateway serves the same text on its
// own port (GatewayServer::set_metrics). HTTP is read with the gateway's HttpRequestReader (caps checked
// before the bytes they bound) and written with the one HTTP/1.1 writer (http/HttpResponseWriter).
//
// Only loopback addresses: metrics name targets, models and traffic, and there is no token here. Like the
// tokenless gateway, requests from web pages (Origin) and foreign Host names (DNS rebinding) get 403. One
// request per connection (Connection: close); a request must arrive whole within kHeaderTimeoutMs.

#include <QObject>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "HttpRequestReader.h"
#include "resilience/Result.h"
#include "resilience/Scheduler.h"

class QTcpServer;
class QTcpSocket;

namespace stormproof {

class MetricsEndpoint : public QObject {
    Q_OBJECT

public:
    // The Prometheus text exposition format, version 0.0.4 (what every Prometheus since 2.0 scrapes).
    static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";
    // Connections open at once; more are closed at once. Prometheus scrapes a target with one connection; 16
    // leaves room for a person's curl beside it.
    static constexpr std::size_t kMaxConnections = 16;
    // From a connection's first byte to its request's last: the gateway's default header timeout (10 s).
    static constexpr std::int64_t kHeaderTimeoutMs = 10'000;
    // A scrape's head is well under 1 KiB; 8 KiB is nginx's default header buffer.
    static constexpr std::size_t kMaxHeadBytes = 8 * 1024;
    // From the answer to its last byte flushed: Prometheus gives up on a scrape after its default
    // scrape_timeout (10 s); a client that still has not read the answer by then is not going to, and would
    // otherwise hold the connection (and the exposition in memory) for ever.
    static constexpr std::int64_t kWriteTimeoutMs = 10'000;

    MetricsEndpoint(Scheduler& scheduler, std::function<std::string()> exposition, QObject* parent = nullptr);
    ~MetricsEndpoint() override;

    // Listens on host:port (port 0: any free port). Refuses a non-loopback host. The error says what and
    // where ("127.0.0.1:9464: address in use").
    Status listen(const std::string& host, int port);
    void close();
    bool listening() const;
    std::string url() const;  // "http://HOST:PORT/metrics", port resolved; empty when not listening
    std::size_t open_connections() const { return connections_.size(); }

private:
    struct Connection {
        QTcpSocket* socket = nullptr;
        HttpRequestReader reader{0, kMaxHeadBytes};
        Timer timer;
        bool answered = false;
    };
    void on_new_connection();
    void on_ready_read(QTcpSocket* socket);
    void answer(Connection& c, int status, const std::string& body, const std::string& content_type);
    void drop(QTcpSocket* socket);

    Scheduler& scheduler_;
    std::function<std::string()> exposition_;
    std::string host_;
    std::unique_ptr<QTcpServer> server_;
    std::map<QTcpSocket*, std::unique_ptr<Connection>> connections_;
};

}  // namespace stormproof
