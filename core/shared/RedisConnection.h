#pragma once

#include <QPointer>
#include <QTcpSocket>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "RedisProtocol.h"
#include "resilience/Result.h"
#include "resilience/Scheduler.h"
#include "resilience/SharedStateConfig.h"

namespace stormproof {

// One connection to a Redis: the protocol by hiredis's reader and formatter, the bytes on a QTcpSocket on the
// owner's event loop, every timeout a Timer on the injected Scheduler (hiredis 0.14's Qt adapter predates
// Qt 6 and brings its own timers). Commands are pipelined and answered in order. Nothing here blocks.
//
// Any failure (connect timeout, command timeout, socket error, protocol error, a bound crossed) closes the
// connection: after a timed-out command the replies no longer line up with the commands. The commands still
// waiting are answered with the error, then closed() is called once. A closed connection stays closed: the
// owner (RedisLink) makes a new one.
class RedisConnection {
public:
    using ReplyHandler = std::function<void(Result<RedisReply>)>;

    RedisConnection(Scheduler& scheduler, RedisEndpoint endpoint, std::int64_t connect_timeout_ms,
                    std::int64_t command_timeout_ms);
    ~RedisConnection();
    RedisConnection(const RedisConnection&) = delete;
    RedisConnection& operator=(const RedisConnection&) = delete;

    // Connects (AUTH and SELECT as the endpoint says); ready is called once: ok, or why not.
    void open(std::function<void(Status)> ready);
    // Sends a command; done is called exactly once (the reply, a Redis error reply as a RedisReply of type
    // Error, or the connection's failure). Commands sent before ready are failed at once.
    void command(const std::vector<std::string>& argv, ReplyHandler done);
    // Replies nobody asked for: pub/sub messages on a connection that subscribed.
    void set_push_handler(std::function<void(const RedisReply&)> handler) { push_ = std::move(handler); }
    // Called once when an open connection fails, with why.
    void set_closed_handler(std::function<void(const Error&)> handler) { closed_ = std::move(handler); }
    void close();

    bool is_open() const { return ready_; }
    const RedisEndpoint& endpoint() const { return endpoint_; }

private:
    struct Pending {
        ReplyHandler done;
        Timer timeout;
    };
    void on_bytes();
    void fail(const Error& error);
    void send_raw(const std::vector<std::string>& argv, ReplyHandler done);
    std::string where() const;

    Scheduler& scheduler_;
    RedisEndpoint endpoint_;
    std::int64_t connect_timeout_ms_;
    std::int64_t command_timeout_ms_;
    std::unique_ptr<QTcpSocket> socket_;
    RedisReplyReader reader_;
    std::deque<Pending> pending_;
    Timer connect_timer_;
    std::function<void(Status)> ready_handler_;
    std::function<void(const RedisReply&)> push_;
    std::function<void(const Error&)> closed_;
    bool ready_ = false;
    bool failed_ = false;
    // Cleared by the destructor, so that a handler that destroys this connection ends the loops in flight.
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace stormproof
