#pragma once

#include <map>
#include <string>

#include "KeyringBackend.h"
#include "SecretStore.h"

namespace stormproof {

// Keys named {"keychain": LABEL} in the policy: from the desktop keyring when one answers, else held in
// memory for this session only -- never written to disk in plain text. The settings dialog says which,
// plainly.
class KeyringSecretStore final : public SecretStore {
public:
    // backend may be null (no keyring support at all).
    explicit KeyringSecretStore(KeyringBackend* backend) : backend_(backend) {}

    std::optional<std::string> lookup(const KeyRef& ref) const override;
    std::string describe_missing(const KeyRef& ref) const override;

    bool keyring_available();
    const std::string& why_no_keyring() const { return why_not_; }

    enum class Stored { Keyring, SessionOnly };
    // Keeps a key under label: in the keyring when it answers, otherwise for this session. error is set when
    // the keyring answered but refused (the key is then held for the session too, so the user can go on).
    Stored store(const std::string& label, const std::string& secret, std::string& error);
    void forget(const std::string& label);
    bool has(const std::string& label) const { return lookup({KeyRef::Source::Keychain, label}).has_value(); }

private:
    KeyringBackend* backend_;
    std::map<std::string, std::string> session_;
    mutable std::map<std::string, std::string> cache_;  // read once from the keyring
    std::optional<bool> available_;
    std::string why_not_;
};

}  // namespace stormproof
