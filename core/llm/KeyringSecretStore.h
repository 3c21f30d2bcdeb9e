#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "KeyringBackend.h"
#include "SecretStore.h"

namespace stormproof {

// Keys named {"keychain": LABEL} in the policy: from the desktop keyring when one answers, else held in
// memory for this session only -- never written to disk in plain text. The settings dialog says which,
// plainly.
//
// lookup() never waits: it answers from what is already known (keys held for the session, entries read
// from the keyring, and the labels the keyring said it does not have). prefetch() reads a policy's labels
// asynchronously when the policy is applied; a request made before the keyring answers fails with "the
// keyring has not answered yet" instead of stalling the window in a nested event loop. Misses are
// remembered: a label the keyring does not have is asked again only after store() or forget().
class KeyringSecretStore final : public SecretStore {
public:
    // backend may be null (no keyring support at all).
    explicit KeyringSecretStore(KeyringBackend* backend) : backend_(backend) {}

    std::optional<std::string> lookup(const KeyRef& ref) const override;
    std::string describe_missing(const KeyRef& ref) const override;

    // Reads every keychain label of the policy that is not known yet; `done` runs once when none is left
    // pending (at once, inline, when there was nothing to read). The store may be destroyed first: the
    // answers then go nowhere.
    void prefetch(const Policy& policy, std::function<void()> done = {});
    // Labels asked of the keyring that have not answered yet.
    std::size_t pending() const { return pending_.size(); }

    bool keyring_available();
    const std::string& why_no_keyring() const { return why_not_; }
    enum class Stored { Keyring, SessionOnly };
    // Keeps a key under label: in the keyring when it answers, otherwise for this session. The error is
    // set when the keyring answered but refused (the key is then held for the session too, so the user can
    // go on).
    Stored store(const std::string& label, const std::string& secret, std::string& error);
    void forget(const std::string& label);
    bool has(const std::string& label) const { return lookup({KeyRef::Source::Keychain, label}).has_value(); }

private:
    void answered(const std::string& label, KeyringBackend::ReadResult result);
    void notify_if_settled();

    KeyringBackend* backend_;
    std::map<std::string, std::string> session_;
    std::map<std::string, std::string> cache_;   // read from the keyring
    std::set<std::string> absent_;               // the keyring said it has no such entry
    std::map<std::string, std::string> failed_;  // the keyring could not be read for it: why
    std::set<std::string> pending_;
    std::vector<std::function<void()>> waiting_;  // prefetch() callers to tell when pending_ empties
    std::optional<bool> available_;
    std::string why_not_;
    // Answers that arrive after the store is gone find this expired.
    std::shared_ptr<KeyringSecretStore*> self_ = std::make_shared<KeyringSecretStore*>(this);
};

}  // namespace stormproof
