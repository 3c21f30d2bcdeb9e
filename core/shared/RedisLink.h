#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "RedisConnection.h"
#include "SharedStore.h"
#include "resilience/Backoff.h"
#include "resilience/CircuitBreaker.h"
#include "resilience/Clock.h"
#include "resilience/RandomSource.h"
#include "resilience/Scheduler.h"
#include "resilience/SharedStateConfig.h"

namespace stormproof {

// The link to one Redis, kept up without anyone waiting for it: a command connection and a subscriber
// connection (pub/sub), reconnected with jittered exponential backoff after any failure, and a circuit
// breaker around Redis itself (LiteLLM added one after a slow Redis hung every request): commands that fail
// or come back slow open it, and while it is open nothing is sent and the link stays down until it lets a
// probe through. Down or up, every command is answered at once or within command_timeout_ms.
class RedisLink final : public SharedStore {
public:
    // Reconnects: 100 ms doubling to 5 s with full jitter, so a Redis that restarts is back in use within a
    // few seconds and N processes do not reconnect in step.
    static constexpr std::int64_t kReconnectBaseMs = 100;
    static constexpr std::int64_t kReconnectMaxMs = 5000;
    // The breaker around Redis: 3 failures in a row, or half of 10+ calls slower than half the command
    // timeout in 10 s, keep Redis out of use for 1 s. A probe that then fails or is slow within less than
    // those 1 s (every probe at the default 250 ms command timeout: a command never outlasts it) reopens it
    // for 1 s again, not longer (CircuitBreaker keeps the base open time after a quick refusal, since
    // issue 19); only a failing probe that took 1 s or more (command_timeout_ms of 1000 or more) doubles the
    // open time, up to 30 s.
    static constexpr int kBreakerConsecutiveFailures = 3;
    static constexpr int kBreakerMinimumCalls = 10;
    static constexpr double kBreakerSlowRatePct = 50;
    static constexpr std::int64_t kBreakerWindowMs = 10000;
    static constexpr std::int64_t kBreakerOpenMs = 1000;
    static constexpr std::int64_t kBreakerMaxOpenMs = 30000;

    RedisLink(const Clock& clock, Scheduler& scheduler, RandomSource& random, RedisEndpoint endpoint,
              const SharedStateConfig& config);
    ~RedisLink() override;

    void start(const std::string& channel) override;
    bool up() const override { return up_; }
    void command(const std::vector<std::string>& argv, std::function<void(Result<RedisReply>)> done) override;

    // How many times the link has come up (1 after the first connection).
    int connections() const { return connections_; }
    const CircuitBreaker& breaker() const { return breaker_; }

private:
    void connect();
    void on_connected_part();
    void go_down(const std::string& why);
    void schedule_reconnect();

    const Clock& clock_;
    Scheduler& scheduler_;
    RandomSource& random_;
    RedisEndpoint endpoint_;
    SharedStateConfig config_;
    std::string channel_;
    std::unique_ptr<RedisConnection> commands_;
    std::unique_ptr<RedisConnection> subscriber_;
    CircuitBreaker breaker_;
    Backoff backoff_;
    Timer reconnect_timer_;
    int failed_connects_ = 0;
    int parts_ready_ = 0;
    int connections_ = 0;
    bool up_ = false;
    bool connecting_ = false;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace stormproof
