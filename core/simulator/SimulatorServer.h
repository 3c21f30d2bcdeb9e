#pragma once

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QPointer>
#include <QTcpSocket>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "AnthropicWire.h"
#include "OpenAiWire.h"
#include "RateLimiter.h"
#include "RequestLog.h"
#include "Scenario.h"
#include "resilience/Clock.h"
#include "resilience/Scheduler.h"
#include "resilience/SeededRandom.h"

namespace stormproof {

// The built-in LLM server: OpenAI Chat Completions, OpenAI models, Anthropic Messages, with scripted faults.
// Built on QAbstractHttpServer, which parses the requests and then hands over the raw socket -- which is what
// lets a fault reset a connection, stall a stream or stop answering, things a response object cannot do.
class SimulatorServer final : public QAbstractHttpServer {
    Q_OBJECT

public:
    SimulatorServer(Clock& clock, Scheduler& scheduler, std::uint64_t seed, QObject* parent = nullptr);
    ~SimulatorServer() override;

    // Listens on host:port (port 0: any free one). Returns the port, or 0 with error filled in.
    quint16 start(const QHostAddress& host, quint16 port, QString* error);
    quint16 port() const { return port_; }
    QString base_url() const;  // http://HOST:PORT (the OpenAI base URL is this + "/v1")

    // Makes a scenario answer to model sim-NAME (the profile's own scenarios from Settings > Simulator).
    void register_scenario(const std::string& name, Scenario scenario) {
        named_scenarios_[name] = std::move(scenario);
    }
    void set_scenario(Scenario scenario);
    const Scenario& scenario() const { return scenario_; }
    const RequestLog& log() const { return log_; }
    void set_log_capacity(std::size_t records) { log_.set_capacity(records); }
    std::uint64_t seed() const { return seed_; }
    // The most responses that were open at once (streams and delayed bodies): proof of client concurrency.
    std::size_t peak_open_responses() const { return peak_open_; }

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    struct Stream;
    void handle_control(const QHttpServerRequest& request, QTcpSocket* socket, const std::string& path);
    void handle_chat(const QHttpServerRequest& request, QTcpSocket* socket, bool anthropic);
    void handle_models(QTcpSocket* socket);
    const Scenario& scenario_for(const std::string& model, bool* unknown);
    const FaultSpec* draw_fault(const Phase& phase, const std::string& model);
    void send(QTcpSocket* socket, int status, const HeaderPairs& headers, const std::string& body,
              const std::string& content_type = "application/json");
    // Takes ownership of a response in flight and returns its id.
    std::uint64_t register_stream(std::unique_ptr<Stream> stream);
    // The response in flight with this id, or nullptr when it is over -- or its client has gone, in which
    // case it is closed and logged as such.
    Stream* live_stream(std::uint64_t id);
    void pump(std::uint64_t stream_id);
    void finish_stream(std::uint64_t stream_id, const std::string& outcome);

    Clock& clock_;
    Scheduler& scheduler_;
    std::uint64_t seed_;
    SeededRandom random_;
    OpenAiWire openai_;
    AnthropicWire anthropic_;
    Scenario scenario_;
    std::int64_t scenario_started_ms_ = 0;
    std::map<std::string, Scenario> named_scenarios_;  // sim-NAME models, loaded on first use
    RateLimiter limiter_;
    RequestLog log_;
    std::unordered_map<std::uint64_t, std::unique_ptr<Stream>> streams_;
    std::uint64_t next_stream_id_ = 1;
    std::uint64_t completions_ = 0;
    std::size_t peak_open_ = 0;
    std::map<const FaultSpec*, int> fault_uses_;  // for max_count; cleared with each new scenario
    quint16 port_ = 0;
    QHostAddress host_;
};

}  // namespace stormproof
