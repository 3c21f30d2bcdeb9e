#pragma once

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QThread>
#include <functional>

namespace stormproof::test {

// Runs the event loop until pred holds, for tests whose other side is a real process or socket (a Redis
// server, a gateway). False when bound_ms passed first: a guard against a hang, reported by the caller's
// assertion, never a measure of speed.
inline bool wait_until(const std::function<bool()>& pred, int bound_ms = 20000) {
    QElapsedTimer t;
    t.start();
    while (!pred()) {
        if (t.elapsed() > bound_ms)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QThread::usleep(200);  // a real peer is working: yield the core rather than spin
    }
    return true;
}

}  // namespace stormproof::test
