#include "ResilientClient.h"

#include <utility>

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>
#include <cstdlib>

#include "config/NetworkRules.h"
#include "telemetry/TelemetryEvent.h"

namespace stormproof {

namespace {
// The simulator accepts any non-empty key; this one is never a secret.
constexpr const char* kSimulatorKey = "sim-local-key";
// Sent to a loopback server when no key is configured or set: local OpenAI-compatible servers (Ollama, vLLM,
// LM Studio, llama.cpp) need none but some reject an empty Authorization header. Not a secret.
constexpr const char* kLocalPlaceholderKey = "no-key-needed-for-a-local-server";

std::string env_or(const char* name, std::string_view fallback) {
    const char* value = std::getenv(name);
    return value && *value ? std::string(value) : std::string(fallback);
}
}  // namespace

ResilientClient::ResilientClient(const ClientContext& context, QObject* parent)
    : QObject(parent),
      context_(context),
      policy_(Policy::default_policy()),
      shared_resilience_(std::make_shared<const ResiliencePolicy>(policy_.resilience)),
      state_(policy_.resilience),
      transitions_(context.bus) {
    state_.set_transition_listener([this](const BreakerTransition& t) {
        TelemetryEvent e;
        e.ts_ms = context_.clock.system_ms();
        e.event = EventKind::BreakerTransition;
        e.trace_id = t.trace_id;  // the request whose call tripped, probed or closed it
        e.target = t.target;
        e.from_state = t.from;
        e.to_state = t.to;
        e.transition_reason = t.reason;
        e.detail = "calls " + std::to_string(t.window.calls) + ", failures " +
                   std::to_string(t.window.failures) + ", slow " + std::to_string(t.window.slow_calls) +
                   (t.open_ms > 0 ? ", open for " + std::to_string(t.open_ms) + " ms" : "");
        if (t.open_ms > 0)
            e.duration_ms = t.open_ms;
        transitions_.publish(std::move(e));  // held while an attempt reports: after its attempt_finished
    });
}

ResilientClient::~ResilientClient() = default;

void ResilientClient::set_policy(const Policy& policy) {
    policy_ = policy;
    shared_resilience_ = std::make_shared<const ResiliencePolicy>(policy_.resilience);
    state_.apply_policy(policy_.resilience, context_.clock.steady_ms());
}

void ResilientClient::force_breaker(const std::string& target, BreakerOverride mode) {
    state_.set_override(target, mode, context_.clock.steady_ms());
}

const ProviderAdapter& ResilientClient::adapter_for(ProviderKind provider) const {
    return provider == ProviderKind::Anthropic ? static_cast<const ProviderAdapter&>(anthropic_) : openai_;
}

std::vector<ResolvedTarget> ResilientClient::resolve_targets(const Policy& policy) {
    std::vector<ResolvedTarget> out;
    for (const TargetConfig& t : policy.targets) {
        ResolvedTarget r;
        r.config = t;
        r.adapter = t.provider == ProviderKind::OpenAI && t.auth_header == AuthHeader::ApiKey
                        ? &openai_api_key_
                        : &adapter_for(t.provider);
        r.model = t.model;
        std::vector<KeyRef> refs = t.api_keys;
        const bool keys_configured = !refs.empty();
        switch (t.provider) {
            case ProviderKind::OpenAI:
                r.base_url = !t.base_url.empty()
                                 ? t.base_url
                                 : env_or("OPENAI_BASE_URL", TargetConfig::kOpenAiDefaultBaseUrl);
                if (refs.empty())
                    refs.push_back({KeyRef::Source::Env, "OPENAI_API_KEY"});
                break;
            case ProviderKind::Anthropic:
                r.base_url = !t.base_url.empty()
                                 ? t.base_url
                                 : env_or("ANTHROPIC_BASE_URL", TargetConfig::kAnthropicDefaultBaseUrl);
                if (refs.empty())
                    refs.push_back({KeyRef::Source::Env, "ANTHROPIC_API_KEY"});
                break;
            case ProviderKind::Simulator:
                r.base_url =
                    !t.base_url.empty() ? t.base_url : (simulator_url_ ? simulator_url_() + "/v1" : "");
                if (!t.scenario.empty())
                    r.model = "sim-" + t.scenario;
                if (r.model.empty())
                    r.model = "sim-healthy";
                if (refs.empty())
                    r.keys.push_back(kSimulatorKey);
                break;
        }
        for (const KeyRef& ref : refs) {
            if (auto value = context_.secrets.lookup(ref)) {
                redactor_.add_secret(*value);
                r.keys.push_back(std::move(*value));
            } else {
                r.missing_key_detail +=
                    (r.missing_key_detail.empty() ? "" : "; ") + context_.secrets.describe_missing(ref);
                if (ref.source == KeyRef::Source::Env && r.missing_key_env.empty())
                    r.missing_key_env = ref.name;
            }
        }
        if (r.keys.empty() && !keys_configured && t.provider != ProviderKind::Simulator &&
            NetworkRules::is_loopback_host(QUrl(QString::fromStdString(r.base_url)).host().toStdString())) {
            r.keys.push_back(kLocalPlaceholderKey);
            r.missing_key_detail.clear();
            r.missing_key_env.clear();
        }
        if (r.keys.empty() && r.missing_key_detail.empty())
            r.missing_key_detail = "no API key configured";
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<ResolvedTarget> ResilientClient::chain_from(std::vector<ResolvedTarget> targets,
                                                        const std::string& start_target) {
    if (start_target.empty())
        return targets;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        if (targets[i].config.name == start_target) {
            targets.erase(targets.begin(), targets.begin() + static_cast<std::ptrdiff_t>(i));
            return targets;
        }
    }
    return {};  // no such target: the request fails at once (no targets), as the engine says
}

std::unique_ptr<ChatCall> ResilientClient::chat(ChatRequest request) {
    const CallContext context{context_, state_, pool_, redactor_, transitions_};
    RequestIdentity identity = RequestIdentity::generate(context_.random);
    if (!request.idempotency_key.empty())
        identity.idempotency_key = request.idempotency_key;  // a gateway caller's own key, on every attempt
    std::vector<ResolvedTarget> targets = chain_from(resolve_targets(), request.start_target);
    if (request.only_start_target && !request.start_target.empty() && targets.size() > 1)
        targets.resize(1);
    return std::unique_ptr<ChatCall>(new ChatCall(context, std::move(request), std::move(targets),
                                                  shared_resilience_, std::move(identity)));
}

void ResilientClient::list_models(const std::string& target,
                                  std::function<void(std::vector<std::string>, std::string)> done,
                                  const Policy* candidate) {
    const Policy& policy = candidate ? *candidate : policy_;
    for (ResolvedTarget& r : resolve_targets(policy)) {
        if (r.config.name != target)
            continue;
        if (r.keys.empty()) {
            done({}, r.missing_key_detail);
            return;
        }
        const HttpRequestSpec spec = r.adapter->models_request(r.base_url, r.keys.front());
        QNetworkRequest request{QUrl(QString::fromStdString(spec.url))};
        for (const auto& [name, value] : spec.headers)
            request.setRawHeader(QByteArray::fromStdString(name), QByteArray::fromStdString(value));
        request.setTransferTimeout(static_cast<int>(policy.resilience.timeouts.connect_ms));
        const TransportPool::Lease lease = pool_.acquire();
        QNetworkReply* reply = lease.manager->get(request);
        const ProviderAdapter* adapter = r.adapter;
        connect(reply, &QNetworkReply::finished, this, [this, reply, lease, adapter, done] {
            pool_.release(lease);
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray body = reply->readAll();
            if (status != 200) {
                done({}, status ? "HTTP " + std::to_string(status) : reply->errorString().toStdString());
                return;
            }
            done(adapter->parse_models(
                     std::string_view(body.constData(), static_cast<std::size_t>(body.size()))),
                 {});
        });
        return;
    }
    done({}, "no target named " + target);
}

}  // namespace stormproof
