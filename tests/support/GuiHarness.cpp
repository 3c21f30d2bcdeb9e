#include "support/GuiHarness.h"

#include <gtest/gtest.h>

#include "chat/ChatSession.h"
#include "config/AppSettings.h"

namespace stormproof::test {

GuiHarness::GuiHarness(const Policy& policy, Options options)
    : GuiHarness([&policy](AppHarness&) { return policy; }, std::move(options)) {}

GuiHarness::GuiHarness(const std::function<Policy(AppHarness&)>& make_policy, Options options)
    : app_(options.app) {
    if (options.prepare_profile)
        options.prepare_profile(QDir(app_.profile_dir()));
    const Policy policy = make_policy(app_);
    const QString db =
        options.db_path.isEmpty() ? app_.profile_path(QStringLiteral("conversations.db")) : options.db_path;
    const Status opened = store_.open(db);
    EXPECT_TRUE(opened) << opened.error().to_string();
    window_ = std::make_unique<MainWindow>(app_.client(), app_.context(), store_, policy);
    if (options.use_profile) {
        SimulatorServer* simulator = &app_.simulator();
        window_->set_scenario_registrar([simulator](const std::string& name, const Scenario& s) {
            const Status added = simulator->register_scenario(name, s);
            EXPECT_TRUE(added) << added.error().to_string();
        });
        window_->set_profile(app_.profile_dir(), nullptr, AppSettings{});
    }
    window_->show();
}

GuiHarness::~GuiHarness() {
    window_.reset();  // before the store and the client it uses
}

void GuiHarness::wait_idle() {
    wait_until([this] { return !window_->session().busy(); }, "the chat session to be idle");
}

void GuiHarness::send_and_wait(const QString& text) {
    window_->send(text);
    wait_idle();
}

}  // namespace stormproof::test
