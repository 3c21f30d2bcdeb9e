#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stormproof {

struct SseEvent {
    std::string type = "message";  // the event field, or "message"
    std::string data;              // data lines joined with \n
    std::string id;                // the last event id in force when this was dispatched
    std::optional<std::int64_t> retry_ms;
};

// An incremental Server-Sent Events parser following the WHATWG "event stream interpretation": LF, CR and
// CRLF line ends (including a CRLF split across two feeds), comments, multi-line data, event/id/retry fields,
// a leading BOM, and input split at any byte. An event is dispatched only at its blank line: a stream that
// ends mid-event loses that event, as the spec says.
class SseParser {
public:
    // A single line longer than this is an attack or a broken server, not an event.
    static constexpr std::size_t kMaxLineBytes = 8u << 20;

    void feed(std::string_view bytes);
    // Events completed so far, handed over once.
    std::vector<SseEvent> take_events();
    bool overflowed() const { return overflowed_; }
    bool mid_event() const { return !line_.empty() || !data_.empty() || !event_type_.empty(); }

private:
    void process_line(std::string_view line);
    void dispatch();

    std::string line_;
    bool last_was_cr_ = false;
    bool bom_checked_ = false;
    bool overflowed_ = false;
    std::string data_;
    bool has_data_ = false;
    std::string event_type_;
    std::string last_id_;
    std::optional<std::int64_t> retry_ms_;
    std::vector<SseEvent> events_;
};

}  // namespace stormproof
