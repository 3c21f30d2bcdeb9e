#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "SharedStore.h"
#include "resilience/CircuitBreaker.h"
#include "resilience/Clock.h"
#include "resilience/RandomSource.h"
#include "resilience/ResilienceState.h"
#include "resilience/Scheduler.h"
#include "resilience/SharedStateConfig.h"
#include "telemetry/EventBus.h"

namespace stormproof {

// A target as the shared state names it: its name in the policy, and an id per API key (a fingerprint of the
// key, so processes that list the same key under different names still share its waits; never the key).
struct SharedTarget {
    std::string name;
    std::vector<std::string> key_ids;
};

// Shares what one process learns about its targets with the others through a Redis (docs/SHARED_STATE.md):
//   - a breaker trip: "open until T", the later deadline winning, by an atomic script that also publishes it;
//   - a person's forcing of a breaker (open, closed, automatic);
//   - a provider's "blocked until" (Retry-After, rate-limit reset) per target and key.
// What arrives (pub/sub at once, and a read of every key each read_interval_ms to catch up) is applied to the
// local ResilienceState; the local state decides every request and nothing ever waits for Redis. Sliding
// windows, retry budgets and backoff stay per process (why: docs/SHARED_STATE.md).
// No process's time of day ever crosses: a writer sends how long is left (its monotonic clock), Redis keeps
// the deadline on its own clock (TIME in the scripts), and a reader gets how long is left (in the message, or
// Redis' deadline minus Redis' time in the read) and counts it on its own monotonic clock from when it
// arrives. Hosts whose clocks disagree by an hour still share a 30 s wait as 30 s.
class SharedStateSync {
public:
    // A trip learned from another process lasts this much longer here than there: the process that tripped
    // probes first, and when its probe is refused (a 503 answers in milliseconds) its new trip reaches the
    // others by pub/sub (about a millisecond) before they would probe too, so N processes send one probe per
    // open period, not N. 250 ms covers both with room and keeps the followers' return after a recovery close
    // to the leader's (circuit_breaker.open_ms is 1.8 s by default). A probe slower than this is probed by
    // the others too.
    static constexpr std::int64_t kFollowerProbeDelayMs = 250;
    // A shared key outlives the deadline it carries by this much (then Redis drops it).
    static constexpr std::int64_t kKeyMarginMs = 1000;
    // A trip or wait further away than this is not believed (a broken or hostile writer): 24 h, the longest
    // wait a server hint may ask for (ServerHints::kAbsurdDelayMs). What is believed is capped further: a
    // trip by circuit_breaker.max_open_ms (CircuitBreaker::apply_shared_open), a wait by
    // max_shared_wait_ms().
    static constexpr std::int64_t kMaxSharedMs = 24LL * 60 * 60 * 1000;

    SharedStateSync(const Clock& clock, Scheduler& scheduler, RandomSource& random, EventBus& bus,
                    ResilienceState& state, SharedStore& store, SharedStateConfig config);
    ~SharedStateSync();
    SharedStateSync(const SharedStateSync&) = delete;
    SharedStateSync& operator=(const SharedStateSync&) = delete;

    // The targets (and their keys) whose state is shared; names outside this list are ignored when they come
    // from Redis.
    void set_targets(std::vector<SharedTarget> targets);
    // Hooks into the state and starts the link (never waits for it).
    void start();

    bool up() const { return up_; }
    const std::string& origin() const { return origin_; }

    struct Counters {
        int trips_published = 0;
        int trips_applied = 0;
        int waits_published = 0;
        int waits_applied = 0;
        int overrides_published = 0;
        int overrides_applied = 0;
        int reads = 0;
        int write_errors = 0;
    };
    const Counters& counters() const { return counters_; }

    // The key names (public for tests and docs).
    std::string trip_key(const std::string& target) const;
    std::string force_key(const std::string& target) const;
    std::string wait_key(const std::string& target, const std::string& key_id) const;
    std::string channel() const;

    // The two scripts (public for tests): "later deadline wins" and "set or clear a forcing", each
    // publishing.
    static const char* const kLaterWinsScript;
    static const char* const kForceScript;
    // The periodic read: every shared key's value, at most kMaxValueBytes of it ('' when absent or not a
    // string). What this code writes is at most 30 bytes ("UNTIL_MS<TAB>ORIGIN", "force_closed<TAB>ORIGIN");
    // one value written bigger (a broken or older process, anyone with write access to Redis) would otherwise
    // make the whole reply too big to read and close the link at every read.
    static const char* const kReadScript;
    static constexpr std::size_t kMaxValueBytes = 64;

private:
    void on_link(bool up, const std::string& why);
    void on_message(const std::string& payload);
    void publish_trip(const std::string& target, std::int64_t until_ms);
    void publish_wait(const std::string& target, int key, std::int64_t until_ms);
    void publish_override(const std::string& target, BreakerOverride mode);
    void republish();
    void read_all();
    void schedule_read();
    // remaining_ms: how long the trip or wait still lasts, as Redis measured it.
    void apply_trip(const std::string& target, std::int64_t remaining_ms, const std::string& origin);
    void apply_wait(const std::string& target, const std::string& key_id, std::int64_t remaining_ms,
                    const std::string& origin);
    void apply_force(const std::string& target, const std::string& mode, const std::string& origin,
                     bool from_message);
    void write(std::vector<std::string> argv, int Counters::*counter);
    // The longest a wait learned from another process lasts here: retry.max_retry_after_ms plus one
    // read_interval_ms. Above max_retry_after_ms, so a longer wait still makes requests here fall back (as
    // the full wait would: RequestExecution::honour_provider_wait) instead of waiting out the cap and earning
    // a 429; renewed by every read while Redis still holds the wait, so only a wait that Redis no longer
    // confirms (Redis away, or a bad value) ends early, after about a minute instead of up to 24 h.
    std::int64_t max_shared_wait_ms() const;
    const SharedTarget* find_target(const std::string& name) const;

    const Clock& clock_;
    Scheduler& scheduler_;
    EventBus& bus_;
    ResilienceState& state_;
    SharedStore& store_;
    SharedStateConfig config_;
    std::string origin_;
    std::vector<SharedTarget> targets_;
    Timer read_timer_;
    bool up_ = false;
    std::optional<bool> reported_;  // the last link state announced on the bus
    Counters counters_;
    // What this process learned itself and still holds: sent again after a reconnect (Redis may have
    // restarted empty).
    std::map<std::string, std::int64_t> local_trips_;  // target -> open until (steady ms)
    std::map<std::pair<std::string, int>, std::int64_t> local_waits_;
    std::map<std::string, BreakerOverride> local_forces_;
    // The forcing last read from Redis per target: a forcing is applied when it changes, so a read that finds
    // none does not undo a person's hand here while Redis was away.
    std::map<std::string, std::string> remote_forces_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace stormproof
