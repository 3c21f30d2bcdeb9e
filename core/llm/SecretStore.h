#pragma once

#include <map>
#include <optional>
#include <string>

#include "config/Policy.h"

namespace stormproof {

// Where API keys come from. The policy names keys ({"env": VAR} / {"keychain": LABEL}); a store resolves
// them.
class SecretStore {
public:
    virtual ~SecretStore() = default;
    virtual std::optional<std::string> lookup(const KeyRef& ref) const = 0;
    // Why lookup failed, for a person ("OPENAI_API_KEY is not set").
    virtual std::string describe_missing(const KeyRef& ref) const;
};

// Environment variables; keychain labels are handed to an optional second store (the keyring, or keys held
// for the session when no keyring answers).
class EnvironmentSecretStore final : public SecretStore {
public:
    explicit EnvironmentSecretStore(const SecretStore* keychain = nullptr) : keychain_(keychain) {}
    std::optional<std::string> lookup(const KeyRef& ref) const override;

private:
    const SecretStore* keychain_;
};

// Keys held in memory only: for the session, and for tests.
class MemorySecretStore final : public SecretStore {
public:
    void set(const KeyRef& ref, std::string value) { values_[key(ref)] = std::move(value); }
    void remove(const KeyRef& ref) { values_.erase(key(ref)); }
    std::optional<std::string> lookup(const KeyRef& ref) const override;

private:
    static std::string key(const KeyRef& ref) {
        return (ref.source == KeyRef::Source::Env ? "env:" : "keychain:") + ref.name;
    }
    std::map<std::string, std::string> values_;
};

}  // namespace stormproof
