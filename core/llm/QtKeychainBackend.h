#pragma once

#include <QString>
#include <optional>

#include "KeyringBackend.h"

namespace stormproof {

// The desktop keyring through QtKeychain (Secret Service / KWallet on Linux, the macOS Keychain, Windows'
// Credential Manager). Never with QtKeychain's "insecure fallback", which would write the secret in plain
// text to a settings file. Reads run as jobs the event loop finishes (KeyringSecretStore::prefetch, when a
// policy is applied); writes, removals and the availability probe wait for their job in a bounded local
// event loop, because they answer a click in the settings dialog.
class QtKeychainBackend final : public KeyringBackend {
public:
    static constexpr int kJobTimeoutMs = 5000;  // a keyring prompting for unlock longer than this is "absent"
    explicit QtKeychainBackend(QString service = QStringLiteral("stormproof"))
        : service_(std::move(service)) {}

    Status available() override;
    void read(const std::string& label, ReadDone done) override;
    Status write(const std::string& label, const std::string& secret) override;
    Status remove(const std::string& label) override;

    // What went wrong, for a person, from what QtKeychain can tell apart: its error code (QKeychain::Error),
    // its own text, and whether a D-Bus session bus exists at all (without one no Secret Service or KWallet
    // can answer, and QtKeychain says only "Unknown error").
    static std::string describe_error(int code, const std::string& detail, bool has_session_bus);

private:
    QString service_;
    std::optional<bool> available_;
    std::string why_not_;
};

}  // namespace stormproof
