#include "SseParser.h"

#include <cctype>

#include "resilience/Text.h"

namespace stormproof {

void SseParser::feed(std::string_view bytes) {
    if (overflowed_)
        return;
    std::size_t i = 0;
    if (!bom_checked_) {
        // The BOM may itself be split across feeds: wait until three bytes (or a mismatch) are known.
        static constexpr std::string_view kBom = "\xEF\xBB\xBF";
        std::string probe = line_ + std::string(bytes.substr(0, 3));
        if (probe.size() < 3 && kBom.substr(0, probe.size()) == probe) {
            line_ = probe;
            return;
        }
        bom_checked_ = true;
        if (probe.compare(0, 3, kBom) == 0) {
            i = 3 - line_.size();
            line_.clear();
        }
    }
    for (; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c == '\n' && last_was_cr_) {
            last_was_cr_ = false;  // the LF of a CRLF whose CR ended the line already
            continue;
        }
        last_was_cr_ = false;
        if (c == '\r' || c == '\n') {
            last_was_cr_ = c == '\r';
            process_line(line_);
            line_.clear();
            continue;
        }
        line_.push_back(c);
        if (line_.size() > kMaxLineBytes) {
            overflowed_ = true;
            line_.clear();
            return;
        }
    }
}

void SseParser::process_line(std::string_view line) {
    if (line.empty()) {
        dispatch();
        return;
    }
    if (line.front() == ':')
        return;  // a comment (keep-alive)
    const auto colon = line.find(':');
    std::string_view field = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ')
        value.remove_prefix(1);
    if (field == "data") {
        data_.append(value);
        data_.push_back('\n');
        has_data_ = true;
    } else if (field == "event") {
        event_type_ = std::string(value);
    } else if (field == "id") {
        if (value.find('\0') == std::string_view::npos)
            last_id_ = std::string(value);
    } else if (field == "retry") {
        bool digits = !value.empty();
        for (char ch : value)
            digits = digits && std::isdigit(static_cast<unsigned char>(ch));
        if (digits && value.size() < 15)
            retry_ms_ = std::stoll(std::string(value));
    }
    // Any other field is ignored, as the spec requires.
}

void SseParser::dispatch() {
    if (!has_data_) {
        event_type_.clear();
        return;
    }
    SseEvent event;
    if (!data_.empty() && data_.back() == '\n')
        data_.pop_back();
    // Stream bytes become text per event, never per chunk (a chunk may end inside a character).
    event.data = is_valid_utf8(data_) ? std::move(data_) : text_from_bytes(data_);
    event.type = event_type_.empty() ? "message" : text_from_bytes(event_type_);
    event.id = text_from_bytes(last_id_);
    event.retry_ms = retry_ms_;
    events_.push_back(std::move(event));
    data_.clear();
    has_data_ = false;
    event_type_.clear();
}

std::vector<SseEvent> SseParser::take_events() {
    std::vector<SseEvent> out;
    out.swap(events_);
    return out;
}

}  // namespace stormproof
