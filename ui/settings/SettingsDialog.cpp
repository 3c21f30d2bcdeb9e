#include "SettingsDialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "AppearancePage.h"
#include "BreakerPage.h"
#include "BudgetPage.h"
#include "ClassRulesPage.h"
#include "FallbackPage.h"
#include "HedgingPage.h"
#include "PreviewPanel.h"
#include "RetryPage.h"
#include "SimulatorPage.h"
#include "StreamingPage.h"
#include "TargetsPage.h"
#include "TimeoutsPage.h"
#include "config/PeerConfigExporter.h"
#include "config/PolicyFields.h"
#include "config/PolicyLoader.h"
#include "config/PolicyWriter.h"
#include "config/ProfileFile.h"
#include "simulator/ScenarioLoader.h"

namespace stormproof {

SettingsDialog::SettingsDialog(const Policy& policy, const AppSettings& app, SettingsServices services,
                               QWidget* parent)
    : QDialog(parent),
      doc_(PolicyWriter::to_json(policy)),
      saved_(policy),
      app_(app),
      services_(std::move(services)) {
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    auto* layout = new QVBoxLayout(this);
    auto* body = new QHBoxLayout;
    nav_ = new QListWidget(this);
    nav_->setObjectName(QStringLiteral("settingsNav"));
    nav_->setMaximumWidth(200);
    stack_ = new QStackedWidget(this);
    preview_ = new PreviewPanel(this);
    preview_->setMinimumWidth(380);
    body->addWidget(nav_);
    body->addWidget(stack_, 3);
    body->addWidget(preview_, 2);
    layout->addLayout(body, 1);

    add_page(new TargetsPage(doc_, app_, services_, this));
    add_page(new FallbackPage(doc_, app_, this));
    add_page(new RetryPage(doc_, app_, this));
    add_page(new ClassRulesPage(doc_, app_, this));
    add_page(new TimeoutsPage(doc_, app_, this));
    add_page(new BreakerPage(doc_, app_, this));
    add_page(new BudgetPage(doc_, app_, this));
    add_page(new HedgingPage(doc_, app_, this));
    add_page(new StreamingPage(doc_, app_, this));
    simulator_ = new SimulatorPage(doc_, app_, services_, this);
    add_page(simulator_);
    add_page(new AppearancePage(doc_, app_, this));
    connect(simulator_, &SimulatorPage::scenario_changed, this, [this] { preview_timer_.start(); });

    connect(nav_, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0)
            return;
        SettingsPage* page = pages_[static_cast<std::size_t>(row)];
        stack_->setCurrentIndex(row);
        preview_->setVisible(page->wants_preview());
        preview_->show_chart(chart_for(page->id()));
        app_.settings_page = page->id().toStdString();  // the dialog reopens here
    });

    errors_ = new QLabel(this);
    errors_->setObjectName(QStringLiteral("settingsErrors"));
    errors_->setWordWrap(true);
    errors_->setStyleSheet(QStringLiteral("color:#b00020"));
    layout->addWidget(errors_);

    // Import and Export on the left, apart from OK / Apply / Cancel, which keep the platform's order.
    auto* button_row = new QHBoxLayout;
    auto* import = new QPushButton(tr("Import…"), this);
    import->setObjectName(QStringLiteral("importPolicy"));
    export_ = new QPushButton(tr("Export as…"), this);
    export_->setObjectName(QStringLiteral("exportPolicy"));
    button_row->addWidget(import);
    button_row->addWidget(export_);
    button_row->addStretch(1);
    auto* buttons = new QDialogButtonBox(this);
    buttons->setObjectName(QStringLiteral("dialogButtons"));
    ok_ = buttons->addButton(QDialogButtonBox::Ok);
    apply_ = buttons->addButton(QDialogButtonBox::Apply);
    cancel_ = buttons->addButton(QDialogButtonBox::Cancel);
    button_row->addWidget(buttons);
    connect(import, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Import a policy file"), {}, tr("Policy files (*.json)"));
        if (path.isEmpty())
            return;
        const QString problem = import_policy(path);
        if (!problem.isEmpty())
            QMessageBox::warning(this, tr("Import"), problem);
    });
    connect(export_, &QPushButton::clicked, this, &SettingsDialog::show_export_menu);
    connect(ok_, &QPushButton::clicked, this, [this] {
        if (apply())
            accept();
    });
    connect(apply_, &QPushButton::clicked, this, &SettingsDialog::apply);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addLayout(button_row);

    preview_timer_.setSingleShot(true);
    preview_timer_.setInterval(kPreviewDebounceMs);
    connect(&preview_timer_, &QTimer::timeout, this, &SettingsDialog::run_preview);
    // Where the person left it last time; the first time, retry and backoff: where most people start.
    const int last = page_index(QString::fromStdString(app_.settings_page));
    nav_->setCurrentRow(last >= 0 ? last : page_index(QStringLiteral("retry")));
    validate();
    run_preview();
    resize(1180, 720);
}

void SettingsDialog::add_page(SettingsPage* page) {
    pages_.push_back(page);
    nav_->addItem(page->title());
    // Long pages scroll rather than stretch the dialog.
    auto* scroll = new QScrollArea(stack_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);  // pages wrap to the width they get
    scroll->setWidget(page);
    stack_->addWidget(scroll);
    connect(page, &SettingsPage::edited, this, &SettingsDialog::on_edited);
}

SettingsPage* SettingsDialog::page(const QString& title) const {
    for (SettingsPage* p : pages_) {
        if (p->title() == title)
            return p;
    }
    return nullptr;
}

QStringList SettingsDialog::page_titles() const {
    QStringList titles;
    for (SettingsPage* p : pages_)
        titles << p->title();
    return titles;
}

int SettingsDialog::page_index(const QString& id) const {
    for (std::size_t i = 0; i < pages_.size(); ++i) {
        if (pages_[i]->id() == id)
            return static_cast<int>(i);
    }
    return -1;
}

QString SettingsDialog::current_page_id() const {
    const int row = nav_->currentRow();
    return row < 0 ? QString() : pages_[static_cast<std::size_t>(row)]->id();
}

PreviewChart SettingsDialog::chart_for(const QString& page_id) {
    if (page_id == QLatin1String("breaker"))
        return PreviewChart::Breaker;
    if (page_id == QLatin1String("budget"))
        return PreviewChart::BudgetDenials;
    if (page_id == QLatin1String("timeouts"))
        return PreviewChart::DeadlineCuts;
    return PreviewChart::Waits;
}

void SettingsDialog::show_page(const QString& title) {
    const int i = static_cast<int>(page_titles().indexOf(title));
    if (i >= 0)
        nav_->setCurrentRow(i);
}

void SettingsDialog::on_edited() {
    validate();
    preview_timer_.start();
}

std::optional<Policy> SettingsDialog::validate() {
    const PolicyLoadResult r = PolicyLoader::from_json(doc_);
    errors_list_ = r.errors;
    // A field holding no number at all ("", "-") still has its old value in the document: its own error.
    for (SettingsPage* p : pages_) {
        for (ConfigError& e : p->entry_errors())
            errors_list_.push_back(std::move(e));
    }
    valid_ = r.ok() && errors_list_.empty() ? r.policy : std::nullopt;
    for (std::size_t i = 0; i < pages_.size(); ++i) {
        const int mine = pages_[i]->mark_errors(errors_list_);
        nav_->item(static_cast<int>(i))
            ->setText(mine > 0 ? QStringLiteral("⚠ %1 (%2)").arg(pages_[i]->title()).arg(mine)
                               : pages_[i]->title());
    }
    errors_->setText(errors_text());
    ok_->setEnabled(valid_.has_value());
    apply_->setEnabled(valid_.has_value());
    return valid_;
}

QString SettingsDialog::errors_text() const {
    // In the form's words: the page, the field's label, and labels for any other field the message names.
    QStringList lines;
    for (const ConfigError& e : errors_list_) {
        QString page;
        for (SettingsPage* p : pages_) {
            if (p->owns(e.path)) {
                page = p->title() + QStringLiteral(" › ");
                break;
            }
        }
        lines << page + QString::fromStdString(PolicyFields::in_form_words(e));
    }
    return lines.join(QLatin1Char('\n'));
}

bool SettingsDialog::can_apply() const {
    return valid_.has_value();
}

bool SettingsDialog::apply() {
    if (!validate())
        return false;
    emit applied(*valid_, app_);
    saved_ = *valid_;  // what is in force now: the preview's "before"
    preview_timer_.start();
    return true;
}

void SettingsDialog::flush_preview() {
    preview_timer_.stop();
    run_preview();
}

void SettingsDialog::run_preview() {
    if (!valid_)
        return;  // the preview keeps showing the last valid policy; the errors say why it stopped
    Scenario scenario = Scenario::healthy();
    QString name = QString::fromStdString(app_.preview_scenario);
    if (simulator_->scenario()) {
        scenario = *simulator_->scenario();
    } else if (auto loaded = ScenarioLoader::load(app_.preview_scenario); loaded.ok()) {
        scenario = *loaded.scenario;
    }
    preview_->update_preview(saved_, *valid_, scenario, name);
}

QString SettingsDialog::import_policy(const QString& path) {
    const PolicyLoadResult r = PolicyLoader::from_file(path.toStdString());
    if (!r.ok())
        return tr("Not imported — %1").arg(QString::fromStdString(join_errors(r.errors, path.toStdString())));
    doc_ = PolicyWriter::to_json(*r.policy);
    for (SettingsPage* p : pages_)
        p->reload();
    on_edited();
    return {};
}

QString SettingsDialog::export_as(const QString& kind, const QString& path, QString* notes) {
    if (!validate())
        return tr("Fix the settings first:\n%1").arg(errors_text());
    std::string text;
    std::vector<std::string> gaps;
    if (kind == QLatin1String("policy")) {
        text = PolicyWriter::to_text(*valid_);
    } else if (kind == QLatin1String("litellm")) {
        auto e = PeerConfigExporter::litellm_yaml(*valid_);
        text = e.text;
        gaps = e.not_expressible;
    } else if (kind == QLatin1String("portkey")) {
        auto e = PeerConfigExporter::portkey_json(*valid_);
        text = e.text;
        gaps = e.not_expressible;
    } else {
        return tr("unknown export kind %1").arg(kind);
    }
    if (const Status written = ProfileFile::write_atomically(path.toStdString(), text); !written)
        return QString::fromStdString(written.error().to_string());
    if (notes) {
        QStringList lines;
        for (const auto& g : gaps)
            lines << QStringLiteral("• ") + QString::fromStdString(g);
        *notes = lines.join(QLatin1Char('\n'));
    }
    return {};
}

void SettingsDialog::show_export_menu() {
    QMenu menu(this);
    const auto run = [this](const QString& kind, const QString& suggested, const QString& filter) {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export"), suggested, filter);
        if (path.isEmpty())
            return;
        QString notes;
        const QString problem = export_as(kind, path, &notes);
        if (!problem.isEmpty()) {
            QMessageBox::warning(this, tr("Export"), problem);
        } else if (!notes.isEmpty()) {
            QMessageBox::information(
                this, tr("Export"), tr("Saved %1.\n\nWhat this format cannot express:\n%2").arg(path, notes));
        }
    };
    menu.addAction(tr("Stormproof policy file…"), this, [run] {
        run(QStringLiteral("policy"), QStringLiteral("policy.json"), tr("JSON (*.json)"));
    });
    menu.addAction(tr("LiteLLM router settings…"), this, [run] {
        run(QStringLiteral("litellm"), QStringLiteral("litellm-config.yaml"), tr("YAML (*.yaml)"));
    });
    menu.addAction(tr("Portkey config…"), this, [run] {
        run(QStringLiteral("portkey"), QStringLiteral("portkey-config.json"), tr("JSON (*.json)"));
    });
    menu.exec(export_->mapToGlobal(QPoint(0, export_->height())));
}

}  // namespace stormproof
