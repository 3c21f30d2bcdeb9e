#include "KeyringSecretStore.h"

namespace stormproof {

bool KeyringSecretStore::keyring_available() {
    if (!available_) {
        available_ = backend_ && backend_->available(why_not_);
        if (!backend_)
            why_not_ = "this build has no keyring support";
    }
    return *available_;
}

std::optional<std::string> KeyringSecretStore::lookup(const KeyRef& ref) const {
    if (ref.source != KeyRef::Source::Keychain)
        return std::nullopt;
    if (const auto it = session_.find(ref.name); it != session_.end())
        return it->second;
    if (const auto it = cache_.find(ref.name); it != cache_.end())
        return it->second;
    if (!backend_ || (available_ && !*available_))
        return std::nullopt;
    std::string error;
    auto value = backend_->read(ref.name, error);
    if (value)
        cache_[ref.name] = *value;
    return value;
}

std::string KeyringSecretStore::describe_missing(const KeyRef& ref) const {
    if (available_ && !*available_) {
        return "no key \"" + ref.name + "\" for this session (no keyring: " + why_not_ +
               "); set it in Settings > Targets, or use an environment variable";
    }
    return "no key \"" + ref.name + "\" in the keyring; set it in Settings > Targets";
}

KeyringSecretStore::Stored KeyringSecretStore::store(const std::string& label, const std::string& secret,
                                                     std::string& error) {
    cache_.erase(label);
    if (keyring_available() && backend_->write(label, secret, error)) {
        session_.erase(label);
        cache_[label] = secret;
        return Stored::Keyring;
    }
    session_[label] = secret;
    return Stored::SessionOnly;
}

void KeyringSecretStore::forget(const std::string& label) {
    session_.erase(label);
    cache_.erase(label);
    std::string error;
    if (backend_ && available_.value_or(false))
        backend_->remove(label, error);
}

}  // namespace stormproof
