#pragma once

#include <QString>
#include <functional>
#include <string>

namespace stormproof {

class KeyringSecretStore;
struct Policy;

// What the settings dialog needs from the running application, injected so tests can supply their own.
struct SettingsServices {
    KeyringSecretStore* keyring = nullptr;  // null: keys can only come from environment variables
    // Lists the models of one target of a (not yet applied) policy; calls back with the outcome for a person.
    std::function<void(const Policy& policy, const std::string& target,
                       std::function<void(bool ok, const QString& result)> done)>
        test_connection;
    QString profile_dir;  // custom scenarios live in profile_dir/scenarios
};

}  // namespace stormproof
