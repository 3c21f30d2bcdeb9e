#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QTcpServer>
#include <functional>
#include <utility>

class QTcpSocket;

namespace stormproof::test {

// One HTTP/1.1 request as it arrived on the socket (headers parsed, body read to its Content-Length).
struct RawRequest {
    QByteArray method;
    QByteArray path;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    int connection_index = 0;     // 0-based: which connection it came on
    int index_on_connection = 0;  // 0-based: how many requests that connection had carried before it

    QByteArray header(const QByteArray& name) const;
};

// What the server does with a request: write these bytes (a whole response, or any prefix of one, or
// garbage), then keep the connection open for the next request or close it.
struct RawReply {
    QByteArray bytes;
    bool close_after = false;

    static RawReply json(int status, const QByteArray& body,
                         QList<std::pair<QByteArray, QByteArray>> headers = {});
    static RawReply drop() { return {{}, true}; }  // close without answering
};

// A loopback HTTP/1.1 server that hands every request to a handler and writes exactly what it returns: for
// tests that need bytes no well-behaved server sends (invalid UTF-8 headers, a kept-alive connection closed
// without an answer). It counts every request it read, so a test can compare the client's count with the
// server's.
class RawHttpServer : public QObject {
public:
    using Handler = std::function<RawReply(const RawRequest&)>;

    explicit RawHttpServer(Handler handler);
    quint16 port() const { return server_.serverPort(); }
    QByteArray base_url() const;
    const QList<RawRequest>& requests() const { return requests_; }

private:
    void on_connection();
    void on_ready_read(QTcpSocket* socket);

    Handler handler_;
    QTcpServer server_;
    QList<RawRequest> requests_;
    int connections_ = 0;
};

}  // namespace stormproof::test
