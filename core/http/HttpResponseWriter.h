#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <string>
#include <utility>
#include <vector>

class QTcpSocket;

namespace stormproof {
// Response header fields in order, as written (the simulator's WireFormat names the same type).
using HeaderPairs = std::vector<std::pair<std::string, std::string>>;
}  // namespace stormproof

namespace stormproof::http1 {

// The one HTTP/1.1 response writer, shared by the simulator and the gateway: both own their raw sockets, so
// every response -- whole, chunked, cut short or reset -- is framed here and nowhere else.

const char* reason_phrase(int status);

// The status line and headers up to the blank line. content_length: the body's size, or nullopt for a
// chunked body (Transfer-Encoding: chunked).
std::string head(int status, const std::string& content_type, const HeaderPairs& headers,
                 std::optional<std::size_t> content_length);

// A whole response with Content-Length.
void write_response(QTcpSocket* socket, int status, const HeaderPairs& headers, const std::string& body,
                    const std::string& content_type = "application/json");
// Promises the whole body (its Content-Length) but writes only its first sent_bytes, then resets the
// connection: a reply cut mid-body.
void write_cut_response(QTcpSocket* socket, int status, const HeaderPairs& headers, const std::string& body,
                        std::size_t sent_bytes, const std::string& content_type = "application/json");
// The head of a chunked response; the body follows with write_chunk and ends with write_last_chunk.
void write_chunked_head(QTcpSocket* socket, int status, const HeaderPairs& headers,
                        const std::string& content_type);
void write_chunk(QTcpSocket* socket, const std::string& data);  // nothing for empty data
void write_last_chunk(QTcpSocket* socket);

// Drops the connection the way a crashed upstream does: a TCP reset (SO_LINGER 0), not a polite FIN, so the
// client cannot mistake the end of what it got for the end of the reply.
void reset_connection(QTcpSocket* socket);

}  // namespace stormproof::http1
