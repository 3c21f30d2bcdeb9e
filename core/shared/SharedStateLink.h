#pragma once

#include <memory>
#include <string>

#include "RedisLink.h"
#include "SharedStateSync.h"
#include "config/Policy.h"
#include "llm/ClientContext.h"

namespace stormproof {

class ResilientClient;

// What an app owns to share its client's breaker trips and provider waits with other processes: made beside
// the ResilientClient (gateway, CLI, GUI) from the policy's shared_state section, and given every new policy.
// Does nothing while the policy has no redis_url. Never makes anyone wait: the link connects in the
// background and reports up/down on the bus (EventKind::SharedStateChanged).
class SharedStateLink {
public:
    SharedStateLink(const ClientContext& context, ResilientClient& client);
    ~SharedStateLink();
    SharedStateLink(const SharedStateLink&) = delete;
    SharedStateLink& operator=(const SharedStateLink&) = delete;

    // The policy now in force on the client: starts, restarts (another Redis or prefix) or stops the sharing,
    // and names the targets and keys shared. An error when the section cannot be used (a bad URL).
    Status apply_policy(const Policy& policy);

    bool enabled() const { return sync_ != nullptr; }
    bool up() const { return sync_ && sync_->up(); }
    const SharedStateSync* sync() const { return sync_.get(); }
    const RedisLink* link() const { return link_.get(); }

    // A key's id in the shared state: the first 16 hex digits of its SHA-256 (never the key).
    static std::string key_id(const std::string& key);

private:
    ClientContext context_;
    ResilientClient& client_;
    SharedStateConfig config_;
    std::unique_ptr<RedisLink> link_;
    std::unique_ptr<SharedStateSync> sync_;
};

}  // namespace stormproof
