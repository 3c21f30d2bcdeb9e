#include "SharedStateSync.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "telemetry/TelemetryEvent.h"

namespace stormproof {

// KEYS[1]: the key; ARGV: how long the deadline is from now (ms, measured by the writer's monotonic clock),
// the key's TTL (ms), the writer's origin, the channel, the message without its last field. The deadline is
// kept on Redis' own clock (TIME): one clock for every writer, whatever their system clocks say. Atomic on
// the server: of two processes racing, the later deadline is the one kept and announced. What is published
// ends with how long the deadline is from now (ms), never a time of day, so each reader counts it on its own
// monotonic clock from when it arrives.
const char* const SharedStateSync::kLaterWinsScript =
    "local t = redis.call('TIME')\n"
    "local ms = tonumber(ARGV[1])\n"
    "local until_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + ms\n"
    "local current = redis.call('GET', KEYS[1])\n"
    "if current then\n"
    "  local held = tonumber(string.match(current, '^%d+'))\n"
    "  if held and held >= until_ms then return 0 end\n"
    "end\n"
    "redis.call('SET', KEYS[1], string.format('%.0f', until_ms) .. '\\t' .. ARGV[3], 'PX', ARGV[2])\n"
    "redis.call('PUBLISH', ARGV[4], ARGV[5] .. '\\t' .. string.format('%.0f', ms))\n"
    "return 1\n";

// KEYS[1]: the forcing key; ARGV: the value ('' clears it: automatic), the channel, the message.
const char* const SharedStateSync::kForceScript =
    "if ARGV[1] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[1]) end\n"
    "redis.call('PUBLISH', ARGV[2], ARGV[3])\n"
    "return 1\n";

// KEYS: the keys to read; ARGV[1]: how many bytes of each value at most. Returns Redis' own time (Unix ms,
// the clock the deadlines in the values are on), then each value. redis.pcall: a key holding another type
// reads as '' instead of failing the whole read.
const char* const SharedStateSync::kReadScript =
    "local t = redis.call('TIME')\n"
    "local out = {tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)}\n"
    "for i, key in ipairs(KEYS) do\n"
    "  local v = redis.pcall('GETRANGE', key, 0, tonumber(ARGV[1]) - 1)\n"
    "  if type(v) ~= 'string' then v = '' end\n"
    "  out[i + 1] = v\n"
    "end\n"
    "return out\n";

namespace {

constexpr char kSep = '\t';

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == kSep) {
            out.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

std::optional<std::int64_t> parse_ms(const std::string& text) {
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v <= 0)
        return std::nullopt;
    return v;
}

std::optional<BreakerOverride> override_from(const std::string& text) {
    for (BreakerOverride m :
         {BreakerOverride::Automatic, BreakerOverride::ForceOpen, BreakerOverride::ForceClosed}) {
        if (text == to_string(m))
            return m;
    }
    return std::nullopt;
}

// A bound on what one message may hold: names are at most 64 characters, ids 16, numbers 20.
constexpr std::size_t kMaxMessageBytes = 512;

}  // namespace

SharedStateSync::SharedStateSync(const Clock& clock, Scheduler& scheduler, RandomSource& random,
                                 EventBus& bus, ResilienceState& state, SharedStore& store,
                                 SharedStateConfig config)
    : clock_(clock),
      scheduler_(scheduler),
      bus_(bus),
      state_(state),
      store_(store),
      config_(std::move(config)) {
    char id[17];
    std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(random.next_u64()));
    origin_ = id;
}

SharedStateSync::~SharedStateSync() {
    *alive_ = false;
    state_.set_share_listener({});
    store_.on_link = nullptr;
    store_.on_message = nullptr;
}

std::string SharedStateSync::trip_key(const std::string& target) const {
    return config_.key_prefix + "trip:" + target;
}
std::string SharedStateSync::force_key(const std::string& target) const {
    return config_.key_prefix + "force:" + target;
}
std::string SharedStateSync::wait_key(const std::string& target, const std::string& key_id) const {
    return config_.key_prefix + "wait:" + target + ":" + key_id;
}
std::string SharedStateSync::channel() const {
    return config_.key_prefix + "events";
}

std::int64_t SharedStateSync::max_shared_wait_ms() const {
    return state_.policy().retry.max_retry_after_ms + config_.read_interval_ms;
}

const SharedTarget* SharedStateSync::find_target(const std::string& name) const {
    for (const SharedTarget& t : targets_) {
        if (t.name == name)
            return &t;
    }
    return nullptr;
}

void SharedStateSync::set_targets(std::vector<SharedTarget> targets) {
    targets_ = std::move(targets);
}

void SharedStateSync::start() {
    ResilienceState::ShareListener listener;
    listener.trip = [this](const std::string& target, std::int64_t until_ms) {
        publish_trip(target, until_ms);
    };
    listener.override_set = [this](const std::string& target, BreakerOverride mode) {
        publish_override(target, mode);
    };
    listener.server_wait = [this](const std::string& target, int key, std::int64_t until_ms) {
        publish_wait(target, key, until_ms);
    };
    state_.set_share_listener(std::move(listener));
    store_.on_link = [this](bool up, const std::string& why) { on_link(up, why); };
    store_.on_message = [this](const std::string& payload) { on_message(payload); };
    store_.start(channel());
    schedule_read();
}

void SharedStateSync::on_link(bool up, const std::string& why) {
    up_ = up;
    if (up) {
        republish();
        read_all();
    }
    if (reported_ == up)
        return;
    reported_ = up;
    TelemetryEvent e;
    e.ts_ms = clock_.system_ms();
    e.event = EventKind::SharedStateChanged;
    e.ok = up;
    e.detail = up ? "connected to the shared state (Redis)" : why;
    bus_.publish(e);
}

void SharedStateSync::write(std::vector<std::string> argv, int Counters::*counter) {
    if (!store_.up())
        return;  // sent again from the local state when the link is back (republish)
    const std::weak_ptr<bool> alive = alive_;
    store_.command(argv, [this, alive, counter](Result<RedisReply> r) {
        if (alive.expired())
            return;
        if (!r || r.value().is_error())
            ++counters_.write_errors;
        else if (r.value().integer == 1)
            ++(counters_.*counter);
    });
}

void SharedStateSync::publish_trip(const std::string& target, std::int64_t until_ms) {
    const std::int64_t now = clock_.steady_ms();
    if (until_ms <= now || !find_target(target))
        return;
    local_trips_[target] = until_ms;
    write({"EVAL", kLaterWinsScript, "1", trip_key(target), std::to_string(until_ms - now),
           std::to_string(until_ms - now + kKeyMarginMs), origin_, channel(),
           std::string("trip") + kSep + origin_ + kSep + target},
          &Counters::trips_published);
}

void SharedStateSync::publish_wait(const std::string& target, int key, std::int64_t until_ms) {
    const std::int64_t now = clock_.steady_ms();
    const SharedTarget* t = find_target(target);
    if (until_ms <= now || !t || key < 0 || key >= static_cast<int>(t->key_ids.size()))
        return;
    local_waits_[{target, key}] = until_ms;
    const std::string& key_id = t->key_ids[static_cast<std::size_t>(key)];
    write({"EVAL", kLaterWinsScript, "1", wait_key(target, key_id), std::to_string(until_ms - now),
           std::to_string(until_ms - now + kKeyMarginMs), origin_, channel(),
           std::string("wait") + kSep + origin_ + kSep + target + kSep + key_id},
          &Counters::waits_published);
}

void SharedStateSync::publish_override(const std::string& target, BreakerOverride mode) {
    if (!find_target(target))
        return;
    local_forces_[target] = mode;
    const std::string value =
        mode == BreakerOverride::Automatic ? std::string() : std::string(to_string(mode)) + kSep + origin_;
    remote_forces_[target] = value.empty() ? std::string() : std::string(to_string(mode));
    write({"EVAL", kForceScript, "1", force_key(target), value, channel(),
           std::string("force") + kSep + origin_ + kSep + target + kSep + std::string(to_string(mode))},
          &Counters::overrides_published);
}

void SharedStateSync::republish() {
    const std::int64_t now = clock_.steady_ms();
    for (auto it = local_trips_.begin(); it != local_trips_.end();) {
        if (it->second <= now) {
            it = local_trips_.erase(it);
            continue;
        }
        const auto [target, until] = *it++;
        publish_trip(target, until);
    }
    for (auto it = local_waits_.begin(); it != local_waits_.end();) {
        if (it->second <= now) {
            it = local_waits_.erase(it);
            continue;
        }
        const auto [key, until] = *it++;
        publish_wait(key.first, key.second, until);
    }
    for (const auto& [target, mode] : std::map<std::string, BreakerOverride>(local_forces_)) {
        if (mode != BreakerOverride::Automatic)
            publish_override(target, mode);
    }
}

void SharedStateSync::schedule_read() {
    read_timer_ = Timer(scheduler_, config_.read_interval_ms, [this] {
        read_timer_.fired();
        read_all();
        schedule_read();
    });
}

void SharedStateSync::read_all() {
    if (!store_.up() || targets_.empty())
        return;
    // One script reading every shared key (each at most kMaxValueBytes): each key is read once per interval,
    // whatever the traffic.
    std::vector<std::string> keys;
    struct Slot {
        enum class Kind { Trip, Force, Wait } kind;
        std::string target;
        std::string key_id;
    };
    std::vector<Slot> slots;
    for (const SharedTarget& t : targets_) {
        keys.push_back(trip_key(t.name));
        slots.push_back({Slot::Kind::Trip, t.name, {}});
        keys.push_back(force_key(t.name));
        slots.push_back({Slot::Kind::Force, t.name, {}});
        for (const std::string& id : t.key_ids) {
            keys.push_back(wait_key(t.name, id));
            slots.push_back({Slot::Kind::Wait, t.name, id});
        }
    }
    std::vector<std::string> argv = {"EVAL", kReadScript, std::to_string(keys.size())};
    argv.insert(argv.end(), keys.begin(), keys.end());
    argv.push_back(std::to_string(kMaxValueBytes));
    const std::weak_ptr<bool> alive = alive_;
    store_.command(argv, [this, alive, slots = std::move(slots)](Result<RedisReply> r) {
        if (alive.expired() || !r || r.value().type != RedisReply::Type::Array ||
            r.value().elements.size() != slots.size() + 1 ||
            r.value().elements[0].type != RedisReply::Type::Integer)
            return;
        ++counters_.reads;
        // The deadlines in the values are on Redis' clock: what is left of each is counted from Redis' time
        // of this read, and from now on this process's own monotonic clock.
        const std::int64_t redis_now_ms = r.value().elements[0].integer;
        for (std::size_t i = 0; i < slots.size(); ++i) {
            const RedisReply& v = r.value().elements[i + 1];
            const Slot& s = slots[i];
            if (s.kind == Slot::Kind::Force) {
                const std::string value = v.type == RedisReply::Type::String ? v.str : std::string();
                const auto parts = split(value);
                apply_force(s.target, value.empty() ? std::string("automatic") : parts[0],
                            parts.size() > 1 ? parts[1] : std::string(), false);
                continue;
            }
            if (v.type != RedisReply::Type::String)
                continue;
            const auto parts = split(v.str);
            const auto until = parse_ms(parts[0]);
            if (!until || parts.size() != 2 || *until <= redis_now_ms)
                continue;
            if (s.kind == Slot::Kind::Trip)
                apply_trip(s.target, *until - redis_now_ms, parts[1]);
            else
                apply_wait(s.target, s.key_id, *until - redis_now_ms, parts[1]);
        }
    });
}

void SharedStateSync::on_message(const std::string& payload) {
    if (payload.size() > kMaxMessageBytes)
        return;
    const auto parts = split(payload);
    if (parts.size() == 4 && parts[0] == "trip") {
        if (const auto remaining_ms = parse_ms(parts[3]))
            apply_trip(parts[2], *remaining_ms, parts[1]);
    } else if (parts.size() == 5 && parts[0] == "wait") {
        if (const auto remaining_ms = parse_ms(parts[4]))
            apply_wait(parts[2], parts[3], *remaining_ms, parts[1]);
    } else if (parts.size() == 4 && parts[0] == "force") {
        apply_force(parts[2], parts[3], parts[1], true);
    }
}

void SharedStateSync::apply_trip(const std::string& target, std::int64_t remaining_ms,
                                 const std::string& origin) {
    if (origin == origin_ || !find_target(target) || remaining_ms <= 0 || remaining_ms > kMaxSharedMs)
        return;
    // No longer than circuit_breaker.max_open_ms here either (CircuitBreaker::apply_shared_open).
    const std::int64_t now = clock_.steady_ms();
    if (state_.apply_shared_trip(target, now + remaining_ms + kFollowerProbeDelayMs, now))
        ++counters_.trips_applied;
}

void SharedStateSync::apply_wait(const std::string& target, const std::string& key_id,
                                 std::int64_t remaining_ms, const std::string& origin) {
    const SharedTarget* t = find_target(target);
    if (origin == origin_ || !t || remaining_ms <= 0 || remaining_ms > kMaxSharedMs)
        return;
    const std::int64_t now = clock_.steady_ms();
    const std::int64_t until = now + std::min(remaining_ms, max_shared_wait_ms());
    for (std::size_t k = 0; k < t->key_ids.size(); ++k) {
        if (t->key_ids[k] == key_id &&
            state_.apply_shared_server_wait(target, static_cast<int>(k), until, now))
            ++counters_.waits_applied;
    }
}

void SharedStateSync::apply_force(const std::string& target, const std::string& mode_text,
                                  const std::string& origin, bool from_message) {
    const auto mode = override_from(mode_text);
    if (!mode || !find_target(target))
        return;
    const std::string seen = *mode == BreakerOverride::Automatic ? std::string() : mode_text;
    auto it = remote_forces_.find(target);
    const bool changed = it == remote_forces_.end() ? !seen.empty() : it->second != seen;
    remote_forces_[target] = seen;
    // A message is another hand moving it now; a read applies only what changed since the last one.
    if ((!from_message && !changed) || origin == origin_)
        return;
    local_forces_.erase(target);  // another hand has moved it since
    state_.apply_shared_override(target, *mode, clock_.steady_ms());
    ++counters_.overrides_applied;
}

}  // namespace stormproof
