#include "KeyringSecretStore.h"

namespace stormproof {

bool KeyringSecretStore::keyring_available() {
    if (!available_) {
        if (!backend_) {
            available_ = false;
            why_not_ = "this build has no keyring support";
        } else if (const Status up = backend_->available(); up) {
            available_ = true;
        } else {
            available_ = false;
            why_not_ = up.error().to_string();
        }
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
    return std::nullopt;  // never asks the keyring here: prefetch() did, or will
}

std::string KeyringSecretStore::describe_missing(const KeyRef& ref) const {
    if (pending_.count(ref.name)) {
        return "the keyring has not answered yet for key \"" + ref.name +
               "\" (it may be waiting for you to unlock it); try again in a moment";
    }
    if (const auto it = failed_.find(ref.name); it != failed_.end())
        return "key \"" + ref.name + "\" could not be read from the keyring: " + it->second;
    if (available_ && !*available_) {
        return "no key \"" + ref.name + "\" for this session (no keyring: " + why_not_ +
               "); set it in Settings > Targets, or use an environment variable";
    }
    return "no key \"" + ref.name + "\" in the keyring; set it in Settings > Targets";
}

void KeyringSecretStore::prefetch(const Policy& policy, std::function<void()> done) {
    std::set<std::string> wanted;
    for (const TargetConfig& target : policy.targets) {
        for (const KeyRef& ref : target.api_keys) {
            if (ref.source == KeyRef::Source::Keychain)
                wanted.insert(ref.name);
        }
    }
    std::vector<std::string> to_read;
    if (backend_) {
        for (const std::string& label : wanted) {
            if (!session_.count(label) && !cache_.count(label) && !absent_.count(label) &&
                !failed_.count(label) && !pending_.count(label))
                to_read.push_back(label);
        }
    }
    for (const std::string& label : to_read)
        pending_.insert(label);
    if (done) {
        if (pending_.empty())
            done();
        else
            waiting_.push_back(std::move(done));
    }
    const std::weak_ptr<KeyringSecretStore*> self = self_;
    for (const std::string& label : to_read) {
        backend_->read(label, [self, label](KeyringBackend::ReadResult result) {
            if (const auto store = self.lock())
                (*store)->answered(label, std::move(result));
        });
    }
}

void KeyringSecretStore::answered(const std::string& label, KeyringBackend::ReadResult result) {
    if (!pending_.erase(label))
        return;  // store() or forget() decided in the meantime
    if (!result)
        failed_[label] = result.error().to_string();
    else if (result.value())
        cache_[label] = *result.value();
    else
        absent_.insert(label);
    notify_if_settled();
}

void KeyringSecretStore::notify_if_settled() {
    if (!pending_.empty() || waiting_.empty())
        return;
    auto waiting = std::move(waiting_);
    waiting_.clear();
    for (auto& notify : waiting)
        notify();
}

KeyringSecretStore::Stored KeyringSecretStore::store(const std::string& label, const std::string& secret,
                                                     std::string& error) {
    cache_.erase(label);
    absent_.erase(label);
    failed_.erase(label);
    pending_.erase(label);  // the person's value wins over a read still under way
    notify_if_settled();
    if (keyring_available()) {
        if (const Status written = backend_->write(label, secret); written) {
            session_.erase(label);
            cache_[label] = secret;
            return Stored::Keyring;
        } else {
            error = written.error().to_string();
        }
    }
    session_[label] = secret;
    return Stored::SessionOnly;
}

void KeyringSecretStore::forget(const std::string& label) {
    session_.erase(label);
    cache_.erase(label);
    absent_.erase(label);
    failed_.erase(label);
    pending_.erase(label);
    notify_if_settled();
    if (backend_ && available_.value_or(false))
        (void)backend_->remove(label);  // nothing to tell: the key is gone from this session either way
}

}  // namespace stormproof
