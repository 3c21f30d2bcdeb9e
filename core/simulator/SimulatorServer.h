#pragma once

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QTcpSocket>
#include <cstdint>
#include <memory>
#include <string>

#include "AnthropicWire.h"
#include "ControlEndpoints.h"
#include "DialectWire.h"
#include "OpenAiWire.h"
#include "ReplyPacer.h"
#include "RequestLog.h"
#include "Scenario.h"
#include "ScenarioRegistry.h"
#include "resilience/Clock.h"
#include "resilience/Result.h"
#include "resilience/Scheduler.h"
#include "resilience/SeededRandom.h"

namespace stormproof {

struct SimChatRequest;

// The built-in LLM server: OpenAI Chat Completions, OpenAI models, Anthropic Messages, with scripted faults.
// Built on QAbstractHttpServer, which parses the requests and then hands over the raw socket -- which is what
// lets a fault reset a connection, stall a stream or stop answering, things a response object cannot do.
//
// This class routes and decides: which scenario a request runs (ScenarioRegistry), whether the rate limiter
// or a fault answers it (draw_fault), and how the reply goes out (ReplyPacer). Request validation is
// ChatRequestReader's, /_sim/ is ControlEndpoints', HTTP/1.1 framing is HttpResponseWriter's.
class SimulatorServer final : public QAbstractHttpServer {
    Q_OBJECT

public:
    SimulatorServer(Clock& clock, Scheduler& scheduler, std::uint64_t seed, QObject* parent = nullptr);
    ~SimulatorServer() override;

    // Listens on host:port (port 0: any free one): the port it listens on, or why it cannot (where: the
    // address).
    Result<quint16> start(const QHostAddress& host, quint16 port);
    quint16 port() const { return port_; }
    QString base_url() const;  // http://HOST:PORT (the OpenAI base URL is this + "/v1")

    // Makes a scenario answer to model sim-NAME and to {"name": NAME} on /_sim/scenario, and lists it in
    // /v1/models: the --scenario file of the command line, the profile's own scenarios from Settings >
    // Simulator. NAME is [A-Za-z0-9_-]{1,64}; refused otherwise.
    Status register_scenario(const std::string& name, Scenario scenario) {
        return scenarios_.add(name, std::move(scenario));
    }
    // The current scenario (every model that is not sim-NAME), starting now.
    void set_scenario(Scenario scenario) { scenarios_.set_current(std::move(scenario), clock_.steady_ms()); }
    // Makes the built-in or registered scenario NAME current, starting now, or says why not.
    Status select_scenario(const std::string& name) { return scenarios_.select(name, clock_.steady_ms()); }
    const Scenario& scenario() const { return scenarios_.current().scenario(); }
    const RequestLog& log() const { return log_; }
    void set_log_capacity(std::size_t records) { log_.set_capacity(records); }
    std::uint64_t seed() const { return seed_; }
    // The most responses that were open at once (streams and delayed bodies): proof of client concurrency.
    std::size_t peak_open_responses() const { return pacer_.peak_open(); }

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    void handle_chat(const QHttpServerRequest& request, QTcpSocket* socket, bool anthropic);
    void handle_models(QTcpSocket* socket);

    Clock& clock_;
    std::uint64_t seed_;
    SeededRandom random_;  // fault draws only
    OpenAiWire openai_;
    AnthropicWire anthropic_;
    // The OpenAI-compatible endpoint in each provider's dialect (a scenario's "dialect"), one per dialect.
    std::vector<DialectWire> dialects_;
    const WireFormat& wire_for(const ScenarioState& state, bool anthropic) const;
    ScenarioRegistry scenarios_;
    RequestLog log_;
    ControlEndpoints control_;
    ReplyPacer pacer_;
    std::uint64_t completions_ = 0;
    quint16 port_ = 0;
    QHostAddress host_;
};

}  // namespace stormproof
