#include "RedisProtocol.h"

#include <hiredis/hiredis.h>

namespace stormproof {

namespace {

// The reader being parsed on this thread: hiredis calls the object functions only from inside
// redisReaderGetReply, which RedisReplyReader::next() brackets with this.
thread_local RedisReplyReader* t_parsing = nullptr;

RedisReplyReader& owner(const redisReadTask*) {
    return *t_parsing;
}

// Where a new value goes: a slot of its parent array (already sized), or a new top-level reply that hiredis
// hands back from redisReaderGetReply (and frees through free_object on error).
RedisReply* place(const redisReadTask* task) {
    if (task->parent != nullptr) {
        auto* parent = static_cast<RedisReply*>(task->parent->obj);
        if (task->idx < 0 || static_cast<std::size_t>(task->idx) >= parent->elements.size())
            return nullptr;
        return &parent->elements[static_cast<std::size_t>(task->idx)];
    }
    return new RedisReply();
}

void* create_string(const redisReadTask* task, char* text, size_t length) {
    if (!owner(task).charge(length))
        return nullptr;
    RedisReply* r = place(task);
    if (r == nullptr)
        return nullptr;
    switch (task->type) {
        case REDIS_REPLY_ERROR:
            r->type = RedisReply::Type::ErrorReply;
            break;
        case REDIS_REPLY_STATUS:
            r->type = RedisReply::Type::Simple;
            break;
        default:
            r->type = RedisReply::Type::String;
            break;
    }
    r->str.assign(text, length);
    return r;
}

void* create_array(const redisReadTask* task, int elements) {
    if (elements < 0 || elements > RedisReplyReader::kMaxElements ||
        !owner(task).charge(static_cast<std::size_t>(elements) * sizeof(RedisReply)))
        return nullptr;
    RedisReply* r = place(task);
    if (r == nullptr)
        return nullptr;
    r->type = RedisReply::Type::Array;
    r->elements.resize(static_cast<std::size_t>(elements));
    return r;
}

void* create_integer(const redisReadTask* task, long long value) {
    RedisReply* r = place(task);
    if (r == nullptr)
        return nullptr;
    r->type = RedisReply::Type::Integer;
    r->integer = value;
    return r;
}

void* create_nil(const redisReadTask* task) {
    RedisReply* r = place(task);
    if (r == nullptr)
        return nullptr;
    r->type = RedisReply::Type::Nil;
    return r;
}

// hiredis frees only top-level objects (children live inside their parent's vector).
void free_object(void* object) {
    delete static_cast<RedisReply*>(object);
}

redisReplyObjectFunctions kFunctions = {create_string, create_array, create_integer, create_nil, free_object};

}  // namespace

std::string format_redis_command(const std::vector<std::string>& argv) {
    std::vector<const char*> parts;
    std::vector<size_t> lengths;
    parts.reserve(argv.size());
    lengths.reserve(argv.size());
    for (const std::string& a : argv) {
        parts.push_back(a.data());
        lengths.push_back(a.size());
    }
    char* formatted = nullptr;
    const int length =
        redisFormatCommandArgv(&formatted, static_cast<int>(argv.size()), parts.data(), lengths.data());
    if (length < 0 || formatted == nullptr)
        return {};
    std::string out(formatted, static_cast<std::size_t>(length));
    redisFreeCommand(formatted);
    return out;
}

RedisReplyReader::RedisReplyReader() : reader_(redisReaderCreateWithFunctions(&kFunctions)) {
    if (reader_ == nullptr)
        broken_ = make_error("cannot create the Redis reply reader (out of memory)");
}

RedisReplyReader::~RedisReplyReader() {
    if (reader_ != nullptr)
        redisReaderFree(reader_);
}

bool RedisReplyReader::charge(std::size_t bytes) {
    if (bytes > kMaxReplyBytes - reply_bytes_)
        return false;
    reply_bytes_ += bytes;
    return true;
}

Status RedisReplyReader::feed(std::string_view bytes) {
    if (broken_)
        return *broken_;
    if (reader_->len - reader_->pos + bytes.size() > kMaxBufferedBytes) {
        broken_ = make_error(
            "more than " + std::to_string(kMaxBufferedBytes) + " bytes of unfinished reply from Redis",
            "redis reply");
        return *broken_;
    }
    if (redisReaderFeed(reader_, bytes.data(), bytes.size()) != REDIS_OK) {
        broken_ = make_error(reader_->errstr, "redis reply");
        return *broken_;
    }
    return {};
}

Result<std::optional<RedisReply>> RedisReplyReader::next() {
    if (broken_)
        return *broken_;
    void* object = nullptr;
    t_parsing = this;
    const int status = redisReaderGetReply(reader_, &object);
    t_parsing = nullptr;
    if (status != REDIS_OK) {
        // Our object functions refuse past the bounds; hiredis reports that as out of memory.
        const std::string why = reader_->err == REDIS_ERR_OOM
                                    ? "a reply beyond the bounds (" + std::to_string(kMaxElements) +
                                          " elements, " + std::to_string(kMaxReplyBytes) + " bytes)"
                                    : std::string(reader_->errstr);
        broken_ = make_error(why, "redis reply");
        return *broken_;
    }
    if (object == nullptr)
        return std::optional<RedisReply>();
    std::unique_ptr<RedisReply> reply(static_cast<RedisReply*>(object));
    reply_bytes_ = 0;
    return std::optional<RedisReply>(std::move(*reply));
}

}  // namespace stormproof
