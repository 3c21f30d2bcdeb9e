// Keys through the keyring, and the path every headless box takes: no keyring, keys for the session only.
#include "llm/KeyringSecretStore.h"

#include <gtest/gtest.h>

namespace stormproof {
namespace {

// A keyring that answers (or not) as the test says, and counts what it was asked.
class FakeKeyring final : public KeyringBackend {
public:
    bool up = true;
    std::map<std::string, std::string> entries;
    int writes = 0;
    bool available(std::string& why_not) override {
        if (!up)
            why_not = "The name org.freedesktop.secrets was not provided by any .service files";
        return up;
    }
    std::optional<std::string> read(const std::string& label, std::string& error) override {
        if (!up) {
            error = "no keyring";
            return std::nullopt;
        }
        const auto it = entries.find(label);
        return it == entries.end() ? std::nullopt : std::optional(it->second);
    }
    bool write(const std::string& label, const std::string& secret, std::string&) override {
        ++writes;
        entries[label] = secret;
        return up;
    }
    bool remove(const std::string& label, std::string&) override { return entries.erase(label) > 0; }
};

const KeyRef kRef{KeyRef::Source::Keychain, "openai-work"};

TEST(KeyringSecretStoreTest, AKeyringKeepsTheKey) {
    FakeKeyring keyring;
    KeyringSecretStore store(&keyring);
    std::string error;
    EXPECT_EQ(store.store("openai-work", "sk-abc", error), KeyringSecretStore::Stored::Keyring);
    EXPECT_EQ(keyring.entries.at("openai-work"), "sk-abc");
    KeyringSecretStore next_session(&keyring);
    EXPECT_EQ(next_session.lookup(kRef), "sk-abc") << "read back in a later session";
    EXPECT_FALSE(next_session.lookup({KeyRef::Source::Env, "openai-work"})) << "env refs are not ours";
}

TEST(KeyringSecretStoreTest, WithoutAKeyringKeysAreHeldForTheSessionOnlyAndSaySo) {
    FakeKeyring keyring;
    keyring.up = false;
    KeyringSecretStore store(&keyring);
    EXPECT_FALSE(store.keyring_available());
    EXPECT_NE(store.why_no_keyring().find("org.freedesktop.secrets"), std::string::npos);
    EXPECT_NE(store.describe_missing(kRef).find("environment variable"), std::string::npos)
        << "the way out is named";
    std::string error;
    EXPECT_EQ(store.store("openai-work", "sk-session", error), KeyringSecretStore::Stored::SessionOnly);
    EXPECT_EQ(keyring.writes, 0) << "nothing is written anywhere when no keyring answers";
    EXPECT_EQ(store.lookup(kRef), "sk-session");
    KeyringSecretStore next_session(&keyring);
    EXPECT_FALSE(next_session.lookup(kRef)) << "gone with the session";
    store.forget("openai-work");
    EXPECT_FALSE(store.lookup(kRef));
    KeyringSecretStore none(nullptr);
    EXPECT_FALSE(none.keyring_available());
    EXPECT_EQ(none.store("x", "y", error), KeyringSecretStore::Stored::SessionOnly);
}

}  // namespace
}  // namespace stormproof
