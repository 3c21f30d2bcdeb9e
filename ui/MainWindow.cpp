#include "MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QGuiApplication>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>
#include <algorithm>
#include <optional>

#include "AppIcon.h"
#include "Appearance.h"
#include "ChainPickers.h"
#include "ConnectionCheck.h"
#include "WindowLayout.h"
#include "chat/ChatExport.h"
#include "chat/ChatSession.h"
#include "chat/ChatSettingsDialog.h"
#include "chat/ChatView.h"
#include "chat/CompareDialog.h"
#include "chat/Composer.h"
#include "chat/ConversationSidebar.h"
#include "config/ChainSelection.h"
#include "config/PolicyLoader.h"
#include "config/ProfileSettings.h"
#include "dashboard/DashboardView.h"
#include "dashboard/EventLogPanel.h"
#include "llm/Comparison.h"
#include "llm/KeyringSecretStore.h"
#include "llm/ResilientClient.h"
#include "settings/SettingsDialog.h"
#include "simulator/ProfileScenarios.h"
#include "storage/ConversationStore.h"

namespace stormproof {

namespace {
// View > Bigger/Smaller text: one step, within AppSettings' range.
constexpr int kTextScaleStepPct = 10;
constexpr int kMinTextScalePct = 80;
constexpr int kMaxTextScalePct = 200;
// How long the status bar shows a one-off message (an export's path, a restored reply).
constexpr int kStatusMessageMs = 10000;
}  // namespace

MainWindow::MainWindow(ResilientClient& client, const ClientContext& context, ConversationStore& store,
                       Policy policy, QSettings* settings, QWidget* parent)
    : QMainWindow(parent),
      client_(client),
      store_(store),
      context_(context),
      bus_(context.bus),
      policy_(std::move(policy)),
      settings_(settings) {
    setWindowTitle(tr("Stormproof"));
    setWindowIcon(app_icon());
    session_ = new ChatSession(client_, store_, this);

    sidebar_ = new ConversationSidebar(store_, this);
    chat_view_ = new ChatView(*session_, this);
    composer_ = new Composer(this);
    auto* chat_column = new QWidget(this);
    chat_column->setObjectName(QStringLiteral("chatColumn"));
    auto* chat_layout = new QVBoxLayout(chat_column);
    chat_layout->setContentsMargins(0, 0, 0, 0);
    chat_layout->addWidget(chat_view_, 1);
    chat_layout->addWidget(composer_);
    auto* splitter = new QSplitter(this);
    splitter->setObjectName(QStringLiteral("chatSplitter"));
    splitter->addWidget(sidebar_);
    splitter->addWidget(chat_column);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    chat_column->setMinimumWidth(WindowLayout::kMinChatWidth / 2);
    setCentralWidget(splitter);

    // The dashboard: a dock (closable, floatable, View > Dashboard brings it back). Its pages scroll rather
    // than force the window wider than the screen.
    event_log_ = new EventLogPanel(bus_, this);
    dashboard_ = new DashboardView(client_, context_, this);
    auto* dashboard_scroll = new QScrollArea(this);
    dashboard_scroll->setWidgetResizable(true);
    dashboard_scroll->setFrameShape(QFrame::NoFrame);
    dashboard_scroll->setWidget(dashboard_);
    dashboard_tabs_ = new QTabWidget(this);
    dashboard_tabs_->addTab(dashboard_scroll, tr("Overview"));
    dashboard_tabs_->addTab(event_log_, tr("Events"));
    dashboard_dock_ = new QDockWidget(tr("Resilience dashboard"), this);
    dashboard_dock_->setObjectName(QStringLiteral("dashboardDock"));
    dashboard_dock_->setWidget(dashboard_tabs_);
    addDockWidget(Qt::RightDockWidgetArea, dashboard_dock_);
    connect(event_log_, &EventLogPanel::trace_activated, this, &MainWindow::reveal_trace);
    // A row picked in the event log shows its request in the waterfall (without leaving the Events tab).
    connect(event_log_, &EventLogPanel::trace_selected, this, [this](const QString& trace_id) {
        std::vector<TelemetryEvent> events;
        for (const TelemetryEvent& e : event_log_->events()) {
            if (QString::fromStdString(e.trace_id) == trace_id)
                events.push_back(e);
        }
        dashboard_->show_trace(trace_id.toStdString(), events);
    });
    // The thresholds typed on the dashboard are the settings' own: one copy, saved with the profile.
    connect(dashboard_, &DashboardView::alert_thresholds_changed, this, [this](int retry_pct, int error_pct) {
        if (app_settings_.alert_retry_rate_pct == retry_pct &&
            app_settings_.alert_error_rate_pct == error_pct)
            return;
        app_settings_.alert_retry_rate_pct = retry_pct;
        app_settings_.alert_error_rate_pct = error_pct;
        save_app_settings_quietly();
    });
    connect(dashboard_, &DashboardView::investigate, this, [this](const QString& filter) {
        dashboard_tabs_->setCurrentWidget(event_log_);
        event_log_->set_filter(filter);
    });

    status_ = new QLabel(this);
    statusBar()->addPermanentWidget(status_);

    connect(composer_, &Composer::send_requested, this, &MainWindow::send);
    connect(composer_, &Composer::stop_requested, session_, &ChatSession::stop);
    connect(composer_, &Composer::unqueue_requested, this, [this](int index) {
        const QString text = session_->unqueue(index);
        if (text.isEmpty())
            return;
        const QString current = composer_->text();
        composer_->set_text(current.trimmed().isEmpty() ? text : text + QStringLiteral("\n\n") + current);
        composer_->focus();
    });
    connect(session_, &ChatSession::queue_changed, this,
            [this] { composer_->show_queue(session_->queued()); });
    connect(session_, &ChatSession::queue_returned, this, [this](const QString& text) {
        const QString current = composer_->text();
        composer_->set_text(current.trimmed().isEmpty() ? text : text + QStringLiteral("\n\n") + current);
        statusBar()->showMessage(tr("Stopped: the queued message was not sent; it is back in the box."),
                                 kStatusMessageMs);
    });
    connect(session_, &ChatSession::busy_changed, composer_, &Composer::set_busy);
    connect(session_, &ChatSession::busy_changed, this, [this](bool busy) {
        status_->setText(busy ? tr("Waiting for the model… (Esc stops)") : tr("Ready"));
        update_actions();
    });
    connect(session_, &ChatSession::reloaded, this, &MainWindow::update_actions);
    connect(session_, &ChatSession::message_appended, this, &MainWindow::update_actions);
    connect(session_, &ChatSession::conversations_changed, this,
            [this] { sidebar_->refresh(session_->conversation_id()); });
    connect(sidebar_, &ConversationSidebar::conversation_selected, this, &MainWindow::open_conversation);
    connect(sidebar_, &ConversationSidebar::new_conversation_requested, this, &MainWindow::new_chat);
    connect(chat_view_, &ChatView::trace_clicked, this, &MainWindow::focus_trace);

    // Esc stops the reply only from the chat (the message list and the composer), never from the search box,
    // the pickers or the dashboard.
    auto* stop_key = new QShortcut(QKeySequence(Qt::Key_Escape), chat_column);
    stop_key->setContext(Qt::WidgetWithChildrenShortcut);
    connect(stop_key, &QShortcut::activated, session_, &ChatSession::stop);

    build_menus();
    build_toolbar();
    apply_chain();
    sidebar_->refresh();
    const auto conversations = store_.conversations();
    if (!conversations.empty()) {
        sidebar_->refresh(conversations.front().id);
        open_conversation(conversations.front().id);
    }
    const QScreen* screen = this->screen() ? this->screen() : QGuiApplication::primaryScreen();
    const QRect available = screen ? screen->availableGeometry() : QRect(0, 0, 1280, 720);
    fit_to(available);
    if (settings_ && settings_->contains(QStringLiteral("window/geometry"))) {
        restoreGeometry(settings_->value(QStringLiteral("window/geometry")).toByteArray());
        restoreState(settings_->value(QStringLiteral("window/state")).toByteArray());
        setGeometry(fit_inside(geometry(), available));  // saved on a larger monitor: still on this one
    }
    if (store_.recovered_partials() > 0) {
        statusBar()->showMessage(
            tr("%n reply(s) cut off when Stormproof last stopped were kept, marked as partial.", nullptr,
               store_.recovered_partials()),
            kStatusMessageMs);
    }
    status_->setText(tr("Ready"));
    composer_->focus();
    update_actions();
}

MainWindow::~MainWindow() = default;

QComboBox& MainWindow::scenario_picker() {
    return pickers_->scenario();
}

QComboBox& MainWindow::target_picker() {
    return pickers_->target();
}

QAction* MainWindow::action(const QString& name) const {
    return actions_.value(name, nullptr);
}

void MainWindow::fit_to(const QRect& available) {
    const WindowLayout layout = initial_window_layout(available);
    setGeometry(layout.window);
    if (auto* splitter = qobject_cast<QSplitter*>(centralWidget())) {
        splitter->setSizes({layout.sidebar_width, layout.window.width() - layout.sidebar_width});
    }
    if (layout.dashboard_width > 0) {
        dashboard_dock_->show();
        resizeDocks({dashboard_dock_}, {layout.dashboard_width}, Qt::Horizontal);
    } else {
        dashboard_dock_->hide();
    }
}

QDockWidget* MainWindow::add_panel(QWidget* panel, const QString& title, const QString& object_name) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(object_name);
    dock->setWidget(panel);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    tabifyDockWidget(dashboard_dock_, dock);
    dashboard_dock_->raise();
    view_menu_->insertAction(panels_anchor_, dock->toggleViewAction());
    return dock;
}

void MainWindow::build_menus() {
    const auto add = [this](QMenu* menu, const QString& name, const QString& text, const QKeySequence& keys,
                            auto&& slot) {
        QAction* a = menu->addAction(text);
        a->setObjectName(name);
        if (!keys.isEmpty())
            a->setShortcut(keys);
        connect(a, &QAction::triggered, this, slot);
        actions_.insert(name, a);
        return a;
    };
    QMenu* file = menuBar()->addMenu(tr("&File"));
    add(file, QStringLiteral("new_chat"), tr("&New chat"), QKeySequence::New, [this] { new_chat(); });
    add(file, QStringLiteral("export"), tr("&Export chat…"), QKeySequence(tr("Ctrl+E")),
        [this] { export_conversation(); });
    file->addSeparator();
    add(file, QStringLiteral("settings"), tr("&Settings…"), QKeySequence(tr("Ctrl+,")),
        [this] { show_settings(); });
    file->addSeparator();
    QAction* quit =
        add(file, QStringLiteral("quit"), tr("&Quit"), QKeySequence(tr("Ctrl+Q")), [this] { close(); });
    quit->setMenuRole(QAction::QuitRole);

    QMenu* chat = menuBar()->addMenu(tr("&Chat"));
    add(chat, QStringLiteral("regenerate"), tr("&Regenerate reply"), QKeySequence(tr("Ctrl+R")),
        [this] { session_->regenerate(); });
    add(chat, QStringLiteral("compare"), tr("C&ompare targets…"), QKeySequence(tr("Ctrl+Shift+M")),
        [this] { show_compare(); });
    add(chat, QStringLiteral("edit_last"), tr("&Edit last message"), QKeySequence(tr("Ctrl+Up")), [this] {
        const int i = session_->last_user_index();
        if (i >= 0)
            chat_view_->edit_message(i);
    });
    QAction* stop =
        add(chat, QStringLiteral("stop"), tr("S&top reply"), QKeySequence(), [this] { session_->stop(); });
    stop->setToolTip(tr("Esc, in the chat"));
    chat->addSeparator();
    add(chat, QStringLiteral("search"), tr("Searc&h chats"), QKeySequence(tr("Ctrl+K")),
        [this] { sidebar_->focus_search(); });
    add(chat, QStringLiteral("chat_settings"), tr("Chat &settings…"), QKeySequence(),
        [this] { edit_conversation_settings(); });

    view_menu_ = menuBar()->addMenu(tr("&View"));
    QAction* dashboard = dashboard_dock_->toggleViewAction();
    dashboard->setText(tr("&Dashboard"));
    dashboard->setShortcut(QKeySequence(Qt::Key_F9));
    dashboard->setObjectName(QStringLiteral("dashboard"));
    actions_.insert(QStringLiteral("dashboard"), dashboard);
    view_menu_->addAction(dashboard);
    add(view_menu_, QStringLiteral("events"), tr("&Events"), QKeySequence(Qt::Key_F10), [this] {
        dashboard_dock_->show();
        dashboard_dock_->raise();
        dashboard_tabs_->setCurrentWidget(event_log_);
    });
    panels_anchor_ = view_menu_->addSeparator();
    add(view_menu_, QStringLiteral("text_bigger"), tr("&Bigger text"), QKeySequence::ZoomIn,
        [this] { scale_text(+kTextScaleStepPct); });
    add(view_menu_, QStringLiteral("text_smaller"), tr("&Smaller text"), QKeySequence::ZoomOut,
        [this] { scale_text(-kTextScaleStepPct); });
    add(view_menu_, QStringLiteral("text_reset"), tr("&Actual size"), QKeySequence(tr("Ctrl+0")),
        [this] { scale_text(0); });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    add(help, QStringLiteral("shortcuts"), tr("&Keyboard shortcuts"), QKeySequence::HelpContents, [this] {
        QMessageBox::information(
            this, tr("Keyboard shortcuts"),
            tr("Enter: send (Shift+Enter: new line; Settings > Appearance can make it Ctrl+Enter)\n"
               "Esc in the chat: stop the reply\nCtrl+N: new chat\nCtrl+K: search chats\nCtrl+R: regenerate\n"
               "Ctrl+Up: edit your last message\nCtrl+E: export the chat\nCtrl+,: settings\nF9: dashboard\n"
               "F10: event log\nCtrl++ / Ctrl+- / Ctrl+0: text size\nCtrl+Q: quit"));
    });
    add(help, QStringLiteral("about"), tr("&About Stormproof"), QKeySequence(), [this] {
        QMessageBox::about(this, tr("About Stormproof"),
                           tr("Stormproof: an LLM playground whose client keeps calls alive through rate "
                              "limits, overloads, timeouts and cut streams, and shows every attempt."));
    });
}

void MainWindow::build_toolbar() {
    toolbar_ = addToolBar(tr("Chat"));
    toolbar_->setObjectName(QStringLiteral("chatToolbar"));
    toolbar_->setMovable(false);
    pickers_ = new ChainPickers(client_, toolbar_);
    pickers_->fill(policy_, profile_scenarios_);
    toolbar_->addSeparator();
    // The toolbar keeps the actions used while chatting; the rest live in the menus. What does not fit goes
    // behind the toolbar's » button.
    toolbar_->addAction(action(QStringLiteral("regenerate")));
    toolbar_->addAction(action(QStringLiteral("edit_last")));
    toolbar_->addAction(action(QStringLiteral("dashboard")));
    action(QStringLiteral("regenerate"))->setIconText(tr("Regenerate"));
    action(QStringLiteral("edit_last"))->setIconText(tr("Edit last"));
    connect(pickers_, &ChainPickers::selection_changed, this, &MainWindow::apply_chain);
    connect(pickers_, &ChainPickers::target_changed, this, [this] { pickers_->refresh_models(policy_); });
    pickers_->refresh_models(policy_);
}

void MainWindow::update_actions() {
    const bool idle = !session_->busy();
    action(QStringLiteral("regenerate"))->setEnabled(idle && session_->can_regenerate());
    action(QStringLiteral("edit_last"))->setEnabled(idle && session_->last_user_index() >= 0);
    action(QStringLiteral("stop"))->setEnabled(!idle);
    action(QStringLiteral("export"))->setEnabled(session_->conversation_id() != 0);
}

void MainWindow::apply_chain() {
    client_.set_policy(narrow_policy(policy_, pickers_->selection()));
    // The policy's keychain keys are read now, in the background: chat() only looks them up.
    if (keyring_)
        keyring_->prefetch(policy_);
}

void MainWindow::refresh_scenarios() {
    profile_scenarios_.clear();
    if (profile_dir_.isEmpty() || !register_scenario_)
        return;
    for (const auto& [name, scenario] : load_profile_scenarios(profile_dir_.toStdString())) {
        register_scenario_(name, scenario);
        profile_scenarios_ << QString::fromStdString(name);
    }
}

void MainWindow::open_conversation(std::int64_t id) {
    if (id == session_->conversation_id() && id != 0)
        return;
    session_
        ->stop();  // a queued message comes back to the composer first, and is kept with this chat's draft
    session_->save_draft(composer_->text());
    session_->open(id);
    composer_->set_text(session_->draft());
    update_actions();
}

void MainWindow::new_chat() {
    // An empty chat is reused rather than another "New chat" added to the list.
    if (session_->conversation_id() != 0 && session_->messages().empty() && !session_->busy()) {
        composer_->focus();
        return;
    }
    std::int64_t id = store_.empty_conversation();
    if (!id)
        id = store_.create_conversation("New chat");
    sidebar_->refresh(id);
    open_conversation(id);
    composer_->focus();
}

void MainWindow::send(const QString& text) {
    const bool had_conversation = session_->conversation_id() != 0;
    session_->send(text);
    if (!had_conversation)
        sidebar_->refresh(session_->conversation_id());
    session_->save_draft(QString());
    update_actions();
}

QString MainWindow::compare(const QString& text, const QStringList& targets, const Policy* versus) {
    if (session_->busy())
        return tr("A reply is still coming: compare when it has ended.");
    // The whole configured chain, whatever the toolbar narrows it to, with the toolbar's scenario and model.
    ChainSelection selection = pickers_->selection();
    selection.only_target.clear();
    // The scenario picker speaks for the chain's first simulator target only when it can show that target's
    // own scenario (a scenario the picker does not list -- one registered by a test or a script -- stays).
    if (pickers_->scenario().findText(QString::fromStdString(configured_scenario(policy_))) < 0)
        selection.scenario.clear();
    if (!compare_client_) {
        compare_client_ = new ResilientClient(context_, this);
        compare_client_->set_simulator_url(client_.simulator_url());
    }
    compare_client_->set_policy(narrow_policy(policy_, selection));
    std::vector<CompareColumn> columns;
    for (const QString& target : targets)
        columns.push_back({target.toStdString(), compare_client_, target.toStdString()});
    if (versus) {
        if (!versus_client_) {
            versus_client_ = new ResilientClient(context_, this);
            versus_client_->set_simulator_url(client_.simulator_url());
        }
        versus_client_->set_policy(*versus);
        for (const QString& target : targets) {
            columns.push_back(
                {tr("%1 · policy B").arg(target).toStdString(), versus_client_, target.toStdString()});
        }
    }
    const bool had_conversation = session_->conversation_id() != 0;
    if (!session_->send_compare(text, columns))
        return tr("A compare needs a prompt and %1 to %2 columns.")
            .arg(kMinCompareColumns)
            .arg(kMaxCompareColumns);
    if (!had_conversation)
        sidebar_->refresh(session_->conversation_id());
    update_actions();
    return {};
}

void MainWindow::show_compare() {
    CompareDialog dialog(policy_, composer_->text(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    std::optional<Policy> versus;
    if (!dialog.versus_policy_file().isEmpty()) {
        const PolicyLoadResult loaded = PolicyLoader::from_file(dialog.versus_policy_file().toStdString());
        if (!loaded.ok()) {
            QMessageBox::warning(this, tr("Compare"),
                                 QString::fromStdString(
                                     join_errors(loaded.errors, dialog.versus_policy_file().toStdString())));
            return;
        }
        versus = *loaded.policy;
    }
    const QString problem = compare(dialog.prompt(), dialog.targets(), versus ? &*versus : nullptr);
    if (!problem.isEmpty()) {
        status_->setText(problem);
        return;
    }
    if (dialog.prompt().trimmed() == composer_->text().trimmed())
        composer_->set_text(QString());
}

void MainWindow::set_scenario(const QString& name) {
    pickers_->scenario().setCurrentText(name);
}

bool MainWindow::reveal_trace(const QString& trace_id) {
    const auto found = store_.find_trace(trace_id.toStdString());
    if (!found) {
        status_->setText(
            tr("No chat message has trace %1 (load-test requests have none).").arg(trace_id.left(8)));
        return false;
    }
    const auto [conversation, message_id] = *found;
    if (session_->conversation_id() != conversation) {
        sidebar_->refresh(conversation);
        open_conversation(conversation);
    }
    const auto& messages = session_->messages();
    for (std::size_t i = 0; i < messages.size(); ++i) {
        if (messages[i].id == message_id) {
            chat_view_->reveal(static_cast<int>(i));
            return true;
        }
    }
    return false;
}

void MainWindow::focus_trace(const QString& trace_id) {
    dashboard_dock_->show();
    dashboard_dock_->raise();
    std::vector<TelemetryEvent> events;
    for (const TelemetryEvent& e : event_log_->events()) {
        if (QString::fromStdString(e.trace_id) == trace_id)
            events.push_back(e);
    }
    dashboard_->show_trace(trace_id.toStdString(), events);
    event_log_->set_filter(trace_id);
}

void MainWindow::show_settings() {
    SettingsServices services;
    services.keyring = keyring_;
    services.profile_dir = profile_dir_;
    services.test_connection = make_connection_check(client_);
    SettingsDialog dialog(policy_, app_settings_, services, this);
    connect(&dialog, &SettingsDialog::applied, this, &MainWindow::apply_settings);
    dialog.exec();
    // Reopens where the person left it, whether they applied or cancelled.
    const std::string page = dialog.current_page_id().toStdString();
    if (!page.empty() && page != app_settings_.settings_page) {
        app_settings_.settings_page = page;
        save_app_settings_quietly();
    }
}

void MainWindow::save_app_settings_quietly() {
    if (profile_dir_.isEmpty())
        return;
    const Status saved = save_profile_settings(profile_dir_.toStdString(), policy_, app_settings_);
    if (!saved)
        status_->setText(
            tr("Could not save the settings: %1").arg(QString::fromStdString(saved.error().to_string())));
}

void MainWindow::put_in_force(const AppSettings& app) {
    app_settings_ = app;
    apply_appearance(app_settings_);
    composer_->set_send_on_enter(app_settings_.send_on_enter);
    dashboard_->set_alert_thresholds(app_settings_.alert_retry_rate_pct, app_settings_.alert_error_rate_pct);
}

void MainWindow::set_profile(const QString& profile_dir, KeyringSecretStore* keyring,
                             const AppSettings& app) {
    profile_dir_ = profile_dir;
    keyring_ = keyring;
    if (keyring_)
        keyring_->prefetch(policy_);
    refresh_scenarios();
    pickers_->fill(policy_, profile_scenarios_);
    put_in_force(app);
}

QString MainWindow::apply_settings(const Policy& policy, const AppSettings& app) {
    policy_ = policy;
    refresh_scenarios();  // Settings > Simulator may have saved a new one
    pickers_->fill(policy_, profile_scenarios_);
    apply_chain();  // new requests use it from now on; breakers and budgets keep their state
    pickers_->refresh_models(policy_);
    put_in_force(app);
    if (profile_dir_.isEmpty())
        return {};
    const Status saved = save_profile_settings(profile_dir_.toStdString(), policy, app);
    if (!saved) {
        const QString message = tr("The settings are in force but could not be saved: %1")
                                    .arg(QString::fromStdString(saved.error().to_string()));
        status_->setText(message);
        return message;
    }
    status_->setText(tr("Settings applied and saved."));
    return {};
}

void MainWindow::scale_text(int step_pct) {
    AppSettings app = app_settings_;
    app.font_scale_pct =
        step_pct == 0 ? 100 : std::clamp(app.font_scale_pct + step_pct, kMinTextScalePct, kMaxTextScalePct);
    if (app.font_scale_pct == app_settings_.font_scale_pct)
        return;
    apply_settings(policy_, app);
    statusBar()->showMessage(tr("Text size %1%").arg(app.font_scale_pct), kStatusMessageMs);
}

void MainWindow::edit_conversation_settings() {
    auto info = store_.conversation(session_->conversation_id());
    if (!info) {
        new_chat();
        info = store_.conversation(session_->conversation_id());
        if (!info)
            return;
    }
    ChatSettingsDialog dialog(*info, this);
    if (dialog.exec() == QDialog::Accepted)
        store_.update_conversation(dialog.edited());
}

QString MainWindow::export_conversation_to(const QString& path, ChatExportFormat format) {
    const auto info = store_.conversation(session_->conversation_id());
    if (!info)
        return tr("No chat is open.");
    const std::vector<TelemetryEvent> events(event_log_->events().begin(), event_log_->events().end());
    const Status written = write_chat_export(path, format, *info, store_.messages(info->id), events,
                                             [this](std::string_view text) { return client_.redact(text); });
    if (!written)
        return QString::fromStdString(written.error().to_string());
    statusBar()->showMessage(tr("Chat exported to %1").arg(QDir::toNativeSeparators(path)), kStatusMessageMs);
    return {};
}

void MainWindow::export_conversation() {
    const auto info = store_.conversation(session_->conversation_id());
    if (!info)
        return;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString markdown = export_filter(ChatExportFormat::Markdown);
    const QString json = export_filter(ChatExportFormat::Json);
    QString selected = markdown;
    const QString chosen = QFileDialog::getSaveFileName(
        this, tr("Export chat"), suggested_export_path(info->title, ChatExportFormat::Markdown, documents),
        markdown + QStringLiteral(";;") + json, &selected);
    if (chosen.isEmpty())
        return;
    const ChatExportFormat format = export_format_of(chosen, selected);
    const QString path = with_export_extension(chosen, format);
    const QString error = export_conversation_to(path, format);
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Export failed"), tr("Could not write the export: %1").arg(error));
}

QStringList MainWindow::view_names() const {
    return {QStringLiteral("chat"), QStringLiteral("dashboard"), QStringLiteral("events"),
            QStringLiteral("settings")};
}

QPixmap MainWindow::grab_view(const QString& name) {
    if (name == QLatin1String("dashboard")) {
        dashboard_dock_->show();
        dashboard_tabs_->setCurrentIndex(0);
        dashboard_->refresh();
        QApplication::processEvents();
        return dashboard_dock_->grab();
    }
    if (name == QLatin1String("events")) {
        // The event log beside the chat: every attempt and decision, with the application each came from.
        dashboard_dock_->show();
        dashboard_tabs_->setCurrentWidget(event_log_);
        QApplication::processEvents();
        QPixmap shot = grab();
        dashboard_tabs_->setCurrentIndex(0);
        return shot;
    }
    if (name == QLatin1String("settings")) {
        // The settings dialog on its retry page, with the preview of the policy in force against the flaky
        // scenario -- rendered without blocking.
        SettingsServices services;
        services.keyring = keyring_;
        services.profile_dir = profile_dir_;
        SettingsDialog dialog(policy_, app_settings_, services, this);
        dialog.show();
        dialog.flush_preview();
        QApplication::processEvents();
        QPixmap shot = dialog.grab();
        dialog.hide();
        return shot;
    }
    QApplication::processEvents();
    return grab();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (settings_) {
        settings_->setValue(QStringLiteral("window/geometry"), saveGeometry());
        settings_->setValue(QStringLiteral("window/state"), saveState());
    }
    session_->stop();
    session_->save_draft(composer_->text());
    QMainWindow::closeEvent(event);
}

}  // namespace stormproof
