// Keys through the keyring, and the path every headless box takes: no keyring, keys for the session only.
// The keyring answers reads later, as a real one does: lookup() never waits for it.
#include "llm/KeyringSecretStore.h"

#include <gtest/gtest.h>

#include <deque>

namespace stormproof {
namespace {

// A keyring that answers (or not) as the test says, and only when the test delivers its answers.
class FakeKeyring final : public KeyringBackend {
public:
    bool up = true;
    std::map<std::string, std::string> entries;
    int reads = 0;
    int writes = 0;
    std::deque<std::pair<std::string, ReadDone>> queued;

    Status available() override {
        if (!up)
            return make_error("The name org.freedesktop.secrets was not provided by any .service files");
        return {};
    }
    void read(const std::string& label, ReadDone done) override {
        ++reads;
        queued.emplace_back(label, std::move(done));
    }
    // Answers every read asked so far, in order.
    void deliver() {
        while (!queued.empty()) {
            auto [label, done] = std::move(queued.front());
            queued.pop_front();
            if (!up) {
                done(make_error("no keyring"));
                continue;
            }
            const auto it = entries.find(label);
            done(it == entries.end() ? std::optional<std::string>() : std::optional(it->second));
        }
    }
    Status write(const std::string& label, const std::string& secret) override {
        ++writes;
        entries[label] = secret;
        if (!up)
            return make_error("no keyring");
        return {};
    }
    Status remove(const std::string& label) override {
        entries.erase(label);
        return {};
    }
};

const KeyRef kRef{KeyRef::Source::Keychain, "openai-work"};

Policy policy_with_keys(std::vector<KeyRef> keys) {
    Policy p = Policy::default_policy();
    p.targets.front().api_keys = std::move(keys);
    return p;
}

TEST(KeyringSecretStoreTest, AKeyringKeepsTheKeyAndALaterSessionReadsItWhenThePolicyIsApplied) {
    FakeKeyring keyring;
    KeyringSecretStore store(&keyring);
    std::string error;
    EXPECT_EQ(store.store("openai-work", "sk-abc", error), KeyringSecretStore::Stored::Keyring);
    EXPECT_EQ(keyring.entries.at("openai-work"), "sk-abc");

    KeyringSecretStore next_session(&keyring);
    EXPECT_FALSE(next_session.lookup(kRef)) << "nothing is read until a policy names the key";
    EXPECT_EQ(keyring.reads, 0) << "lookup never asks the keyring itself";
    bool settled = false;
    next_session.prefetch(policy_with_keys({kRef, {KeyRef::Source::Env, "OPENAI_API_KEY"}}),
                          [&] { settled = true; });
    EXPECT_EQ(keyring.reads, 1) << "one read, for the keychain label only";
    EXPECT_FALSE(settled) << "prefetch does not wait for the answer";
    EXPECT_FALSE(next_session.lookup(kRef));
    EXPECT_NE(next_session.describe_missing(kRef).find("has not answered yet"), std::string::npos)
        << next_session.describe_missing(kRef);
    keyring.deliver();
    EXPECT_TRUE(settled);
    EXPECT_EQ(next_session.lookup(kRef), "sk-abc") << "read back in a later session";
    EXPECT_FALSE(next_session.lookup({KeyRef::Source::Env, "openai-work"})) << "env refs are not ours";
    next_session.prefetch(policy_with_keys({kRef}));
    EXPECT_EQ(keyring.reads, 1) << "a key already read is not read again";
}

TEST(KeyringSecretStoreTest, AMissIsRememberedUntilThePersonStoresTheKey) {
    FakeKeyring keyring;
    KeyringSecretStore store(&keyring);
    const Policy policy = policy_with_keys({kRef});
    store.prefetch(policy);
    keyring.deliver();
    EXPECT_FALSE(store.lookup(kRef));
    EXPECT_NE(store.describe_missing(kRef).find("Settings > Targets"), std::string::npos);
    int settled = 0;
    store.prefetch(policy, [&] { ++settled; });
    EXPECT_EQ(keyring.reads, 1) << "a label the keyring does not have is not asked again";
    EXPECT_EQ(settled, 1) << "nothing to read: done at once";
    std::string error;
    store.store("openai-work", "sk-new", error);
    EXPECT_EQ(store.lookup(kRef), "sk-new");
    store.forget("openai-work");
    EXPECT_FALSE(store.lookup(kRef));
    store.prefetch(policy);
    EXPECT_EQ(keyring.reads, 2) << "after forget, the keyring is asked again";
}

TEST(KeyringSecretStoreTest, AKeyringThatFailsIsNamedAndAnAnswerAfterTheStoreIsGoneGoesNowhere) {
    FakeKeyring keyring;
    keyring.up = false;
    {
        KeyringSecretStore store(&keyring);
        store.prefetch(policy_with_keys({kRef}));
        keyring.deliver();
        EXPECT_NE(store.describe_missing(kRef).find("could not be read from the keyring: no keyring"),
                  std::string::npos)
            << store.describe_missing(kRef);
        store.forget("openai-work");
        store.prefetch(policy_with_keys({kRef}));
        EXPECT_EQ(keyring.queued.size(), 1u);
    }
    keyring.up = true;
    keyring.deliver();  // the store is gone: must not touch it (ASan would say)
    EXPECT_TRUE(keyring.queued.empty());
}

TEST(KeyringSecretStoreTest, StoringWhileAReadIsUnderWayKeepsThePersonsValue) {
    FakeKeyring keyring;
    keyring.entries["openai-work"] = "sk-old";
    KeyringSecretStore store(&keyring);
    bool settled = false;
    store.prefetch(policy_with_keys({kRef}), [&] { settled = true; });
    std::string error;
    store.store("openai-work", "sk-typed", error);
    EXPECT_TRUE(settled) << "the only pending read was settled by the person";
    keyring.deliver();
    EXPECT_EQ(store.lookup(kRef), "sk-typed") << "the late answer does not overwrite what was typed";
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
    bool settled = false;
    none.prefetch(policy_with_keys({kRef}), [&] { settled = true; });
    EXPECT_TRUE(settled) << "no keyring: nothing to wait for";
}

}  // namespace
}  // namespace stormproof
