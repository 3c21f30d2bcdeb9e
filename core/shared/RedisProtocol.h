#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "resilience/Result.h"

struct redisReader;

namespace stormproof {

// One reply of the Redis protocol (RESP2), as a value.
struct RedisReply {
    enum class Type { String, Array, Integer, Nil, Simple, ErrorReply };  // Simple: +OK; ErrorReply: -ERR ...
    Type type = Type::Nil;
    std::string str;           // String, Status, Error
    std::int64_t integer = 0;  // Integer
    std::vector<RedisReply> elements;

    bool is_error() const { return type == Type::ErrorReply; }
};

// A command in the protocol's bytes (hiredis's redisFormatCommandArgv: binary-safe bulk strings).
std::string format_redis_command(const std::vector<std::string>& argv);

// Replies out of the bytes a Redis sends: hiredis's reader (redisReaderCreateWithFunctions) building
// RedisReply values, with bounds, since the bytes come from outside: at most kMaxBufferedBytes waiting to be
// parsed, kMaxReplyBytes of strings in one reply and kMaxElements per array (hiredis itself caps nesting at
// 7 levels). Past any bound, or on a protocol error, the reader is broken for good: the connection is closed.
class RedisReplyReader {
public:
    // Far above anything the shared state reads (a few dozen values of at most 64 bytes each).
    static constexpr std::size_t kMaxBufferedBytes = 1 << 20;
    static constexpr std::size_t kMaxReplyBytes = 1 << 20;
    static constexpr int kMaxElements = 1 << 16;

    RedisReplyReader();
    ~RedisReplyReader();
    RedisReplyReader(const RedisReplyReader&) = delete;
    RedisReplyReader& operator=(const RedisReplyReader&) = delete;

    Status feed(std::string_view bytes);
    // The next complete reply; nullopt when more bytes are needed; an error when the bytes broke the protocol
    // or a bound.
    Result<std::optional<RedisReply>> next();

    // Used by the reader's object functions: room for `bytes` more in this reply, false past the bound.
    bool charge(std::size_t bytes);

private:
    redisReader* reader_ = nullptr;
    std::size_t reply_bytes_ = 0;
    std::optional<Error> broken_;
};

}  // namespace stormproof
