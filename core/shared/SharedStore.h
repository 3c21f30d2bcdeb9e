#pragma once

#include <functional>
#include <string>
#include <vector>

#include "RedisProtocol.h"
#include "resilience/Result.h"

namespace stormproof {

// What SharedStateSync needs of a Redis: commands that are answered (or fail) without blocking anyone, one
// pub/sub channel, and word when the link goes up or down. RedisLink is the real one; the sync's unit tests
// use a fake on the simulated clock.
class SharedStore {
public:
    virtual ~SharedStore() = default;

    virtual bool up() const = 0;
    // Answered exactly once, never inline: the reply, or an error when the link is down or fails.
    virtual void command(const std::vector<std::string>& argv,
                         std::function<void(Result<RedisReply>)> done) = 0;

    // Set by the sync before start(): link up (ok) or down (why); a message on the subscribed channel.
    std::function<void(bool up, const std::string& why)> on_link;
    std::function<void(const std::string& payload)> on_message;
    // Starts connecting (never waits); the channel is subscribed on every (re)connection.
    virtual void start(const std::string& channel) = 0;
};

}  // namespace stormproof
