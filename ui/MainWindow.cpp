#include "MainWindow.h"

#include "config/ProfileFile.h"
#include "llm/KeyringSecretStore.h"
#include "settings/SettingsDialog.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPlainTextEdit>
#include <QSaveFile>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include "chat/ChatSession.h"
#include "chat/ChatView.h"
#include "chat/Composer.h"
#include "chat/ConversationSidebar.h"
#include "config/PolicyWriter.h"
#include "dashboard/DashboardView.h"
#include "dashboard/EventLogPanel.h"
#include "llm/ResilientClient.h"
#include "simulator/ScenarioLoader.h"
#include "storage/ConversationExporter.h"

namespace stormproof {

namespace {
QIcon app_icon() {
    // Drawn, not loaded: no image plugin needed. A storm cloud over a shield, in the palette's highlight
    // colour.
    QPixmap pixmap(128, 128);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(QColor(0x2f, 0x6f, 0xd6));
    p.setPen(Qt::NoPen);
    p.drawRoundedRect(8, 8, 112, 112, 24, 24);
    p.setBrush(Qt::white);
    p.drawEllipse(QRectF(28, 40, 36, 30));
    p.drawEllipse(QRectF(48, 30, 44, 40));
    p.drawRect(QRectF(36, 55, 52, 15));
    QPolygonF bolt;
    bolt << QPointF(66, 72) << QPointF(52, 96) << QPointF(63, 96) << QPointF(56, 114) << QPointF(80, 86)
         << QPointF(68, 86) << QPointF(76, 72);
    p.setBrush(QColor(0xff, 0xc8, 0x2e));
    p.drawPolygon(bolt);
    return QIcon(pixmap);
}
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
    resize(1680, 1000);
    session_ = new ChatSession(client_, store_, this);

    sidebar_ = new ConversationSidebar(store_, this);
    chat_view_ = new ChatView(*session_, this);
    composer_ = new Composer(this);
    auto* chat_column = new QWidget(this);
    auto* chat_layout = new QVBoxLayout(chat_column);
    chat_layout->setContentsMargins(0, 0, 0, 0);
    chat_layout->addWidget(chat_view_, 1);
    chat_layout->addWidget(composer_);
    auto* splitter = new QSplitter(this);
    splitter->addWidget(sidebar_);
    splitter->addWidget(chat_column);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({240, 1000});
    setCentralWidget(splitter);

    event_log_ = new EventLogPanel(bus_, this);
    dashboard_ = new DashboardView(client_, context_, this);
    dashboard_tabs_ = new QTabWidget(this);
    dashboard_tabs_->addTab(dashboard_, tr("Overview"));
    dashboard_tabs_->addTab(event_log_, tr("Events"));
    dashboard_dock_ = new QDockWidget(tr("Resilience dashboard"), this);
    dashboard_dock_->setObjectName(QStringLiteral("dashboardDock"));
    dashboard_dock_->setWidget(dashboard_tabs_);
    addDockWidget(Qt::RightDockWidgetArea, dashboard_dock_);
    resizeDocks({dashboard_dock_}, {820}, Qt::Horizontal);
    connect(event_log_, &EventLogPanel::trace_activated, this, &MainWindow::reveal_trace);
    connect(dashboard_, &DashboardView::investigate, this, [this](const QString& filter) {
        dashboard_tabs_->setCurrentWidget(event_log_);
        event_log_->set_filter(filter);
    });

    status_ = new QLabel(this);
    statusBar()->addPermanentWidget(status_);

    connect(composer_, &Composer::send_requested, this, &MainWindow::send);
    connect(composer_, &Composer::stop_requested, session_, &ChatSession::stop);
    connect(session_, &ChatSession::busy_changed, composer_, &Composer::set_busy);
    connect(session_, &ChatSession::busy_changed, this,
            [this](bool busy) { status_->setText(busy ? tr("Waiting for the model…") : tr("Ready")); });
    connect(session_, &ChatSession::conversations_changed, this,
            [this] { sidebar_->refresh(session_->conversation_id()); });
    connect(sidebar_, &ConversationSidebar::conversation_selected, this, &MainWindow::open_conversation);
    connect(sidebar_, &ConversationSidebar::new_conversation_requested, this, &MainWindow::new_chat);
    connect(chat_view_, &ChatView::trace_clicked, this, &MainWindow::focus_trace);

    build_toolbar();
    build_shortcuts();
    apply_chain();
    sidebar_->refresh();
    const auto conversations = store_.conversations();
    if (!conversations.empty()) {
        sidebar_->refresh(conversations.front().id);
        open_conversation(conversations.front().id);
    }
    if (settings_) {
        restoreGeometry(settings_->value(QStringLiteral("window/geometry")).toByteArray());
        restoreState(settings_->value(QStringLiteral("window/state")).toByteArray());
    }
    if (store_.recovered_partials() > 0) {
        statusBar()->showMessage(
            tr("%n reply(s) cut off when Stormproof last stopped were kept, marked as partial.", nullptr,
               store_.recovered_partials()),
            10000);
    }
    status_->setText(tr("Ready"));
}

MainWindow::~MainWindow() = default;

void MainWindow::build_toolbar() {
    QToolBar* bar = addToolBar(tr("Chat"));
    bar->setObjectName(QStringLiteral("chatToolbar"));
    bar->setMovable(false);
    bar->addWidget(new QLabel(tr(" Target: "), bar));
    target_ = new QComboBox(bar);
    target_->setObjectName(QStringLiteral("targetPicker"));
    target_->setToolTip(tr("The whole fallback chain, or one target on its own"));
    bar->addWidget(target_);
    bar->addWidget(new QLabel(tr("  Model: "), bar));
    model_ = new QComboBox(bar);
    model_->setObjectName(QStringLiteral("modelPicker"));
    model_->setEditable(true);
    model_->setMinimumContentsLength(18);
    bar->addWidget(model_);
    bar->addWidget(new QLabel(tr("  Simulator scenario: "), bar));
    scenario_ = new QComboBox(bar);
    scenario_->setObjectName(QStringLiteral("scenarioPicker"));
    bar->addWidget(scenario_);
    fill_pickers();
    bar->addSeparator();
    QAction* regenerate = bar->addAction(tr("Regenerate"), session_, &ChatSession::regenerate);
    regenerate->setToolTip(tr("Ask again for the last reply"));
    bar->addAction(tr("Edit last"), this, [this] {
        const QString text = session_->take_last_user_message();
        if (!text.isEmpty())
            composer_->set_text(text);
        composer_->focus();
    });
    bar->addAction(tr("Chat settings…"), this, &MainWindow::edit_conversation_settings);
    bar->addAction(tr("Export…"), this, &MainWindow::export_conversation);
    bar->addAction(tr("Settings"), this, &MainWindow::show_settings);
    connect(target_, &QComboBox::currentIndexChanged, this, [this] {
        apply_chain();
        refresh_models();
    });
    connect(scenario_, &QComboBox::currentTextChanged, this, [this] {
        apply_chain();
        refresh_models();
    });
    connect(model_, &QComboBox::currentTextChanged, this, [this] { apply_chain(); });
    refresh_models();
}

void MainWindow::fill_pickers() {
    const QSignalBlocker block_targets(target_);
    const QSignalBlocker block_scenarios(scenario_);
    const QString previous_target = target_->currentData().toString();
    target_->clear();
    if (policy_.targets.size() > 1) {
        QStringList names;
        for (const auto& t : policy_.targets)
            names << QString::fromStdString(t.name);
        target_->addItem(tr("Fallback chain: %1").arg(names.join(QStringLiteral(" → "))), QString());
    }
    for (const auto& t : policy_.targets) {
        target_->addItem(
            QStringLiteral("%1 (%2)").arg(QString::fromStdString(t.name),
                                          QString::fromStdString(std::string(to_string(t.provider)))),
            QString::fromStdString(t.name));
    }
    target_->setCurrentIndex(std::max(0, target_->findData(previous_target)));

    // Built-in scenarios by name; the profile's own (Settings > Simulator) by path.
    const QString previous_scenario = scenario_->currentText();
    scenario_->clear();
    for (const auto& name : ScenarioLoader::builtin_names())
        scenario_->addItem(QString::fromStdString(name), QString::fromStdString(name));
    if (!profile_dir_.isEmpty() && register_scenario_) {
        const QDir custom(QDir(profile_dir_).filePath(QStringLiteral("scenarios")));
        for (const QString& f : custom.entryList({QStringLiteral("*.json")}, QDir::Files)) {
            auto loaded = ScenarioLoader::from_file(custom.filePath(f).toStdString());
            if (!loaded.ok())
                continue;  // Settings > Simulator only saves valid ones; a hand-broken file is skipped
            const QString name = f.chopped(5);
            register_scenario_(name.toStdString(), *loaded.scenario);
            scenario_->addItem(name, name);
        }
    }
    bool has_sim = false;
    for (const auto& t : policy_.targets) {
        if (t.provider == ProviderKind::Simulator) {
            has_sim = true;
            const QString current = QString::fromStdString(!t.scenario.empty()             ? t.scenario
                                                           : t.model.rfind("sim-", 0) == 0 ? t.model.substr(4)
                                                                                           : "healthy");
            scenario_->setCurrentText(previous_scenario.isEmpty() ? current : previous_scenario);
            break;
        }
    }
    scenario_->setEnabled(has_sim);
}

void MainWindow::build_shortcuts() {
    auto* new_chat_key = new QShortcut(QKeySequence(QStringLiteral("Ctrl+N")), this);
    connect(new_chat_key, &QShortcut::activated, this, &MainWindow::new_chat);
    auto* search_key = new QShortcut(QKeySequence(QStringLiteral("Ctrl+K")), this);
    connect(search_key, &QShortcut::activated, sidebar_, &ConversationSidebar::focus_search);
    auto* settings_key = new QShortcut(QKeySequence(QStringLiteral("Ctrl+,")), this);
    connect(settings_key, &QShortcut::activated, this, &MainWindow::show_settings);
    auto* stop_key = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(stop_key, &QShortcut::activated, session_, &ChatSession::stop);
}

void MainWindow::apply_chain() {
    Policy effective = policy_;
    const QString only = target_->currentData().toString();
    if (!only.isEmpty()) {
        std::vector<TargetConfig> kept;
        for (const auto& t : effective.targets) {
            if (QString::fromStdString(t.name) == only)
                kept.push_back(t);
        }
        effective.targets = kept;
    }
    // The picker drives the first simulator target of the chain; others keep the scenario they name.
    for (auto& t : effective.targets) {
        if (t.provider == ProviderKind::Simulator) {
            t.scenario = scenario_->currentText().toStdString();
            break;
        }
    }
    // The model picker edits the first target of the chain in use.
    if (!effective.targets.empty() && model_->currentText().size() > 0 &&
        effective.targets.front().provider != ProviderKind::Simulator) {
        effective.targets.front().model = model_->currentText().toStdString();
    }
    client_.set_policy(effective);
}

void MainWindow::refresh_models() {
    const QString only = target_->currentData().toString();
    const std::string first =
        only.isEmpty() && !policy_.targets.empty() ? policy_.targets.front().name : only.toStdString();
    const TargetConfig* target = nullptr;
    for (const auto& t : policy_.targets) {
        if (t.name == first)
            target = &t;
    }
    if (!target)
        return;
    const QSignalBlocker block(model_);
    model_->clear();
    model_->addItem(target->provider == ProviderKind::Simulator
                        ? QStringLiteral("sim-") + scenario_->currentText()
                        : QString::fromStdString(target->model));
    model_->setEnabled(target->provider != ProviderKind::Simulator);
    if (target->provider == ProviderKind::Simulator) {
        model_->setToolTip(tr("The simulator's model follows the scenario picker"));
        return;
    }
    QPointer<MainWindow> self(this);
    const std::string current = target->model;
    client_.list_models(first, [self, current](std::vector<std::string> ids, std::string error) {
        if (!self)
            return;
        const QSignalBlocker inner(self->model_);
        if (!error.empty()) {
            self->model_->setToolTip(tr("Could not list models: %1").arg(QString::fromStdString(error)));
            return;
        }
        for (const auto& id : ids) {
            if (id != current)
                self->model_->addItem(QString::fromStdString(id));
        }
    });
}

void MainWindow::open_conversation(std::int64_t id) {
    session_->open(id);
}

void MainWindow::new_chat() {
    const auto id = store_.create_conversation("New chat");
    sidebar_->refresh(id);
    session_->open(id);
    composer_->focus();
}

void MainWindow::send(const QString& text) {
    if (!session_->conversation_id()) {
        session_->send(text);
        sidebar_->refresh(session_->conversation_id());
        return;
    }
    session_->send(text);
}

void MainWindow::set_scenario(const QString& name) {
    scenario_->setCurrentText(name);
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
        session_->open(conversation);
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
    services.test_connection = [this](const Policy& policy, const std::string& target,
                                      std::function<void(bool, const QString&)> done) {
        // The edited (not yet applied) policy resolves the target; the live policy keeps serving meanwhile.
        client_.list_models(
            target,
            [done](std::vector<std::string> ids, std::string error) {
                if (error.empty()) {
                    QStringList some;
                    for (std::size_t i = 0; i < ids.size() && i < 5; ++i)
                        some << QString::fromStdString(ids[i]);
                    done(true, tr("Connected: %1 models (%2%3)")
                                   .arg(ids.size())
                                   .arg(some.join(QStringLiteral(", ")))
                                   .arg(ids.size() > 5 ? QStringLiteral(", …") : QString()));
                } else {
                    done(false, QString::fromStdString(error));
                }
            },
            &policy);
    };
    SettingsDialog dialog(policy_, app_settings_, services, this);
    connect(&dialog, &SettingsDialog::applied, this, &MainWindow::apply_settings);
    dialog.exec();
}

void MainWindow::set_profile(const QString& profile_dir, KeyringSecretStore* keyring,
                             const AppSettings& app) {
    profile_dir_ = profile_dir;
    keyring_ = keyring;
    app_settings_ = app;
    fill_pickers();
    apply_appearance();
    dashboard_->set_alert_thresholds(app_settings_.alert_retry_rate_pct, app_settings_.alert_error_rate_pct);
}

QString MainWindow::apply_settings(const Policy& policy, const AppSettings& app) {
    policy_ = policy;
    app_settings_ = app;
    fill_pickers();
    apply_chain();  // new requests use it from now on; breakers and budgets keep their state
    refresh_models();
    apply_appearance();
    dashboard_->set_alert_thresholds(app.alert_retry_rate_pct, app.alert_error_rate_pct);
    if (profile_dir_.isEmpty())
        return {};
    std::string error = ProfileFile(QDir(profile_dir_).filePath(QStringLiteral("policy.json")).toStdString())
                            .save(PolicyWriter::to_text(policy));
    if (error.empty()) {
        error = ProfileFile(QDir(profile_dir_).filePath(QStringLiteral("settings.json")).toStdString())
                    .save(app.to_text());
    }
    if (!error.empty()) {
        const QString message =
            tr("The settings are in force but could not be saved: %1").arg(QString::fromStdString(error));
        status_->setText(message);
        return message;
    }
    status_->setText(tr("Settings applied and saved."));
    return {};
}

void MainWindow::apply_appearance() {
    static const QFont base = QApplication::font();
    QFont f = base;
    f.setPointSizeF(base.pointSizeF() * app_settings_.font_scale_pct / 100.0);
    QApplication::setFont(f);
    QPalette palette = QApplication::style()->standardPalette();
    if (app_settings_.theme == AppSettings::Theme::Dark) {
        palette.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        palette.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        palette.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        palette.setColor(QPalette::AlternateBase, QColor(0x33, 0x33, 0x33));
        palette.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        palette.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3a));
        palette.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
        palette.setColor(QPalette::Highlight, QColor(0x4a, 0x7f, 0xd6));
        palette.setColor(QPalette::ToolTipBase, QColor(0x33, 0x33, 0x33));
        palette.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
    }
    // System: the palette the application started with (after a dark or light one was applied).
    static const QPalette system_palette = QApplication::palette();
    QApplication::setPalette(app_settings_.theme == AppSettings::Theme::System ? system_palette : palette);
}

void MainWindow::edit_conversation_settings() {
    auto info = store_.conversation(session_->conversation_id());
    if (!info) {
        new_chat();
        info = store_.conversation(session_->conversation_id());
        if (!info)
            return;
    }
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Chat settings"));
    auto* form = new QFormLayout(&dialog);
    auto* system = new QPlainTextEdit(QString::fromStdString(info->system_prompt), &dialog);
    auto* temperature = new QDoubleSpinBox(&dialog);
    temperature->setRange(-0.01, 2.0);
    temperature->setSingleStep(0.1);
    temperature->setSpecialValueText(tr("provider default"));
    temperature->setValue(info->temperature.value_or(-0.01));
    auto* top_p = new QDoubleSpinBox(&dialog);
    top_p->setRange(-0.01, 1.0);
    top_p->setSingleStep(0.05);
    top_p->setSpecialValueText(tr("provider default"));
    top_p->setValue(info->top_p.value_or(-0.01));
    auto* max_tokens = new QSpinBox(&dialog);
    max_tokens->setRange(0, 200000);
    max_tokens->setSpecialValueText(tr("provider default"));
    max_tokens->setValue(info->max_tokens.value_or(0));
    form->addRow(tr("System prompt:"), system);
    form->addRow(tr("Temperature:"), temperature);
    form->addRow(tr("top_p:"), top_p);
    form->addRow(tr("Max tokens:"), max_tokens);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return;
    info->system_prompt = system->toPlainText().toStdString();
    info->temperature = temperature->value() < 0 ? std::nullopt : std::optional<double>(temperature->value());
    info->top_p = top_p->value() < 0 ? std::nullopt : std::optional<double>(top_p->value());
    info->max_tokens = max_tokens->value() == 0 ? std::nullopt : std::optional<int>(max_tokens->value());
    store_.update_conversation(*info);
}

void MainWindow::export_conversation() {
    const auto info = store_.conversation(session_->conversation_id());
    if (!info)
        return;
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export chat"), QString::fromStdString(info->title),
                                     tr("Markdown (*.md);;JSON with event log (*.json)"));
    if (path.isEmpty())
        return;
    const auto messages = store_.messages(info->id);
    const std::vector<TelemetryEvent> events(event_log_->events().begin(), event_log_->events().end());
    const std::string text = path.endsWith(QLatin1String(".json"))
                                 ? ConversationExporter::to_json(*info, messages, events, client_.redactor())
                                 : ConversationExporter::to_markdown(*info, messages, client_.redactor());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), static_cast<qint64>(text.size())) < 0 ||
        !file.commit()) {
        QMessageBox::warning(this, tr("Export failed"),
                             tr("Could not write %1: %2").arg(path, file.errorString()));
    }
}

QStringList MainWindow::view_names() const {
    return {QStringLiteral("chat"), QStringLiteral("dashboard"), QStringLiteral("settings")};
}

QPixmap MainWindow::grab_view(const QString& name) {
    if (name == QLatin1String("dashboard")) {
        dashboard_dock_->show();
        dashboard_tabs_->setCurrentWidget(dashboard_);
        dashboard_->refresh();
        QApplication::processEvents();
        return dashboard_dock_->grab();
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
    QMainWindow::closeEvent(event);
}

}  // namespace stormproof
