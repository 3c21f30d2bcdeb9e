#include "RequestLog.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace stormproof {

SimRequestRecord& RequestLog::add(SimRequestRecord record) {
    record.seq = next_seq_++;
    records_.push_back(std::move(record));
    while (records_.size() > capacity_)
        records_.pop_front();
    return records_.back();
}

void RequestLog::set_capacity(std::size_t capacity) {
    capacity_ = std::max<std::size_t>(1, capacity);
    while (records_.size() > capacity_)
        records_.pop_front();
}

SimRequestRecord* RequestLog::find(std::uint64_t seq) {
    if (records_.empty() || seq < records_.front().seq || seq > records_.back().seq)
        return nullptr;
    return &records_[static_cast<std::size_t>(seq - records_.front().seq)];
}

nlohmann::json RequestLog::to_json(std::uint64_t since_seq) const {
    nlohmann::json list = nlohmann::json::array();
    for (const SimRequestRecord& r : records_) {
        if (r.seq <= since_seq)
            continue;
        list.push_back({{"seq", r.seq},
                        {"ts_ms", r.ts_ms},
                        {"method", r.method},
                        {"path", r.path},
                        {"api", r.api},
                        {"model", r.model},
                        {"stream", r.stream},
                        {"idempotency-key",
                         r.idempotency_key.empty() ? nlohmann::json() : nlohmann::json(r.idempotency_key)},
                        {"trace_id", r.trace_id.empty() ? nlohmann::json() : nlohmann::json(r.trace_id)},
                        {"request_id", r.request_id},
                        {"status", r.status == 0 ? nlohmann::json() : nlohmann::json(r.status)},
                        {"fault", r.fault.empty() ? nlohmann::json() : nlohmann::json(r.fault)},
                        {"outcome", r.outcome},
                        {"reply_tokens", r.reply_tokens},
                        {"sent_tokens", r.sent_tokens},
                        {"reply_sha", r.reply_sha}});
    }
    return {{"total", total()}, {"requests", list}};
}

}  // namespace stormproof
