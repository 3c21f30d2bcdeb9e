#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "Result.h"

namespace stormproof {

// The policy's `shared_state` section: breaker trips and provider waits shared between processes through a
// Redis (docs/SHARED_STATE.md). Off while redis_url is empty. Read by core/shared (SharedStateLink); the
// engine never waits for Redis: it decides every request on its local state.
struct SharedStateConfig {
    // "stormproof:" keeps our keys apart from whatever else lives in the same Redis database.
    static constexpr std::string_view kDefaultKeyPrefix = "stormproof:";
    // 500 ms to connect: a Redis on the same host or network answers a TCP handshake in well under 1 ms; a
    // connection that takes longer is to a Redis that is not going to be useful (redis-py and LiteLLM leave
    // it unbounded, which is how their requests came to hang on a dead Redis).
    static constexpr std::int64_t kDefaultConnectTimeoutMs = 500;
    // 250 ms per command: GET/SET/EVAL on a healthy Redis take ~0.1 ms on loopback and ~1 ms across a data
    // centre; nothing waits for the answer, so the timeout only decides how soon a stuck Redis is called
    // down.
    static constexpr std::int64_t kDefaultCommandTimeoutMs = 250;
    // Every shared key is re-read at most once a second (LiteLLM's cooldown cache re-reads Redis every 1 s,
    // after reading it per request cost ~100 ms a call). Changes also arrive at once by pub/sub; the read
    // catches up on what a reconnect missed.
    static constexpr std::int64_t kDefaultReadIntervalMs = 1000;

    std::string redis_url;  // "redis://[:password@]host[:port][/db]"; empty: nothing is shared
    std::string key_prefix = std::string(kDefaultKeyPrefix);
    std::int64_t connect_timeout_ms = kDefaultConnectTimeoutMs;
    std::int64_t command_timeout_ms = kDefaultCommandTimeoutMs;
    std::int64_t read_interval_ms = kDefaultReadIntervalMs;

    bool enabled() const { return !redis_url.empty(); }
    bool operator==(const SharedStateConfig&) const = default;
};

// Where a redis:// URL points.
struct RedisEndpoint {
    static constexpr int kDefaultPort = 6379;
    std::string host;
    int port = kDefaultPort;
    int database = 0;
    std::string password;  // empty: no AUTH
};

// "redis://[:password@]host[:port][/db]" (the scheme redis-cli and every client library read); an error
// saying what is wrong otherwise. TLS (rediss://) and unix sockets are not supported.
Result<RedisEndpoint> parse_redis_url(std::string_view url);

// A key prefix Redis and people can both read: 1..64 printable ASCII characters, no spaces.
bool valid_key_prefix(std::string_view prefix);

}  // namespace stormproof
