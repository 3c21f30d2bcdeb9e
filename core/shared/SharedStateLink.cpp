#include "SharedStateLink.h"

#include <QByteArray>
#include <QCryptographicHash>

#include "llm/ResilientClient.h"

namespace stormproof {

SharedStateLink::SharedStateLink(const ClientContext& context, ResilientClient& client)
    : context_(context), client_(client) {}

SharedStateLink::~SharedStateLink() {
    sync_.reset();  // unhooks from the client's state before the link goes
    link_.reset();
}

std::string SharedStateLink::key_id(const std::string& key) {
    const QByteArray digest =
        QCryptographicHash::hash(QByteArray::fromStdString(key), QCryptographicHash::Sha256);
    return digest.toHex().left(16).toStdString();
}

Status SharedStateLink::apply_policy(const Policy& policy) {
    const SharedStateConfig& config = policy.resilience.shared_state;
    if (!config.enabled()) {
        sync_.reset();
        link_.reset();
        config_ = config;
        return {};
    }
    const bool fresh = !sync_ || !(config == config_);
    if (fresh) {
        const auto endpoint = parse_redis_url(config.redis_url);
        if (!endpoint)
            return make_error(endpoint.error().message, "shared_state.redis_url");
        sync_.reset();
        link_.reset();
        config_ = config;
        link_ = std::make_unique<RedisLink>(context_.clock, context_.scheduler, context_.random,
                                            endpoint.value(), config_);
        sync_ = std::make_unique<SharedStateSync>(context_.clock, context_.scheduler, context_.random,
                                                  context_.bus, client_.resilience_state(), *link_, config_);
    }
    std::vector<SharedTarget> targets;
    for (const ResolvedTarget& t : client_.resolve_targets()) {
        SharedTarget s;
        s.name = t.config.name;
        for (const std::string& key : t.keys)
            s.key_ids.push_back(key_id(key));
        targets.push_back(std::move(s));
    }
    sync_->set_targets(std::move(targets));
    if (fresh)
        sync_->start();
    return {};
}

}  // namespace stormproof
