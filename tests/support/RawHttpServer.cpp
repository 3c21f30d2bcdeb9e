#include "RawHttpServer.h"

#include <QTcpSocket>

namespace stormproof::test {

namespace {
// Per-socket parse state, kept as dynamic properties would be awkward: one small struct per socket.
struct Conn {
    QByteArray buffer;
    int index = 0;
    int served = 0;
};
const char* const kConnProperty = "stormproof_raw_conn";
}  // namespace

QByteArray RawRequest::header(const QByteArray& name) const {
    for (const auto& [k, v] : headers) {
        if (k.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

RawReply RawReply::json(int status, const QByteArray& body,
                        QList<std::pair<QByteArray, QByteArray>> headers) {
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: application/json\r\n";
    for (const auto& [k, v] : headers)
        out += k + ": " + v + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    return {out, false};
}

RawHttpServer::RawHttpServer(Handler handler) : handler_(std::move(handler)) {
    server_.listen(QHostAddress::LocalHost, 0);
    QObject::connect(&server_, &QTcpServer::newConnection, this, [this] { on_connection(); });
}

QByteArray RawHttpServer::base_url() const {
    return "http://127.0.0.1:" + QByteArray::number(port());
}

void RawHttpServer::on_connection() {
    while (QTcpSocket* socket = server_.nextPendingConnection()) {
        auto* conn = new Conn;
        conn->index = connections_++;
        socket->setProperty(kConnProperty, QVariant::fromValue(static_cast<void*>(conn)));
        QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket] { on_ready_read(socket); });
        QObject::connect(socket, &QTcpSocket::disconnected, socket, [socket, conn] {
            delete conn;
            socket->setProperty(kConnProperty, {});
            socket->deleteLater();
        });
    }
}

void RawHttpServer::on_ready_read(QTcpSocket* socket) {
    auto* conn = static_cast<Conn*>(socket->property(kConnProperty).value<void*>());
    if (!conn)
        return;
    conn->buffer += socket->readAll();
    for (;;) {
        const qsizetype end = conn->buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        RawRequest request;
        const QList<QByteArray> lines = conn->buffer.left(end).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        request.method = first.value(0);
        request.path = first.value(1);
        qsizetype length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = lines[i].left(colon).trimmed();
            const QByteArray value = lines[i].mid(colon + 1).trimmed();
            request.headers.append({name, value});
            if (name.compare("content-length", Qt::CaseInsensitive) == 0)
                length = value.toLongLong();
        }
        if (conn->buffer.size() < end + 4 + length)
            return;  // the body is still arriving
        request.body = conn->buffer.mid(end + 4, length);
        conn->buffer.remove(0, end + 4 + length);
        request.connection_index = conn->index;
        request.index_on_connection = conn->served++;
        requests_.append(request);
        const RawReply reply = handler_(request);
        if (!reply.bytes.isEmpty())
            socket->write(reply.bytes);
        if (reply.close_after) {
            socket->flush();
            socket->disconnectFromHost();
            return;
        }
    }
}

}  // namespace stormproof::test
