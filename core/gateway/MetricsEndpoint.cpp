#include "MetricsEndpoint.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

#include "config/NetworkRules.h"
#include "http/HttpResponseWriter.h"

namespace stormproof {

namespace {
constexpr const char* kTextPlain = "text/plain; charset=utf-8";

// The host name of a Host header, without its port ("[::1]:9464" -> "[::1]").
std::string host_name(const std::string& host) {
    if (!host.empty() && host.front() == '[')
        return host.substr(0, host.find(']') + 1);
    if (const auto colon = host.rfind(':'); colon != std::string::npos)
        return host.substr(0, colon);
    return host;
}
}  // namespace

MetricsEndpoint::MetricsEndpoint(Scheduler& scheduler, std::function<std::string()> exposition,
                                 QObject* parent)
    : QObject(parent), scheduler_(scheduler), exposition_(std::move(exposition)) {}

MetricsEndpoint::~MetricsEndpoint() {
    close();
}

Status MetricsEndpoint::listen(const std::string& host, int port) {
    close();
    const std::string where = host + ":" + std::to_string(port);
    if (!NetworkRules::is_loopback_host(host))
        return make_error("metrics are served on loopback addresses only (they name targets and models)",
                          where);
    if (port < 0 || port > 65535)
        return make_error("port out of range", where);
    QHostAddress address;
    if (host == "localhost")
        address = QHostAddress::LocalHost;
    else if (!address.setAddress(QString::fromStdString(host)))
        return make_error("not an IP address", where);
    server_ = std::make_unique<QTcpServer>();
    if (!server_->listen(address, static_cast<quint16>(port))) {
        std::string why = server_->errorString().toStdString();
        if (server_->serverError() == QAbstractSocket::AddressInUseError)
            why = "address in use";
        server_.reset();
        return make_error(why, where);
    }
    host_ = host;
    connect(server_.get(), &QTcpServer::newConnection, this, &MetricsEndpoint::on_new_connection);
    return {};
}

void MetricsEndpoint::close() {
    const auto connections = std::exchange(connections_, {});
    for (const auto& [socket, c] : connections) {
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
    if (server_) {
        server_->close();
        server_.reset();
    }
}

bool MetricsEndpoint::listening() const {
    return server_ && server_->isListening();
}

std::string MetricsEndpoint::url() const {
    if (!listening())
        return {};
    std::string host = server_->serverAddress().toString().toStdString();
    if (host.find(':') != std::string::npos)
        host = "[" + host + "]";
    return "http://" + host + ":" + std::to_string(server_->serverPort()) + "/metrics";
}

void MetricsEndpoint::on_new_connection() {
    while (QTcpSocket* socket = server_->nextPendingConnection()) {
        if (connections_.size() >= kMaxConnections) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        auto c = std::make_unique<Connection>();
        c->socket = socket;
        socket->setReadBufferSize(static_cast<qint64>(kMaxHeadBytes));
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { on_ready_read(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] { drop(socket); });
        // The whole request within the header timeout, counted from the connection (a scrape sends its
        // head at once): a connection that sends nothing is closed too.
        c->timer = Timer(scheduler_, kHeaderTimeoutMs, [this, socket] {
            const auto it = connections_.find(socket);
            if (it == connections_.end())
                return;
            it->second->timer.fired();
            answer(*it->second, 408,
                   "the request did not arrive whole within " + std::to_string(kHeaderTimeoutMs) + " ms\n",
                   kTextPlain);
        });
        connections_[socket] = std::move(c);
    }
}

void MetricsEndpoint::on_ready_read(QTcpSocket* socket) {
    const auto it = connections_.find(socket);
    if (it == connections_.end())
        return;
    Connection& c = *it->second;
    if (c.answered) {
        socket->skip(socket->bytesAvailable());
        return;
    }
    const QByteArray bytes = socket->readAll();
    const auto state =
        c.reader.feed(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    if (state == HttpRequestReader::State::NeedMore)
        return;
    if (state == HttpRequestReader::State::Failed)
        return answer(c, c.reader.failure().status, c.reader.failure().message + "\n", kTextPlain);
    const HttpRequest request = c.reader.take();
    if (const auto origin = request.headers.get("origin"))
        return answer(c, 403, "requests from web pages (Origin: " + *origin + ") are refused\n", kTextPlain);
    if (const auto host = request.headers.get("host")) {
        const std::string name = host_name(*host);
        if (name != host_ && !NetworkRules::is_loopback_host(name))
            return answer(c, 403, "Host " + *host + " is not this machine's\n", kTextPlain);
    }
    if (request.path != "/metrics")
        return answer(c, 404, "no such endpoint: " + request.path + " (served: GET /metrics)\n", kTextPlain);
    if (request.method != "GET")
        return answer(c, 405, "GET /metrics\n", kTextPlain);
    answer(c, 200, exposition_(), std::string(kContentType));
}

void MetricsEndpoint::answer(Connection& c, int status, const std::string& body,
                             const std::string& content_type) {
    c.answered = true;
    QTcpSocket* socket = c.socket;
    // A client that stops reading would keep the connection, and the answer in memory, for ever (and
    // kMaxConnections of them every scrape out): it is cut off after kWriteTimeoutMs.
    c.timer = Timer(scheduler_, kWriteTimeoutMs, [this, socket] {
        const auto it = connections_.find(socket);
        if (it == connections_.end())
            return;
        it->second->timer.fired();
        socket->disconnect(this);
        socket->abort();
        drop(socket);
    });
    http1::write_response(socket, status, {{"Connection", "close"}}, body, content_type);
    socket->disconnectFromHost();  // after the bytes written are flushed; drop() follows
}

void MetricsEndpoint::drop(QTcpSocket* socket) {
    const auto it = connections_.find(socket);
    if (it == connections_.end())
        return;
    connections_.erase(it);
    socket->deleteLater();
}

}  // namespace stormproof
