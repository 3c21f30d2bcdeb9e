#pragma once

#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "GatewayProtocol.h"
#include "http/HttpResponseWriter.h"
#include "llm/ChatCall.h"

class QTcpSocket;

namespace stormproof {

class ResilientClient;
class Clock;

// One chat request through the gateway: runs the caller's request as a ChatCall and writes its answer on the
// caller's socket, in the caller's protocol.
//
// The commit point: nothing is written before the first token (or a whole body), so every retry and
// fallback before it is invisible. A stream's head goes out with its first bytes and carries the
// x-stormproof-* headers. With a target of the caller's protocol, the provider's events are forwarded as they
// came (those before the first token buffered in ChatCall and released at commit); with a target of the other
// protocol they are written here from the deltas (StreamSynthesizer). The stream's own end ([DONE],
// message_stop) is held back and written only when the request succeeded: a failure after the first byte is
// the protocol's error event (OpenAI `data: {"error": ...}` with no [DONE], Anthropic `event: error`), never
// a clean end. Once the caller holds bytes a restart would hand it the text twice, so gateway requests set
// ChatRequest::final_after_first_token: the engine's stream.after_first_token is Fail for them (a cut before
// the first token is still retried or restarted, invisibly).
class GatewayExchange final : public QObject {
public:
    // Headers every response carries: x-stormproof-trace-id, -attempts, -served-by, -fallback.
    static HeaderPairs stormproof_headers(const std::string& trace_id, int attempts,
                                          const std::string& served_by, bool fallback);

    // done(keep_alive) is called once, after the last byte was written.
    GatewayExchange(ResilientClient& client, const Clock& clock, QTcpSocket* socket, WireProtocol protocol,
                    gateway::ParsedChat chat, std::string requested_model, bool keep_alive,
                    std::function<void(bool)> done, QObject* parent = nullptr);
    ~GatewayExchange() override;

    void start();

private:
    void on_committed(const StreamCommit& commit);
    void on_raw_event(const RawSseEvent& event);
    void on_delta(const QString& text);
    void on_finished(const ChatResult& result);
    void write(const std::string& bytes);  // one chunk of the stream
    void end(bool keep_alive);
    HeaderPairs upstream_headers(const HeaderList& from) const;

    const Clock& clock_;
    QPointer<QTcpSocket> socket_;
    WireProtocol protocol_;
    std::string requested_model_;
    bool stream_;
    bool keep_alive_;
    std::function<void(bool)> done_;
    std::unique_ptr<ChatCall> call_;
    std::optional<gateway::StreamSynthesizer>
        synth_;  // set at commit when the target speaks the other protocol
    bool head_sent_ = false;
    bool passthrough_ = false;
    std::vector<RawSseEvent> held_end_;  // the provider's own end of stream, written only on success
    bool ended_ = false;
};

}  // namespace stormproof
