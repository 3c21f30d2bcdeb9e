#pragma once

#include <QObject>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "AnthropicAdapter.h"
#include "ChatCall.h"
#include "OpenAiAdapter.h"
#include "SecretStore.h"
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
    ResilientClient(Clock& clock, Scheduler& scheduler, RandomSource& random, EventBus& bus,
                    const SecretStore& secrets, QObject* parent = nullptr);
    ~ResilientClient() override;

    // Takes effect for requests created afterwards; breakers and budgets keep their state.
    void set_policy(const Policy& policy);
    const Policy& policy() const { return policy_; }

    // Where the embedded simulator listens (http://127.0.0.1:PORT), asked when a simulator target is used.
    void set_simulator_url(std::function<std::string()> resolver) { simulator_url_ = std::move(resolver); }
    const std::function<std::string()>& simulator_url() const { return simulator_url_; }
    const SecretStore& secrets() const { return secrets_; }

    // A new request, not yet started: connect to its signals, then call start(). Parented to the client;
    // delete it (deleteLater) once finished.
    ChatCall* chat(ChatRequest request);

    // The model list of a target (OpenAI /models, Anthropic /v1/models); calls back once with ids or an
    // error.
    void list_models(const std::string& target,
                     std::function<void(std::vector<std::string>, std::string)> done);

    ResilienceState& state() { return state_; }

    // While held, breaker transitions are published only on release: a ChatCall reporting an attempt holds
    // them so the log reads "attempt_finished, then the breaker_transition it caused".
    void hold_transitions();
    void release_transitions();
    TransportPool& pool() { return pool_; }
    EventBus& bus() { return bus_; }
    Redactor& redactor() { return redactor_; }
    Clock& clock() { return clock_; }
    Scheduler& scheduler() { return scheduler_; }
    RandomSource& random() { return random_; }
    const ProviderAdapter& adapter_for(ProviderKind provider) const;

    // The resolved chain for a request now: URLs, models as sent, keys (values stay inside the client).
    std::vector<ResolvedTarget> resolve_targets();
    // The chain a request with ChatRequest::start_target runs: from that target on (its successors are its
    // fallbacks); the whole chain when empty; none when no target has that name.
    static std::vector<ResolvedTarget> chain_from(std::vector<ResolvedTarget> targets,
                                                  const std::string& start_target);

private:
    int transition_holds_ = 0;
    std::vector<TelemetryEvent> held_transitions_;
    Clock& clock_;
    Scheduler& scheduler_;
    RandomSource& random_;
    EventBus& bus_;
    const SecretStore& secrets_;
    Policy policy_;
    std::shared_ptr<const ResiliencePolicy> shared_resilience_;
    ResilienceState state_;
    TransportPool pool_;
    Redactor redactor_;
    OpenAiAdapter openai_;
    AnthropicAdapter anthropic_;
    std::function<std::string()> simulator_url_;
};

}  // namespace stormproof
