#pragma once

#include <cstdint>
#include <deque>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace stormproof {

// What the simulator did with one request. Never holds a key: only the fact that one was sent.
struct SimRequestRecord {
    std::uint64_t seq = 0;
    std::int64_t ts_ms = 0;  // Unix ms
    std::string method;
    std::string path;
    std::string api;  // openai | anthropic | control
    std::string model;
    bool stream = false;
    std::string idempotency_key;  // the Idempotency-Key header, as sent
    std::string trace_id;         // from a traceparent header, when sent
    std::string request_id;
    int status = 0;         // 0 when no HTTP status was sent (reset, hang)
    std::string fault;      // the fault drawn, or empty
    std::string outcome;    // complete | cut | reset | hang | error | stalled-then-complete | in_progress ...
    int reply_tokens = 0;   // what a whole reply has
    int sent_tokens = 0;    // what was actually sent
    std::string reply_sha;  // FNV-1a of the whole reply text, to detect truncation client-side
};

// The recent requests, newest last, bounded so a long soak cannot grow it without limit.
class RequestLog {
public:
    static constexpr std::size_t kDefaultCapacity = 20000;

    explicit RequestLog(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}

    SimRequestRecord& add(SimRequestRecord record);  // assigns seq
    void set_capacity(std::size_t capacity);         // drops the oldest records beyond it
    SimRequestRecord* find(std::uint64_t seq);
    nlohmann::json to_json(std::uint64_t since_seq = 0) const;
    std::size_t size() const { return records_.size(); }
    std::size_t capacity() const { return capacity_; }
    std::uint64_t total() const { return next_seq_ - 1; }
    const std::deque<SimRequestRecord>& records() const { return records_; }

private:
    std::size_t capacity_;
    std::deque<SimRequestRecord> records_;
    std::uint64_t next_seq_ = 1;
};

}  // namespace stormproof
