#pragma once

// The app as its user sees it, for ui tests: the AppHarness (time, random, bus, secrets, the simulator on
// 127.0.0.1:0, the client) with a conversation store in the profile directory and a shown MainWindow, wired
// as app/gui_main.cpp wires them.

#include <QDir>
#include <functional>
#include <memory>

#include "MainWindow.h"
#include "storage/ConversationStore.h"
#include "support/AppHarness.h"

namespace stormproof::test {

struct GuiHarnessOptions {
    AppHarnessOptions app;
    // Opens the window on this profile (set_profile: policy.json, settings.json and scenarios/ live there),
    // with the simulator registering the profile's scenarios, as gui_main does. Off: the window keeps no
    // files.
    bool use_profile = false;
    // Where the conversations are kept (empty: conversations.db in the profile directory).
    QString db_path;
    // Runs on the profile directory before the window opens it (files a test wants the app to find there).
    std::function<void(const QDir& profile)> prepare_profile;
};

class GuiHarness {
public:
    using Options = GuiHarnessOptions;

    // Builds and shows the window.
    explicit GuiHarness(const Policy& policy = Policy::default_policy(), Options options = {});
    // The same, with a policy made once the simulator listens (a target at its URL).
    explicit GuiHarness(const std::function<Policy(AppHarness&)>& make_policy, Options options = {});
    ~GuiHarness();

    AppHarness& app() { return app_; }
    ConversationStore& store() { return store_; }
    MainWindow& window() { return *window_; }
    std::unique_ptr<MainWindow>& window_owner() { return window_; }  // a test may close it early
    ResilientClient& client() { return app_.client(); }
    SimulatorServer& simulator() { return app_.simulator(); }
    EventBus& bus() { return app_.bus(); }

    // Sends a prompt as the user would (MainWindow::send) and waits until the session is idle again.
    void send_and_wait(const QString& text);
    // Waits, by events, until the chat session is no longer busy.
    void wait_idle();

private:
    AppHarness app_;
    ConversationStore store_;
    std::unique_ptr<MainWindow> window_;
};

}  // namespace stormproof::test
