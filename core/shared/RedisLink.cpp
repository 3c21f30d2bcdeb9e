#include "RedisLink.h"

#include <algorithm>

namespace stormproof {

namespace {
BreakerConfig redis_breaker(const SharedStateConfig& config) {
    BreakerConfig b;
    b.window = BreakerWindow::Time;
    b.window_ms = RedisLink::kBreakerWindowMs;
    b.consecutive_failures = RedisLink::kBreakerConsecutiveFailures;
    b.minimum_calls = RedisLink::kBreakerMinimumCalls;
    b.failure_rate_threshold_pct = 50;
    b.slow_call_ms = std::max<std::int64_t>(1, config.command_timeout_ms / 2);
    b.slow_call_rate_threshold_pct = RedisLink::kBreakerSlowRatePct;
    b.open_ms = RedisLink::kBreakerOpenMs;
    b.max_open_ms = RedisLink::kBreakerMaxOpenMs;
    b.half_open_probes = 1;
    b.failure_classes = {ErrorClass::Network};
    return b;
}

BackoffConfig reconnect_backoff() {
    BackoffConfig c;
    c.kind = BackoffKind::Exponential;
    c.jitter = JitterKind::Full;
    c.base_delay_ms = RedisLink::kReconnectBaseMs;
    c.max_delay_ms = RedisLink::kReconnectMaxMs;
    c.min_delay_ms = RedisLink::kReconnectBaseMs / 2;
    return c;
}
}  // namespace

RedisLink::RedisLink(const Clock& clock, Scheduler& scheduler, RandomSource& random, RedisEndpoint endpoint,
                     const SharedStateConfig& config)
    : clock_(clock),
      scheduler_(scheduler),
      random_(random),
      endpoint_(std::move(endpoint)),
      config_(config),
      breaker_("redis", redis_breaker(config)),
      backoff_(reconnect_backoff()) {}

RedisLink::~RedisLink() {
    *alive_ = false;
    on_link = nullptr;
    on_message = nullptr;
}

void RedisLink::start(const std::string& channel) {
    channel_ = channel;
    connect();
}

void RedisLink::connect() {
    connecting_ = true;
    parts_ready_ = 0;
    commands_ = std::make_unique<RedisConnection>(scheduler_, endpoint_, config_.connect_timeout_ms,
                                                  config_.command_timeout_ms);
    subscriber_ = std::make_unique<RedisConnection>(scheduler_, endpoint_, config_.connect_timeout_ms,
                                                    config_.command_timeout_ms);
    const auto closed = [this](const Error& e) { go_down(e.to_string()); };
    commands_->set_closed_handler(closed);
    subscriber_->set_closed_handler(closed);
    subscriber_->set_push_handler([this](const RedisReply& reply) {
        // ["message", channel, payload]: anything else on this connection is not ours to act on.
        if (reply.type == RedisReply::Type::Array && reply.elements.size() == 3 &&
            reply.elements[0].str == "message" && reply.elements[1].str == channel_ && on_message)
            on_message(reply.elements[2].str);
    });
    const auto part_ready = [this](Status s) {
        if (!s) {
            go_down(s.error().to_string());
            return;
        }
        on_connected_part();
    };
    commands_->open(part_ready);
    subscriber_->open([this, part_ready](Status s) {
        if (!s) {
            part_ready(s);
            return;
        }
        subscriber_->command({"SUBSCRIBE", channel_}, [part_ready](Result<RedisReply> r) {
            if (!r)
                part_ready(r.error());
            else if (r.value().is_error())
                part_ready(make_error("SUBSCRIBE refused: " + r.value().str));
            else
                part_ready(Status{});
        });
    });
}

void RedisLink::on_connected_part() {
    if (++parts_ready_ < 2 || !connecting_)
        return;
    connecting_ = false;
    failed_connects_ = 0;
    up_ = true;
    ++connections_;
    if (on_link)
        on_link(true, {});
}

void RedisLink::go_down(const std::string& why) {
    if (!commands_ && !subscriber_)
        return;
    const bool was_up = up_;
    const bool was_connecting = connecting_;
    up_ = false;
    connecting_ = false;
    // Closing answers the commands still waiting (with an error); their handlers may call back in here,
    // which finds both connections gone and returns.
    auto commands = std::move(commands_);
    auto subscriber = std::move(subscriber_);
    const std::weak_ptr<bool> alive = alive_;
    if (commands)
        commands->close();
    if (subscriber)
        subscriber->close();
    if (alive.expired())
        return;
    // Deleted after the current socket signal returns (a connection cannot be deleted inside its own
    // handler).
    scheduler_.schedule_after(0, [c = std::shared_ptr<RedisConnection>(std::move(commands)),
                                  s = std::shared_ptr<RedisConnection>(std::move(subscriber))] {});
    if (was_connecting)
        ++failed_connects_;
    schedule_reconnect();
    if ((was_up || was_connecting) && on_link)
        on_link(false, why);
}

void RedisLink::schedule_reconnect() {
    std::int64_t delay_ms = backoff_.delay_ms(std::max(0, failed_connects_ - 1), 0, random_);
    // While the breaker around Redis is open, nothing is tried before it lets a probe through.
    const BreakerSnapshot b = breaker_.snapshot(clock_.steady_ms());
    if (b.state == BreakerState::Open)
        delay_ms = std::max(delay_ms, b.open_remaining_ms);
    reconnect_timer_ = Timer(scheduler_, delay_ms, [this] {
        reconnect_timer_.fired();
        connect();
    });
}

void RedisLink::command(const std::vector<std::string>& argv, std::function<void(Result<RedisReply>)> done) {
    if (!up_ || !commands_) {
        done(make_error("the link to Redis is down"));
        return;
    }
    const std::int64_t started = clock_.steady_ms();
    const BreakerPermit permit = breaker_.try_acquire(started);
    if (!permit.permitted) {
        done(make_error("the breaker around Redis is open"));
        return;
    }
    const std::weak_ptr<bool> alive = alive_;
    commands_->command(argv, [this, alive, permit, started, done = std::move(done)](Result<RedisReply> r) {
        if (!alive.expired()) {
            const std::int64_t now = clock_.steady_ms();
            // A Redis error reply (a script's error) is an answer: Redis is healthy. A failure to answer is
            // not.
            breaker_.on_result(permit, r ? CallResult::Success : CallResult::Failure, now - started, now);
            if (breaker_.state() == BreakerState::Open && up_) {
                done(std::move(r));
                if (!alive.expired())
                    go_down("Redis failing or slow: the breaker around it is open for " +
                            std::to_string(breaker_.snapshot(now).open_remaining_ms) + " ms");
                return;
            }
        }
        done(std::move(r));
    });
}

}  // namespace stormproof
