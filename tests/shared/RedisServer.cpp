#include "RedisServer.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <csignal>

namespace stormproof::test {

namespace {
// Generous: a busy CI machine starts redis-server in ~10 ms; this only bounds a server that never comes up.
constexpr int kStartBoundMs = 20000;
}  // namespace

int free_loopback_port() {
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

QString RedisServer::binary() {
    const QString debian = QStringLiteral("/usr/bin/redis-server");
    if (QFileInfo(debian).isExecutable())
        return debian;
    return QStandardPaths::findExecutable(QStringLiteral("redis-server"));
}

RedisServer::RedisServer() = default;

RedisServer::~RedisServer() {
    if (process_ && process_->state() != QProcess::NotRunning) {
        resume();
        process_->kill();
        process_->waitForFinished(5000);
    }
}

bool RedisServer::running() const {
    return process_ && process_->state() == QProcess::Running;
}

bool RedisServer::start(QString* error) {
    const QString bin = binary();
    if (bin.isEmpty()) {
        *error = "redis-server not found (/usr/bin/redis-server): run scripts/setup (Debian's redis-server)";
        return false;
    }
    if (port_ == 0)
        port_ = free_loopback_port();
    process_ = std::make_unique<QProcess>();
    process_->setProcessChannelMode(QProcess::MergedChannels);
    process_->start(bin, {"--port", QString::number(port_), "--bind", "127.0.0.1", "--save", "",
                          "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning"});
    if (!process_->waitForStarted(kStartBoundMs)) {
        *error = "cannot start " + bin + ": " + process_->errorString();
        return false;
    }
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < kStartBoundMs) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(port_));
        if (probe.waitForConnected(500)) {
            probe.write("PING\r\n");
            if (probe.waitForReadyRead(2000) && probe.readAll().startsWith("+PONG"))
                return true;
        }
        if (process_->state() == QProcess::NotRunning) {
            *error = "redis-server exited: " + QString::fromLocal8Bit(process_->readAll());
            return false;
        }
        QThread::msleep(20);
    }
    *error = QString("redis-server did not answer PING on port %1").arg(port_);
    return false;
}

void RedisServer::kill() {
    if (!process_)
        return;
    resume();
    process_->kill();
    process_->waitForFinished(5000);
}

void RedisServer::pause() {
    if (running())
        ::kill(static_cast<pid_t>(process_->processId()), SIGSTOP);
}

void RedisServer::resume() {
    if (running())
        ::kill(static_cast<pid_t>(process_->processId()), SIGCONT);
}

}  // namespace stormproof::test
