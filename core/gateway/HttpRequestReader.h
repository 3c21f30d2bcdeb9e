#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "resilience/HttpHeaders.h"

namespace stormproof {

// One HTTP/1.1 request as the gateway reads it: the head parsed, the body read to its Content-Length.
struct HttpRequest {
    std::string method;
    std::string path;  // the request target without its query
    HttpHeaders headers;
    std::string body;  // bytes as received (not yet text)
    bool keep_alive = true;
};

// Reads requests off one connection, incrementally, with caps checked before the bytes they bound are read:
// a head above max_head_bytes is a 431, a Content-Length above max_body_bytes a 413 as soon as the head is in
// (the body is never read). A request body must come with Content-Length (every SDK sends one); chunked
// request bodies are answered 411. Scans in linear time, byte by byte, no regex.
class HttpRequestReader {
public:
    // 64 KiB: the largest head any common server takes by default (nginx's large_client_header_buffers is
    // 4 x 8 KiB; Node's --max-http-header-size 16 KiB); an SDK's head is under 2 KiB.
    static constexpr std::size_t kDefaultMaxHeadBytes = 64 * 1024;

    struct Failure {
        int status = 400;
        std::string message;
    };
    enum class State { NeedMore, Complete, Failed };

    HttpRequestReader(std::size_t max_body_bytes, std::size_t max_head_bytes = kDefaultMaxHeadBytes)
        : max_body_bytes_(max_body_bytes), max_head_bytes_(max_head_bytes) {}

    // Adds bytes; the state after them. Bytes beyond a complete request wait for the next one.
    State feed(std::string_view bytes);
    State state() const { return state_; }
    bool started() const { return !buffer_.empty() || head_done_; }  // any byte of a request has arrived
    const Failure& failure() const { return failure_; }
    // What was read of the request so far (its path and headers once the head is whole): a refusal before the
    // body answers in the caller's protocol.
    const HttpRequest& partial() const { return request_; }
    // The head of the request being read is whole (its body may still be on its way).
    bool head_complete() const { return head_done_; }
    // The complete request; the reader then starts on the next one with the bytes left over.
    HttpRequest take();

private:
    State parse();
    State fail(int status, std::string message);

    std::size_t max_body_bytes_;
    std::size_t max_head_bytes_;
    std::string buffer_;
    bool head_done_ = false;
    std::size_t body_length_ = 0;
    HttpRequest request_;
    State state_ = State::NeedMore;
    Failure failure_;
};

}  // namespace stormproof
