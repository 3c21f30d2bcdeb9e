#include "SimulatorPage.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFormLayout>
#include <QInputDialog>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

#include "IdentifierWords.h"
#include "config/ProfileFile.h"
#include "resilience/Text.h"
#include "simulator/ScenarioLoader.h"

namespace stormproof {

QString SimulatorPage::custom_dir(const QString& profile_dir) {
    return QDir(profile_dir).filePath(QStringLiteral("scenarios"));
}

SimulatorPage::SimulatorPage(nlohmann::json& doc, AppSettings& app, SettingsServices services,
                             QWidget* parent)
    : SettingsPage(QStringLiteral("simulator"), tr("Simulator and scenarios"), doc, app, parent),
      services_(std::move(services)) {
    auto* layout = static_cast<QVBoxLayout*>(this->layout());
    auto* intro =
        new QLabel(tr("The built-in simulator plays a scenario: a reply shape, a rate limit, and faults "
                      "with their probabilities, in phases over time. The preview beside the retry, "
                      "breaker, budget and deadline pages plays the one chosen here."),
                   this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    picker_ = new QComboBox(this);
    picker_->setObjectName(QStringLiteral("previewScenario"));
    form->addRow(tr("Scenario"), picker_);
    about_ = new QLabel(this);
    about_->setObjectName(QStringLiteral("scenarioAbout"));
    about_->setWordWrap(true);
    form->addRow(QString(), about_);
    layout->addLayout(form);
    editor_ = new QPlainTextEdit(this);
    editor_->setObjectName(QStringLiteral("scenarioEditor"));
    editor_->setFont(QFont(QStringLiteral("monospace")));
    layout->addWidget(editor_, 1);
    problem_ = new QLabel(this);
    problem_->setObjectName(QStringLiteral("scenarioProblem"));
    problem_->setWordWrap(true);
    problem_->setStyleSheet(QStringLiteral("color:#b00020"));
    layout->addWidget(problem_);
    auto* save = new QPushButton(tr("Save as new scenario…"), this);
    connect(save, &QPushButton::clicked, this, [this] {
        const QString name =
            QInputDialog::getText(this, tr("Save scenario"), tr("Name (letters, digits, -):"),
                                  QLineEdit::Normal, picker_->currentText() + QStringLiteral("-custom"));
        if (!name.isEmpty()) {
            const QString why = save_as(name);
            problem_->setText(why.isEmpty() ? tr("Saved: %1 is now offered in the toolbar.").arg(name) : why);
        }
    });
    layout->addWidget(save);
    connect(picker_, &QComboBox::currentTextChanged, this, [this](const QString& name) {
        app_.preview_scenario = name.toStdString();
        load_selected();
        emit edited();
    });
    connect(editor_, &QPlainTextEdit::textChanged, this, &SimulatorPage::validate);
    reload();
}

void SimulatorPage::reload() {
    const QSignalBlocker block(picker_);
    picker_->clear();
    for (const std::string& n : ScenarioLoader::builtin_names())
        picker_->addItem(QString::fromStdString(n));
    if (!services_.profile_dir.isEmpty()) {
        for (const QString& f :
             QDir(custom_dir(services_.profile_dir)).entryList({QStringLiteral("*.json")}, QDir::Files))
            picker_->addItem(f.chopped(5));
    }
    // Each scenario's own description, on its item and under the picker.
    for (int i = 0; i < picker_->count(); ++i) {
        const QString name = picker_->itemText(i);
        const QString custom =
            QDir(custom_dir(services_.profile_dir)).filePath(name + QStringLiteral(".json"));
        const auto loaded = ScenarioLoader::load(!services_.profile_dir.isEmpty() && QFile::exists(custom)
                                                     ? custom.toStdString()
                                                     : name.toStdString());
        if (loaded.ok())
            picker_->setItemData(i, resource_words("Scenarios", loaded.scenario->description),
                                 Qt::ToolTipRole);
    }
    const QString wanted = QString::fromStdString(app_.preview_scenario);
    picker_->setCurrentIndex(std::max(0, picker_->findText(wanted)));
    load_selected();
}

void SimulatorPage::choose(const QString& name) {
    picker_->setCurrentText(name);
}

void SimulatorPage::load_selected() {
    const QString name = picker_->currentText();
    about_->setText(picker_->currentData(Qt::ToolTipRole).toString());
    QString text;
    const QString custom = QDir(custom_dir(services_.profile_dir)).filePath(name + QStringLiteral(".json"));
    QFile file(!services_.profile_dir.isEmpty() && QFile::exists(custom)
                   ? custom
                   : QStringLiteral(":/scenarios/%1.json").arg(name));
    if (file.open(QIODevice::ReadOnly))
        text = QString::fromUtf8(file.readAll());
    const QSignalBlocker block(editor_);
    editor_->setPlainText(text);
    validate();
}

void SimulatorPage::validate() {
    const auto r = ScenarioLoader::from_text(editor_->toPlainText().toStdString());
    const bool was_valid = scenario_.has_value();
    if (r.ok()) {
        scenario_ = *r.scenario;
        problem_->clear();
    } else {
        scenario_.reset();
        problem_->setText(QString::fromStdString(join_errors(r.errors)));
    }
    if (r.ok() || was_valid)
        emit scenario_changed();
}

QString SimulatorPage::problem() const {
    return problem_->text();
}

QString SimulatorPage::save_as(const QString& name) {
    if (!QRegularExpression(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9-]{0,63}$")).match(name).hasMatch())
        return tr("A scenario name is letters, digits and dashes, got \"%1\"").arg(name);
    if (!scenario_)
        return tr("The scenario has errors: %1").arg(problem());
    if (services_.profile_dir.isEmpty())
        return tr("No profile directory to save into");
    QDir().mkpath(custom_dir(services_.profile_dir));
    auto doc = nlohmann::json::parse(editor_->toPlainText().toStdString(), nullptr, false);
    doc["name"] = name.toStdString();
    const std::string path =
        QDir(custom_dir(services_.profile_dir)).filePath(name + QStringLiteral(".json")).toStdString();
    if (const Status written = ProfileFile::write_atomically(path, to_json_text(doc, 2) + "\n"); !written)
        return QString::fromStdString(written.error().to_string());
    app_.preview_scenario = name.toStdString();
    reload();
    return {};
}

}  // namespace stormproof
