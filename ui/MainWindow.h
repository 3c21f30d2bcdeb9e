#pragma once

#include <QHash>
#include <QMainWindow>
#include <QStringList>
#include <cstdint>
#include <functional>

#include "config/AppSettings.h"
#include "config/Policy.h"
#include "llm/ClientContext.h"
#include "simulator/Scenario.h"

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QSettings;
class QTabWidget;
class QToolBar;

namespace stormproof {

class ChainPickers;
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
enum class ChatExportFormat;

// The window people live in: conversations on the left, the chat in the middle, the resilience dashboard in a
// dock beside it (closable, floatable; View > Dashboard brings it back); the chain, model and scenario
// pickers in the toolbar; the usual menus. It lays out and wires: the pickers (ChainPickers), the policy they
// narrow (core/config/ChainSelection), appearance (Appearance), the chat's settings (ChatSettingsDialog),
// exports (ChatExport), saving settings (core/config/ProfileSettings), the profile's scenarios
// (core/simulator/ProfileScenarios) and "Test connection" (ConnectionCheck) each live in their own file.
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
    QDockWidget& dashboard_dock() { return *dashboard_dock_; }
    QComboBox& scenario_picker();
    QComboBox& target_picker();
    // A named action of the menus ("regenerate", "edit_last", "export", "quit", "new_chat", "settings",
    // "dashboard", ...), for tests and the gateway panel's wiring.
    QAction* action(const QString& name) const;

    // Another panel beside the dashboard (a tab of the same dock area), with a View menu entry to show it.
    QDockWidget* add_panel(QWidget* panel, const QString& title, const QString& object_name);

    // Sizes the window and shares its width for a screen's available geometry (done at construction for the
    // screen it opens on).
    void fit_to(const QRect& available);

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
    // Saves policy.json + settings.json as they are in force (the dashboard's thresholds, the settings page).
    void save_app_settings_quietly();

    // Sends text as if typed (used by --demo and tests); queued while a reply is coming.
    void send(const QString& text);
    // Sends text to each of targets at once, side by side (Chat > Compare…, --demo-compare, tests); with
    // versus, each target also runs under that policy. Empty when the compare started, else why not.
    QString compare(const QString& text, const QStringList& targets, const Policy* versus = nullptr);
    // Chat > Compare…: asks what to compare, then runs it.
    void show_compare();
    void set_scenario(const QString& name);
    // Opens a new chat -- or the empty one there already is.
    void new_chat();
    // Writes the open chat to path (the format from its extension) and says where in the status bar.
    QString export_conversation_to(const QString& path, ChatExportFormat format);

    // The event log's link back: opens the conversation of a request's trace and shows its reply. False when
    // no stored message has that trace (a load-test request, or one from a deleted chat).
    bool reveal_trace(const QString& trace_id);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void build_menus();
    void build_toolbar();
    void apply_chain();
    void refresh_scenarios();
    void open_conversation(std::int64_t id);
    void edit_conversation_settings();
    void export_conversation();
    void focus_trace(const QString& trace_id);
    void update_actions();
    void scale_text(int step_pct);
    void put_in_force(const AppSettings& app);

    ResilientClient& client_;
    ConversationStore& store_;
    ClientContext context_;
    EventBus& bus_;
    Policy policy_;  // as configured; the toolbar narrows it
    QSettings* settings_;
    QString profile_dir_;
    QStringList profile_scenarios_;
    KeyringSecretStore* keyring_ = nullptr;
    AppSettings app_settings_;
    std::function<void(const std::string&, const Scenario&)> register_scenario_;
    ChatSession* session_ = nullptr;
    ChatView* chat_view_ = nullptr;
    Composer* composer_ = nullptr;
    ConversationSidebar* sidebar_ = nullptr;
    EventLogPanel* event_log_ = nullptr;
    DashboardView* dashboard_ = nullptr;
    QTabWidget* dashboard_tabs_ = nullptr;
    QDockWidget* dashboard_dock_ = nullptr;
    QToolBar* toolbar_ = nullptr;
    ChainPickers* pickers_ = nullptr;
    QLabel* status_ = nullptr;
    QMenu* view_menu_ = nullptr;
    QAction* panels_anchor_ = nullptr;  // View menu entries of added panels go before it
    QHash<QString, QAction*> actions_;
    // A compare's clients: the configured chain (every target, whatever the toolbar narrows), and a second
    // policy's. Children made after the session, so destroyed after it (its running calls use them).
    ResilientClient* compare_client_ = nullptr;
    ResilientClient* versus_client_ = nullptr;
};

}  // namespace stormproof
