#include "HttpRequestReader.h"

#include <charconv>

#include "resilience/Text.h"

namespace stormproof {

namespace {
std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool is_token_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}
}  // namespace

HttpRequestReader::State HttpRequestReader::fail(int status, std::string message) {
    state_ = State::Failed;
    failure_ = {status, std::move(message)};
    return state_;
}

HttpRequestReader::State HttpRequestReader::feed(std::string_view bytes) {
    if (state_ == State::Failed)
        return state_;
    buffer_.append(bytes);
    if (state_ == State::Complete)
        return state_;
    return parse();
}

HttpRequestReader::State HttpRequestReader::parse() {
    if (!head_done_) {
        const std::size_t end = buffer_.find("\r\n\r\n");
        if (end == std::string::npos) {
            if (buffer_.size() > max_head_bytes_)
                return fail(431, "request head larger than " + std::to_string(max_head_bytes_) + " bytes");
            return state_ = State::NeedMore;
        }
        if (end > max_head_bytes_)
            return fail(431, "request head larger than " + std::to_string(max_head_bytes_) + " bytes");
        const std::string_view head(buffer_.data(), end);
        std::size_t line_end = head.find("\r\n");
        const std::string_view request_line = head.substr(0, line_end);
        const std::size_t sp1 = request_line.find(' ');
        const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : request_line.find(' ', sp1 + 1);
        if (sp1 == std::string_view::npos || sp2 == std::string_view::npos || sp1 == 0)
            return fail(400, "malformed request line");
        request_ = HttpRequest{};
        request_.method = std::string(request_line.substr(0, sp1));
        for (char c : request_.method)
            if (!is_token_char(c))
                return fail(400, "malformed request method");
        std::string_view target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
        if (const std::size_t q = target.find('?'); q != std::string_view::npos)
            target = target.substr(0, q);
        request_.path = text_from_bytes(target);
        const std::string_view version = request_line.substr(sp2 + 1);
        if (version != "HTTP/1.1" && version != "HTTP/1.0")
            return fail(505, "only HTTP/1.1 is served");
        request_.keep_alive = version == "HTTP/1.1";
        std::optional<std::size_t> content_length;
        bool chunked = false;
        while (line_end != std::string_view::npos) {
            const std::size_t start = line_end + 2;
            line_end = head.find("\r\n", start);
            const std::string_view line = head.substr(
                start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
            const std::size_t colon = line.find(':');
            if (colon == std::string_view::npos || colon == 0)
                return fail(400, "malformed header line");
            const std::string_view name = line.substr(0, colon);
            for (char c : name)
                if (!is_token_char(c))
                    return fail(400, "malformed header name");
            const std::string_view value = trim(line.substr(colon + 1));
            const std::string lname = lower(name);
            if (lname == "content-length") {
                std::size_t n = 0;
                const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
                if (ec != std::errc() || ptr != value.data() + value.size() || value.empty())
                    return fail(400, "Content-Length is not a number");
                if (content_length && *content_length != n)
                    return fail(400, "conflicting Content-Length headers");
                content_length = n;
            } else if (lname == "transfer-encoding") {
                chunked = true;
            } else if (lname == "connection") {
                const std::string v = lower(value);
                if (v.find("close") != std::string::npos)
                    request_.keep_alive = false;
                else if (v.find("keep-alive") != std::string::npos)
                    request_.keep_alive = true;
            }
            request_.headers.add(name, value);  // made text by HttpHeaders (text_from_bytes)
        }
        if (chunked)
            return fail(411, "a request body must be sent with Content-Length, not chunked");
        if (content_length && *content_length > max_body_bytes_) {
            return fail(413, "request body of " + std::to_string(*content_length) + " bytes is above the " +
                                 std::to_string(max_body_bytes_) + "-byte limit");
        }
        body_length_ = content_length.value_or(0);
        buffer_.erase(0, end + 4);
        head_done_ = true;
    }
    if (buffer_.size() < body_length_)
        return state_ = State::NeedMore;
    request_.body = buffer_.substr(0, body_length_);
    buffer_.erase(0, body_length_);
    return state_ = State::Complete;
}

HttpRequest HttpRequestReader::take() {
    HttpRequest out = std::move(request_);
    request_ = HttpRequest{};
    head_done_ = false;
    body_length_ = 0;
    state_ = State::NeedMore;
    if (!buffer_.empty())
        parse();
    return out;
}

}  // namespace stormproof
