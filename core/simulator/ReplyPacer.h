#pragma once

#include <QPointer>
#include <QTcpSocket>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "RequestLog.h"
#include "WireFormat.h"
#include "resilience/Scheduler.h"

namespace stormproof {

// How one successful (200) reply is to be delivered, faults below HTTP included.
struct ReplyPlan {
    QTcpSocket* socket = nullptr;
    const WireFormat* wire = nullptr;
    SimCompletion completion;
    HeaderPairs headers;
    std::uint64_t log_seq = 0;
    bool stream = false;
    double interval_ms = 0;                // between tokens; 0 = all at once
    std::int64_t first_token_ms = 0;       // after the headers (stream) or the request (whole body)
    std::int64_t first_byte_delay_ms = 0;  // slow_first_byte: nothing at all, not even headers, until then
    int cut_after = -1;                    // drop the connection after this many tokens
    int stall_after = -1;                  // pause once after this many tokens
    std::int64_t stall_ms = 0;
    bool terminator = true;  // false: no [DONE] / message_stop
    bool garbage = false;    // malformed JSON
    bool empty = false;      // a 200 with an empty body
};

// The replies in flight: paced on the injected scheduler, faults applied at their token, each outcome written
// to the request log. It owns every timer it starts: a reply whose client goes away is closed and its timer
// cancelled, and the pacer cancels all of them when it is destroyed -- no callback outlives the server.
class ReplyPacer {
public:
    ReplyPacer(Scheduler& scheduler, RequestLog& log);
    ~ReplyPacer();
    ReplyPacer(const ReplyPacer&) = delete;
    ReplyPacer& operator=(const ReplyPacer&) = delete;

    void start(ReplyPlan plan);
    std::size_t open() const { return replies_.size(); }
    // The most replies that were open at once (streams and delayed bodies): proof of client concurrency.
    std::size_t peak_open() const { return peak_open_; }

private:
    struct Reply {
        std::uint64_t id = 0;
        QPointer<QTcpSocket> socket;
        ReplyPlan plan;
        std::size_t next = 0;
        std::string outcome = "complete";
        Timer timer;  // the reply's next step; cancelled when the reply goes
        QMetaObject::Connection on_disconnect;
    };

    // The reply with this id, or nullptr when it is over -- or its client has gone, in which case it is
    // closed and logged as such.
    Reply* live(std::uint64_t id);
    void after(std::uint64_t id, std::int64_t delay_ms, void (ReplyPacer::*step)(std::uint64_t));
    void deliver_body(std::uint64_t id);
    void begin_stream(std::uint64_t id);
    void pump(std::uint64_t id);
    void finish(std::uint64_t id, const std::string& outcome);

    Scheduler& scheduler_;
    RequestLog& log_;
    std::unique_ptr<QObject> context_;  // scopes the socket connections to the pacer's life
    std::unordered_map<std::uint64_t, std::unique_ptr<Reply>> replies_;
    std::uint64_t next_id_ = 1;
    std::size_t peak_open_ = 0;
};

}  // namespace stormproof
