#pragma once

#include <QObject>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "AnthropicAdapter.h"
#include "ChatCall.h"
#include "ClientContext.h"
#include "OpenAiAdapter.h"
#include "SecretStore.h"
#include "TransitionGate.h"
#include "TransportPool.h"
#include "config/Policy.h"
#include "resilience/Clock.h"
#include "resilience/RandomSource.h"
#include "resilience/ResilienceState.h"
#include "resilience/Scheduler.h"
#include "telemetry/EventBus.h"
#include "telemetry/Redactor.h"

namespace stormproof {

// The one entry point for model calls: takes a chat request, runs it through the policy in force (retries,
// keys, fallbacks, breakers, budget, deadline, hedging, stream modes) and reports everything on the event
// bus. Everything time- or chance-dependent comes in through the constructor.
class ResilientClient final : public QObject {
    Q_OBJECT

public:
    ResilientClient(const ClientContext& context, QObject* parent = nullptr);
    ResilientClient(Clock& clock, Scheduler& scheduler, RandomSource& random, EventBus& bus,
                    const SecretStore& secrets, QObject* parent = nullptr)
        : ResilientClient(ClientContext{clock, scheduler, random, bus, secrets}, parent) {}
    ~ResilientClient() override;
    ResilientClient(const ResilientClient&) = delete;
    ResilientClient& operator=(const ResilientClient&) = delete;

    // Takes effect for requests created afterwards; breakers and budgets keep their state.
    void set_policy(const Policy& policy);
    const Policy& policy() const { return policy_; }

    // Where the embedded simulator listens (http://127.0.0.1:PORT), asked when a simulator target is used.
    void set_simulator_url(std::function<std::string()> resolver) { simulator_url_ = std::move(resolver); }
    // The same, for a second client beside this one (a compare under another policy).
    const std::function<std::string()>& simulator_url() const { return simulator_url_; }

    // A new request, not yet started: connect to its signals, then call start(). The caller is its one owner
    // and must let it go before the client (it uses the client's pool and state): from inside its finished()
    // handler with deleteLater, anywhere else by deleting it, which cancels it if it is still running.
    std::unique_ptr<ChatCall> chat(ChatRequest request);

    // The model list of a target (OpenAI /models, Anthropic /v1/models); calls back once with ids or an
    // error. With `candidate`, the target is resolved under that policy rather than the one in force (the
    // settings' "Test connection" on edits not yet applied); breakers and budgets are not touched either way.
    void list_models(const std::string& target,
                     std::function<void(std::vector<std::string>, std::string)> done,
                     const Policy* candidate = nullptr);

    // A person's hand on a target's breaker (the dashboard); shared with other processes when the shared
    // state is on.
    void force_breaker(const std::string& target, BreakerOverride mode);
    // What outlives a request (breakers, budgets, provider waits): the shared-state link hooks in here.
    ResilienceState& resilience_state() { return state_; }
    // The client's redactor: free text with every key it has resolved (and anything shaped like one) masked.
    std::string redact(std::string_view text) const { return redactor_.redact(text); }
    // The same censor, for whatever writes this client's events out (the JSONL log, exports): read-only.
    const Redactor& redactor() const { return redactor_; }
    // The most connections in flight at once since the client was made (the load summary).
    int peak_in_flight() const { return pool_.peak_in_flight(); }
    // How many network managers the pool has opened so far (it adds one when the others are busy).
    int connection_managers() const { return pool_.managers(); }

    // The resolved chain for a request now: URLs, models as sent, keys (values stay inside the client).
    std::vector<ResolvedTarget> resolve_targets() { return resolve_targets(policy_); }
    // The chain a request with ChatRequest::start_target runs: from that target on (its successors are its
    // fallbacks); the whole chain when empty; none when no target has that name.
    static std::vector<ResolvedTarget> chain_from(std::vector<ResolvedTarget> targets,
                                                  const std::string& start_target);

private:
    std::vector<ResolvedTarget> resolve_targets(const Policy& policy);
    const ProviderAdapter& adapter_for(ProviderKind provider) const;

    ClientContext context_;
    Policy policy_;
    std::shared_ptr<const ResiliencePolicy> shared_resilience_;
    ResilienceState state_;
    TransportPool pool_;
    Redactor redactor_;
    TransitionGate transitions_;
    OpenAiAdapter openai_;
    OpenAiAdapter openai_api_key_{OpenAiAdapter::KeyHeader::ApiKey};  // Azure OpenAI's api-key header
    AnthropicAdapter anthropic_;
    std::function<std::string()> simulator_url_;
};

}  // namespace stormproof
