#include "SecretStore.h"

#include <cstdlib>

namespace stormproof {

std::string SecretStore::describe_missing(const KeyRef& ref) const {
    return ref.source == KeyRef::Source::Env ? "environment variable " + ref.name + " is not set"
                                             : "no key stored in the keychain under \"" + ref.name + "\"";
}

std::optional<std::string> EnvironmentSecretStore::lookup(const KeyRef& ref) const {
    if (ref.source == KeyRef::Source::Keychain)
        return keychain_ ? keychain_->lookup(ref) : std::nullopt;
    const char* value = std::getenv(ref.name.c_str());
    if (!value || !*value)
        return std::nullopt;
    return std::string(value);
}

std::optional<std::string> MemorySecretStore::lookup(const KeyRef& ref) const {
    const auto it = values_.find(key(ref));
    return it == values_.end() ? std::nullopt : std::optional(it->second);
}

}  // namespace stormproof
