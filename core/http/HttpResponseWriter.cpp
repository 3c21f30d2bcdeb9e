#include "HttpResponseWriter.h"

#include <sys/socket.h>
#include <QTcpSocket>
#include <cstdio>

namespace stormproof::http1 {

namespace {
void write(QTcpSocket* socket, const std::string& data) {
    socket->write(data.data(), static_cast<qint64>(data.size()));
}
}  // namespace

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
        case 408:
            return "Request Timeout";
        case 411:
            return "Length Required";
        case 413:
            return "Payload Too Large";
        case 429:
            return "Too Many Requests";
        case 431:
            return "Request Header Fields Too Large";
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

std::string head(int status, const std::string& content_type, const HeaderPairs& headers,
                 std::optional<std::size_t> content_length) {
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) + "\r\n";
    out += "Content-Type: " + content_type + "\r\n";
    if (content_length)
        out += "Content-Length: " + std::to_string(*content_length) + "\r\n";
    else
        out += "Transfer-Encoding: chunked\r\n";
    for (const auto& [k, v] : headers)
        out += k + ": " + v + "\r\n";
    out += "\r\n";
    return out;
}

void write_response(QTcpSocket* socket, int status, const HeaderPairs& headers, const std::string& body,
                    const std::string& content_type) {
    write(socket, head(status, content_type, headers, body.size()));
    write(socket, body);
}

void write_cut_response(QTcpSocket* socket, int status, const HeaderPairs& headers, const std::string& body,
                        std::size_t sent_bytes, const std::string& content_type) {
    write(socket, head(status, content_type, headers, body.size()));
    socket->write(body.data(), static_cast<qint64>(std::min(sent_bytes, body.size())));
    reset_connection(socket);
}

void write_chunked_head(QTcpSocket* socket, int status, const HeaderPairs& headers,
                        const std::string& content_type) {
    write(socket, head(status, content_type, headers, std::nullopt));
}

void write_chunk(QTcpSocket* socket, const std::string& data) {
    if (data.empty())
        return;
    char size[20];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    socket->write(size);
    write(socket, data);
    socket->write("\r\n", 2);
}

void write_last_chunk(QTcpSocket* socket) {
    socket->write("0\r\n\r\n", 5);
}

void reset_connection(QTcpSocket* socket) {
    socket->flush();
    const qintptr fd = socket->socketDescriptor();
    if (fd >= 0) {
        const linger hard{1, 0};
        ::setsockopt(static_cast<int>(fd), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    }
    socket->abort();
}

}  // namespace stormproof::http1
