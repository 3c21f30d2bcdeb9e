// The simulator's request handling, end to end: raw bytes from a client socket into the real SimulatorServer
// (Qt HttpServer's parser, then our routing, auth, body and fault handling) on 127.0.0.1. The simulator must
// survive anything a client sends -- it is the thing the chaos tests lean on.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QTcpSocket>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "platform/QtTimeSystem.h"
#include "simulator/ScenarioLoader.h"
#include "simulator/SimulatorServer.h"

using namespace stormproof;

namespace {
struct World {
    int argc = 1;
    char arg0[8] = "fuzz";
    char* argv[2] = {arg0, nullptr};
    QCoreApplication app{argc, argv};
    QtTimeSystem time;
    SimulatorServer server{time, time, 7};
    quint16 port = 0;
    World() {
        // Replies at once and in full: the fuzzer exercises parsing and routing, not waiting.
        auto instant = ScenarioLoader::from_text(
            R"({"name": "instant", "reply": {"min_tokens": 3, "max_tokens": 6, "first_token_ms": 0, "tokens_per_s": 0}})");
        server.set_scenario(*instant.scenario);
        const Result<quint16> listening = server.start(QHostAddress::LocalHost, 0);
        if (!listening)
            std::abort();
        port = listening.value();
    }
};
World& world() {
    static World w;
    return w;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    World& w = world();
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, w.port);
    if (!socket.waitForConnected(1000))
        std::abort();  // the simulator stopped accepting: that is a failure too
    socket.write(reinterpret_cast<const char*>(data), static_cast<qint64>(size));
    socket.flush();
    // Bounded: until the server answers and goes quiet, closes, or 20 ms pass (an incomplete request waits
    // for more bytes that will never come).
    QElapsedTimer t;
    t.start();
    qint64 last_bytes = -1;
    while (t.elapsed() < 20 && socket.state() == QAbstractSocket::ConnectedState) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 2);
        socket.waitForReadyRead(1);
        const qint64 now = socket.bytesAvailable();
        if (now > 0 && now == last_bytes)
            break;
        last_bytes = now;
    }
    socket.readAll();
    socket.abort();
    QCoreApplication::processEvents();
    return 0;
}
