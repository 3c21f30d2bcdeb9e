#pragma once

#include <optional>
#include <string>

namespace stormproof {

// A place that keeps secrets for us across sessions (the desktop keyring). An interface so the no-keyring
// path -- every headless box -- is tested by injection rather than by hoping a test machine has no D-Bus.
class KeyringBackend {
public:
    virtual ~KeyringBackend() = default;
    // Whether a keyring answers at all; why not, for a person, when it does not.
    virtual bool available(std::string& why_not) = 0;
    // The secret under label; nullopt when absent or unreadable (error says which, empty when simply absent).
    virtual std::optional<std::string> read(const std::string& label, std::string& error) = 0;
    virtual bool write(const std::string& label, const std::string& secret, std::string& error) = 0;
    virtual bool remove(const std::string& label, std::string& error) = 0;
};

}  // namespace stormproof
