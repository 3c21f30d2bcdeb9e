#include "RedisConnection.h"

#include <QHostAddress>

namespace stormproof {

RedisConnection::RedisConnection(Scheduler& scheduler, RedisEndpoint endpoint,
                                 std::int64_t connect_timeout_ms, std::int64_t command_timeout_ms)
    : scheduler_(scheduler),
      endpoint_(std::move(endpoint)),
      connect_timeout_ms_(connect_timeout_ms),
      command_timeout_ms_(command_timeout_ms) {}

RedisConnection::~RedisConnection() {
    *alive_ = false;
    if (socket_) {
        socket_->disconnect();
        socket_->abort();
    }
}

std::string RedisConnection::where() const {
    return "redis://" + endpoint_.host + ":" + std::to_string(endpoint_.port);
}

void RedisConnection::open(std::function<void(Status)> ready) {
    ready_handler_ = std::move(ready);
    socket_ = std::make_unique<QTcpSocket>();
    QTcpSocket* s = socket_.get();
    QObject::connect(s, &QTcpSocket::readyRead, s, [this] { on_bytes(); });
    QObject::connect(s, &QTcpSocket::errorOccurred, s, [this](QAbstractSocket::SocketError) {
        fail(make_error(socket_ ? socket_->errorString().toStdString() : "socket error", where()));
    });
    QObject::connect(s, &QTcpSocket::disconnected, s,
                     [this] { fail(make_error("Redis closed the connection", where())); });
    QObject::connect(s, &QTcpSocket::connected, s, [this] {
        connect_timer_.cancel();
        // AUTH and SELECT go first, in order; ready follows the last of them (or comes at once).
        const auto step_done = [this](Result<RedisReply> reply) {
            if (!reply || reply.value().is_error()) {
                fail(reply ? make_error("Redis refused: " + reply.value().str, where()) : reply.error());
                return;
            }
        };
        if (!endpoint_.password.empty())
            send_raw({"AUTH", endpoint_.password}, step_done);
        if (endpoint_.database != 0)
            send_raw({"SELECT", std::to_string(endpoint_.database)}, step_done);
        const auto finish = [this] {
            if (failed_)
                return;
            ready_ = true;
            if (auto handler = std::exchange(ready_handler_, nullptr))
                handler(Status{});
        };
        if (pending_.empty()) {
            finish();
        } else {
            // The last setup command's reply makes the connection ready.
            Pending& last = pending_.back();
            last.done = [step_done, finish](Result<RedisReply> reply) {
                const bool ok = reply && !reply.value().is_error();
                step_done(std::move(reply));
                if (ok)
                    finish();
            };
        }
    });
    connect_timer_ = Timer(scheduler_, connect_timeout_ms_, [this] {
        connect_timer_.fired();
        fail(make_error("no connection within " + std::to_string(connect_timeout_ms_) + " ms", where()));
    });
    s->connectToHost(QString::fromStdString(endpoint_.host), static_cast<quint16>(endpoint_.port));
}

void RedisConnection::send_raw(const std::vector<std::string>& argv, ReplyHandler done) {
    const std::string bytes = format_redis_command(argv);
    if (bytes.empty() || !socket_ || failed_) {
        done(make_error("cannot send the command", where()));
        return;
    }
    Pending p;
    p.done = std::move(done);
    p.timeout = Timer(scheduler_, command_timeout_ms_, [this] {
        fail(make_error("no reply within " + std::to_string(command_timeout_ms_) + " ms", where()));
    });
    pending_.push_back(std::move(p));
    socket_->write(bytes.data(), static_cast<qint64>(bytes.size()));
}

void RedisConnection::command(const std::vector<std::string>& argv, ReplyHandler done) {
    if (!ready_ || failed_) {
        done(make_error("not connected", where()));
        return;
    }
    send_raw(argv, std::move(done));
}

void RedisConnection::on_bytes() {
    if (!socket_ || failed_)
        return;
    const QByteArray bytes = socket_->readAll();
    if (const Status fed =
            reader_.feed(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
        !fed) {
        fail(fed.error());
        return;
    }
    const std::weak_ptr<bool> alive = alive_;
    while (!failed_) {
        auto next = reader_.next();
        if (!next) {
            fail(next.error());
            return;
        }
        if (!next.value())
            return;
        RedisReply reply = std::move(*next.value());
        if (pending_.empty()) {
            if (push_)
                push_(reply);
        } else {
            Pending p = std::move(pending_.front());
            pending_.pop_front();
            p.timeout.cancel();
            p.done(std::move(reply));
        }
        if (alive.expired() || !*alive.lock())
            return;  // a handler let this connection go
    }
}

void RedisConnection::fail(const Error& error) {
    if (failed_)
        return;
    failed_ = true;
    const bool was_open = ready_;
    ready_ = false;
    connect_timer_.cancel();
    if (socket_) {
        // Kept (deleted with this connection, which its owner lets go outside the socket's signals): this may
        // run inside one of the socket's own signals.
        socket_->disconnect();
        socket_->abort();
    }
    const std::weak_ptr<bool> alive = alive_;
    std::deque<Pending> waiting = std::move(pending_);
    pending_.clear();
    for (Pending& p : waiting) {
        p.timeout.cancel();
        p.done(error);
        if (alive.expired() || !*alive.lock())
            return;
    }
    if (auto handler = std::exchange(ready_handler_, nullptr)) {
        handler(error);
        if (alive.expired() || !*alive.lock())
            return;
    }
    if (was_open && closed_)
        closed_(error);
}

void RedisConnection::close() {
    if (failed_)
        return;
    failed_ = true;
    ready_ = false;
    connect_timer_.cancel();
    if (socket_) {
        socket_->disconnect();
        socket_->abort();
    }
    std::deque<Pending> waiting = std::move(pending_);
    pending_.clear();
    const std::weak_ptr<bool> alive = alive_;
    for (Pending& p : waiting) {
        p.timeout.cancel();
        p.done(make_error("connection closed", where()));
        if (alive.expired() || !*alive.lock())
            return;
    }
}

}  // namespace stormproof
