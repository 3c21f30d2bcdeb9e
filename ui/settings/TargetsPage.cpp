#include "TargetsPage.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

#include "IdentifierWords.h"
#include "PolicyForm.h"
#include "SimulatorPage.h"
#include "config/PolicyLoader.h"
#include "llm/KeyringSecretStore.h"
#include "simulator/ScenarioLoader.h"

namespace stormproof {

TargetsPage::TargetsPage(nlohmann::json& doc, AppSettings& app, SettingsServices services, QWidget* parent)
    : SettingsPage(QStringLiteral("targets"), tr("Targets and keys"), doc, app, parent),
      services_(std::move(services)) {
    auto* top = new QHBoxLayout;
    auto* left = new QVBoxLayout;
    list_ = new QListWidget(this);
    list_->setObjectName(QStringLiteral("targetList"));
    left->addWidget(list_, 1);
    auto* add = new QPushButton(tr("Add target"), this);
    add->setObjectName(QStringLiteral("addTarget"));
    auto* remove = new QPushButton(tr("Remove"), this);
    connect(add, &QPushButton::clicked, this, [this] { select(add_target(QStringLiteral("openai"))); });
    connect(remove, &QPushButton::clicked, this, [this] {
        auto& targets = doc_["targets"];
        if (current_ < 0 || current_ >= static_cast<int>(targets.size()))
            return;
        targets.erase(targets.begin() + current_);
        reload();
        emit edited();
    });
    auto* row = new QHBoxLayout;
    row->addWidget(add);
    row->addWidget(remove);
    left->addLayout(row);
    presets_picker_ = new QComboBox(this);
    presets_picker_->setObjectName(QStringLiteral("presetPicker"));
    presets_picker_->addItem(tr("Add from preset…"));
    if (auto loaded = ProviderPresets::builtin()) {
        presets_ = std::move(loaded.value());
        for (const ProviderPreset& p : presets_)
            presets_picker_->addItem(resource_words("ProviderPresets", p.name));
        presets_picker_->setToolTip(
            tr("A provider's base URL, key header and key variable, filled in for you"));
    } else {
        presets_picker_->setEnabled(false);
        presets_picker_->setToolTip(tr("The provider presets could not be read: %1")
                                        .arg(QString::fromStdString(loaded.error().to_string())));
    }
    connect(presets_picker_, &QComboBox::activated, this, [this](int index) {
        if (index < 1 || index > static_cast<int>(presets_.size()))
            return;
        presets_picker_->setCurrentIndex(0);
        add_target_from_preset(presets_[static_cast<std::size_t>(index - 1)]);
    });
    left->addWidget(presets_picker_);
    top->addLayout(left, 1);
    editor_ = new QWidget(this);
    editor_layout_ = new QVBoxLayout(editor_);
    editor_layout_->setContentsMargins(0, 0, 0, 0);
    top->addWidget(editor_, 2);
    static_cast<QVBoxLayout*>(layout())->addLayout(top, 1);
    connect(list_, &QListWidget::currentRowChanged, this, [this](int r) {
        if (r != current_)
            select(r);
    });
    reload();
}

void TargetsPage::reload() {
    const QSignalBlocker block(list_);
    list_->clear();
    for (const auto& t : doc_.value("targets", nlohmann::json::array()))
        list_->addItem(QString::fromStdString(t.value("name", std::string("(unnamed)"))));
    const int n = list_->count();
    select(n == 0 ? -1 : std::clamp(current_, 0, n - 1));
}

void TargetsPage::select(int index) {
    current_ = index;
    {
        const QSignalBlocker block(list_);
        list_->setCurrentRow(index);
    }
    build_editor();
}

void TargetsPage::build_editor() {
    // The editor is bound to "targets[i]...": rebuilt whenever the selection changes. Everything it shows
    // lives in one widget that goes as a whole, so nothing of the previous target's editor (a button of a
    // nested row) is left drawn over the new one.
    if (content_) {
        content_->hide();
        content_->deleteLater();
        content_ = nullptr;
    }
    if (form_) {
        form_->deleteLater();
        form_ = nullptr;
    }
    keys_ = nullptr;
    keyring_ = nullptr;
    result_ = nullptr;
    scenario_ = nullptr;
    scenario_about_ = nullptr;
    content_ = new QWidget(editor_);
    content_->setObjectName(QStringLiteral("targetEditor"));
    auto* layout = new QVBoxLayout(content_);
    layout->setContentsMargins(0, 0, 0, 0);
    editor_layout_->addWidget(content_);
    if (current_ < 0) {
        layout->addWidget(new QLabel(tr("No targets: add one."), content_));
        layout->addStretch(1);
        return;
    }
    auto* form = new QFormLayout;
    form_ = new PolicyForm(doc_, form, this);
    const QString base = QStringLiteral("targets[%1].").arg(current_);
    for (const char* key : {"name", "provider", "base_url", "model"})
        form_->field(base + QLatin1String(key));
    scenario_ = form_->choice(base + QStringLiteral("scenario"), scenario_items());
    scenario_about_ = new QLabel(content_);
    scenario_about_->setObjectName(QStringLiteral("scenarioDescription"));
    scenario_about_->setWordWrap(true);
    form->addRow(QString(), scenario_about_);
    form_->field(base + QStringLiteral("allow_insecure_http"));
    form_->field(base + QStringLiteral("auth_header"));
    connect(form_, &PolicyForm::edited, this, [this] {
        if (QListWidgetItem* item = list_->item(current_)) {
            item->setText(QString::fromStdString(
                doc_["targets"][static_cast<std::size_t>(current_)].value("name", std::string())));
        }
        update_scenario_picker();
        emit edited();
    });
    form_->reload();
    form_->mark_errors(last_errors_);
    update_scenario_picker();
    layout->addLayout(form);

    layout->addWidget(new QLabel(tr("<b>API keys</b> (tried in order; a refused or limited key moves "
                                    "to the next)"),
                                 content_));
    keys_ = new QListWidget(content_);
    keys_->setObjectName(QStringLiteral("keyList"));
    keys_->setMaximumHeight(90);
    layout->addWidget(keys_);
    auto* key_buttons = new QHBoxLayout;
    auto* env = new QPushButton(tr("Add environment variable…"), content_);
    connect(env, &QPushButton::clicked, this, [this] {
        const QString v =
            QInputDialog::getText(this, tr("API key"), tr("Environment variable holding the key:"),
                                  QLineEdit::Normal, QStringLiteral("OPENAI_API_KEY"));
        if (!v.trimmed().isEmpty())
            add_env_key(v.trimmed());
    });
    auto* keyring = new QPushButton(tr("Add key…"), content_);
    keyring->setObjectName(QStringLiteral("addKeyringKey"));
    connect(keyring, &QPushButton::clicked, this, [this] {
        const QString label = QInputDialog::getText(this, tr("API key"), tr("A name for this key:"),
                                                    QLineEdit::Normal, list_->currentItem()->text());
        if (label.trimmed().isEmpty())
            return;
        const QString secret = QInputDialog::getText(
            this, tr("API key"), tr("The key (masked; never written to a file):"), QLineEdit::Password);
        if (!secret.isEmpty())
            result_->setText(add_keyring_key(label.trimmed(), secret));
    });
    auto* remove = new QPushButton(tr("Remove key"), content_);
    remove->setObjectName(QStringLiteral("removeKey"));
    connect(remove, &QPushButton::clicked, this, [this] {
        auto& keys = doc_["targets"][static_cast<std::size_t>(current_)]["api_keys"];
        const int r = keys_->currentRow();
        if (r < 0 || r >= static_cast<int>(keys.size()))
            return;
        keys.erase(keys.begin() + r);
        refresh_keys();
        emit edited();
    });
    key_buttons->addWidget(env);
    key_buttons->addWidget(keyring);
    key_buttons->addWidget(remove);
    key_buttons->addStretch(1);
    layout->addLayout(key_buttons);
    keyring_ = new QLabel(keyring_status(), content_);
    keyring_->setObjectName(QStringLiteral("keyringStatus"));
    keyring_->setWordWrap(true);
    layout->addWidget(keyring_);

    auto* test = new QPushButton(tr("Test connection"), content_);
    test->setObjectName(QStringLiteral("testConnection"));
    connect(test, &QPushButton::clicked, this, &TargetsPage::test_connection);
    result_ = new QLabel(content_);
    result_->setObjectName(QStringLiteral("connectionResult"));
    result_->setWordWrap(true);
    auto* test_row = new QHBoxLayout;
    test_row->addWidget(test);
    test_row->addStretch(1);
    layout->addLayout(test_row);
    layout->addWidget(result_);
    layout->addStretch(1);
    refresh_keys();
}

std::vector<std::pair<QString, QString>> TargetsPage::scenario_items() const {
    // The built-in scenarios and the profile's own, each with its description for the tooltip.
    std::vector<std::pair<QString, QString>> items;
    items.emplace_back(QString(), tr("The scenario named by the model (sim-NAME), else healthy"));
    QStringList names;
    for (const std::string& n : ScenarioLoader::builtin_names())
        names << QString::fromStdString(n);
    if (!services_.profile_dir.isEmpty()) {
        for (const QString& f : QDir(SimulatorPage::custom_dir(services_.profile_dir))
                                    .entryList({QStringLiteral("*.json")}, QDir::Files))
            names << f.chopped(5);
    }
    for (const QString& name : names) {
        QString description;
        const QString custom =
            QDir(SimulatorPage::custom_dir(services_.profile_dir)).filePath(name + QStringLiteral(".json"));
        const auto loaded = ScenarioLoader::load(!services_.profile_dir.isEmpty() && QFile::exists(custom)
                                                     ? custom.toStdString()
                                                     : name.toStdString());
        if (loaded.ok())
            description = resource_words("Scenarios", loaded.scenario->description);
        items.emplace_back(name, description);
    }
    return items;
}

void TargetsPage::update_scenario_picker() {
    if (!scenario_ || current_ < 0)
        return;
    const auto& target = doc_["targets"][static_cast<std::size_t>(current_)];
    const std::string provider = target.value("provider", std::string());
    const bool simulator = provider == to_string(ProviderKind::Simulator);
    scenario_->setEnabled(simulator);
    const QString about = scenario_->currentData(Qt::ToolTipRole).toString();
    if (simulator) {
        scenario_->setToolTip(about);
        scenario_about_->setText(about);
    } else {
        const QString why = tr("Only simulator targets play a scenario; this target's provider is %1.")
                                .arg(QString::fromStdString(provider));
        scenario_->setToolTip(why);
        scenario_about_->setText(why);
    }
}

void TargetsPage::refresh_keys() {
    if (!keys_ || current_ < 0)
        return;
    keys_->clear();
    for (const auto& k :
         doc_["targets"][static_cast<std::size_t>(current_)].value("api_keys", nlohmann::json::array())) {
        if (k.contains("env")) {
            keys_->addItem(
                tr("environment variable %1").arg(QString::fromStdString(k["env"].get<std::string>())));
        } else if (k.contains("keychain")) {
            const std::string label = k["keychain"].get<std::string>();
            const bool known = services_.keyring && services_.keyring->has(label);
            keys_->addItem(tr("key \"%1\" ••••••••%2")
                               .arg(QString::fromStdString(label), known ? QString() : tr("  (not set)")));
        }
    }
}

int TargetsPage::add_target(const QString& provider) {
    auto& targets = doc_["targets"];
    std::string name = "target";
    for (int n = static_cast<int>(targets.size()) + 1;; ++n) {
        name = "target-" + std::to_string(n);
        if (std::none_of(targets.begin(), targets.end(),
                         [&](const nlohmann::json& t) { return t.value("name", std::string()) == name; }))
            break;
    }
    // No base_url: the provider's own until the person types one.
    nlohmann::json t = {
        {"name", name},
        {"provider", provider.toStdString()},
        {"model", provider == QLatin1String("anthropic") ? "claude-3-5-haiku-latest" : "gpt-4o-mini"},
        {"api_keys", nlohmann::json::array()},
        {"allow_insecure_http", false}};
    targets.push_back(t);
    reload();
    emit edited();
    return static_cast<int>(targets.size()) - 1;
}

int TargetsPage::add_target_from_preset(const ProviderPreset& preset) {
    const int index = add_target(QString::fromStdString(std::string(to_string(preset.provider))));
    auto& t = doc_["targets"][static_cast<std::size_t>(index)];
    // The preset's id as the name when it is free ("openrouter"), else the numbered name add_target chose.
    const auto& targets = doc_["targets"];
    if (std::none_of(targets.begin(), targets.end(), [&](const nlohmann::json& other) {
            return other.value("name", std::string()) == preset.id;
        }))
        t["name"] = preset.id;
    t["base_url"] = preset.base_url;
    if (!preset.example_model.empty())
        t["model"] = preset.example_model;
    if (preset.auth == PresetAuth::ApiKey)
        t["auth_header"] = std::string(to_string(AuthHeader::ApiKey));
    t["api_keys"] = nlohmann::json::array();
    if (!preset.key_variable.empty())
        t["api_keys"].push_back({{"env", preset.key_variable}});
    reload();
    emit edited();
    select(index);
    if (result_) {
        QString about =
            tr("Added from the %1 preset (source: %2).")
                .arg(QString::fromStdString(preset.name),
                     QString::fromStdString(preset.sources.count("base_url") ? preset.sources.at("base_url")
                                                                             : std::string()));
        if (preset.needs_editing())
            about += QLatin1Char(' ') + tr("Replace the {…} part of the base URL with your own.");
        if (!preset.key_variable.empty())
            about +=
                QLatin1Char(' ') +
                tr("Set %1, or add the key to the keyring.").arg(QString::fromStdString(preset.key_variable));
        if (!preset.notes.empty())
            about += QLatin1Char(' ') + QString::fromStdString(preset.notes);
        result_->setText(about);
    }
    return index;
}

void TargetsPage::add_env_key(const QString& variable) {
    if (current_ < 0)
        return;
    doc_["targets"][static_cast<std::size_t>(current_)]["api_keys"].push_back(
        {{"env", variable.toStdString()}});
    refresh_keys();
    emit edited();
}

QString TargetsPage::add_keyring_key(const QString& label, const QString& secret) {
    if (current_ < 0)
        return {};
    QString message;
    if (!services_.keyring) {
        return tr("Keys can only come from environment variables in this build.");
    }
    std::string error;
    const auto where = services_.keyring->store(label.toStdString(), secret.toStdString(), error);
    if (where == KeyringSecretStore::Stored::Keyring) {
        message = tr("Key \"%1\" saved in the desktop keyring.").arg(label);
    } else {
        message =
            tr("%1. Key \"%2\" is held for this session only and will be gone when Stormproof quits; for a "
               "key that lasts, use an environment variable.")
                .arg(QString::fromStdString(error.empty() ? services_.keyring->why_no_keyring() : error),
                     label);
    }
    doc_["targets"][static_cast<std::size_t>(current_)]["api_keys"].push_back(
        {{"keychain", label.toStdString()}});
    refresh_keys();
    if (keyring_)
        keyring_->setText(keyring_status());
    emit edited();
    return message;
}

QString TargetsPage::keyring_status() const {
    if (!services_.keyring)
        return tr("Keys: environment variables only.");
    if (services_.keyring->keyring_available())
        return tr("Keys you add are kept in the desktop keyring; they never appear in a file or a log.");
    return tr("%1: keys you add here are kept for this session only, never written to disk. For keys that "
              "last, name an environment variable.")
        .arg(QString::fromStdString(services_.keyring->why_no_keyring()));
}

void TargetsPage::test_connection() {
    if (current_ < 0 || !services_.test_connection)
        return;
    const auto loaded = PolicyLoader::from_json(doc_);
    if (!loaded.ok()) {
        result_->setText(
            tr("Fix the settings first: %1").arg(QString::fromStdString(loaded.errors.front().to_string())));
        return;
    }
    const std::string name = doc_["targets"][static_cast<std::size_t>(current_)].value("name", std::string());
    result_->setText(tr("Connecting to %1…").arg(QString::fromStdString(name)));
    QPointer<QLabel> label = result_;
    services_.test_connection(*loaded.policy, name, [label](bool ok, const QString& text) {
        if (label)
            label->setText((ok ? QStringLiteral("✔ ") : QStringLiteral("✘ ")) + text);
    });
}

QString TargetsPage::connection_result() const {
    return result_ ? result_->text() : QString();
}

int TargetsPage::mark_errors(const std::vector<ConfigError>& errors) {
    last_errors_ = errors;
    int mine = form_ ? form_->mark_errors(errors) : 0;
    // Errors of targets not on screen still count for this page (the dialog shows them in its list).
    for (const ConfigError& e : errors) {
        if (e.path.rfind("targets", 0) == 0 && !(form_ && form_->widget_for(QString::fromStdString(e.path))))
            ++mine;
    }
    return mine;
}

}  // namespace stormproof
