#pragma once

#include <QProcess>
#include <QString>
#include <memory>

namespace stormproof::test {

// A real redis-server (Debian's, /usr/bin/redis-server, installed by scripts/setup) started by the test on a
// free loopback port with nothing saved to disk. start() fails the test loudly when the binary is missing or
// the server does not come up: a shared-state test never skips.
class RedisServer {
public:
    RedisServer();
    ~RedisServer();

    // Starts it (on the port it had before, when restarted); false with a message when it cannot.
    bool start(QString* error);
    // SIGKILL: Redis dies as in a crash, connections reset.
    void kill();
    // SIGSTOP / SIGCONT: Redis hangs with its connections open (a stuck Redis), then goes on.
    void pause();
    void resume();

    int port() const { return port_; }
    QString url() const { return QString("redis://127.0.0.1:%1/0").arg(port_); }
    bool running() const;

    static QString binary();

private:
    std::unique_ptr<QProcess> process_;
    int port_ = 0;
};

// A port nobody listens on right now (bound and released).
int free_loopback_port();

}  // namespace stormproof::test
