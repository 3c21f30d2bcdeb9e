#pragma once

#include <QMainWindow>
#include <QStringList>
#include <cstdint>
#include <functional>

#include "config/AppSettings.h"
#include "llm/ClientContext.h"
#include "config/Policy.h"
#include "simulator/Scenario.h"

class QComboBox;
class QDockWidget;
class QLabel;
class QSettings;

namespace stormproof {

class ChatSession;
class ChatView;
class Composer;
class ConversationSidebar;
class ConversationStore;
class EventBus;
class DashboardView;
class EventLogPanel;
class KeyringSecretStore;
class ResilientClient;

// The window people live in: conversations on the left, the chat in the middle, the resilience dashboard
// beside it; the fallback chain, scenario and model pickers in the toolbar.
class MainWindow final : public QMainWindow {
    Q_OBJECT

public:
    MainWindow(ResilientClient& client, const ClientContext& context, ConversationStore& store, Policy policy,
               QSettings* settings = nullptr, QWidget* parent = nullptr);
    ~MainWindow() override;

    // The views by name, for --screenshot-dir: "chat", "dashboard", "settings".
    QStringList view_names() const;
    // A picture of a view, as a person would see it.
    QPixmap grab_view(const QString& name);

    ChatSession& session() { return *session_; }
    ChatView& chat_view() { return *chat_view_; }
    Composer& composer() { return *composer_; }
    ConversationSidebar& sidebar() { return *sidebar_; }
    EventLogPanel& event_log() { return *event_log_; }
    DashboardView& dashboard() { return *dashboard_; }
    QComboBox& scenario_picker() { return *scenario_; }
    QComboBox& target_picker() { return *target_; }

    // Where settings are saved, where keys are kept, and the app settings loaded at start-up.
    void set_profile(const QString& profile_dir, KeyringSecretStore* keyring, const AppSettings& app);
    // Puts a policy and app settings in force (new requests use them at once) and saves both atomically to
    // the profile. Empty on success, else why saving failed (the settings are in force regardless).
    QString apply_settings(const Policy& policy, const AppSettings& app);
    const Policy& policy() const { return policy_; }
    // How a profile scenario reaches the embedded simulator (as model sim-NAME).
    void set_scenario_registrar(std::function<void(const std::string&, const Scenario&)> registrar) {
        register_scenario_ = std::move(registrar);
    }
    const AppSettings& app_settings() const { return app_settings_; }
    void show_settings();

    // Sends text as if typed (used by --demo and tests).
    void send(const QString& text);
    void set_scenario(const QString& name);
    void new_chat();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void build_toolbar();
    void build_shortcuts();
    void apply_chain();
    void refresh_models();
    void open_conversation(std::int64_t id);
    void edit_conversation_settings();
    void fill_pickers();
    void apply_appearance();
    void export_conversation();
    void focus_trace(const QString& trace_id);

public:
    // The event log's link back: opens the conversation of a request's trace and shows its reply. False when
    // no stored message has that trace (a load-test request, or one from a deleted chat).
    bool reveal_trace(const QString& trace_id);

private:
    ResilientClient& client_;
    ConversationStore& store_;
    ClientContext context_;
    EventBus& bus_;
    Policy policy_;  // as configured; the toolbar narrows it
    QSettings* settings_;
    QString profile_dir_;
    KeyringSecretStore* keyring_ = nullptr;
    AppSettings app_settings_;
    std::function<void(const std::string&, const Scenario&)> register_scenario_;
    ChatSession* session_ = nullptr;
    ChatView* chat_view_ = nullptr;
    Composer* composer_ = nullptr;
    ConversationSidebar* sidebar_ = nullptr;
    EventLogPanel* event_log_ = nullptr;
    DashboardView* dashboard_ = nullptr;
    class QTabWidget* dashboard_tabs_ = nullptr;
    QDockWidget* dashboard_dock_ = nullptr;
    QComboBox* target_ = nullptr;
    QComboBox* scenario_ = nullptr;
    QComboBox* model_ = nullptr;
    QLabel* status_ = nullptr;
};

}  // namespace stormproof
