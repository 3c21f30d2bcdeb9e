#include "MainWindow.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include "config/PolicyWriter.h"

namespace stormproof {

namespace {
QWidget* make_page(const QString& title, const QString& body, QWidget* extra = nullptr) {
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    auto* heading = new QLabel(QStringLiteral("<h2>%1</h2>").arg(title.toHtmlEscaped()));
    auto* text = new QLabel(body);
    text->setWordWrap(true);
    layout->addWidget(heading);
    layout->addWidget(text);
    if (extra) {
        layout->addWidget(extra, 1);
    } else {
        layout->addStretch(1);
    }
    return page;
}
}  // namespace

MainWindow::MainWindow(const Policy& policy, QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Stormproof"));
    resize(1280, 800);
    tabs_ = new QTabWidget(this);

    QString chain;
    for (const TargetConfig& t : policy.targets) {
        if (!chain.isEmpty()) chain += QStringLiteral(" → ");
        chain += QString::fromStdString(t.name + " (" + std::string(to_string(t.provider)) + ", " + t.model + ")");
    }
    tabs_->addTab(make_page(tr("Chat"), tr("Fallback chain: %1").arg(chain)), tr("Chat"));
    tabs_->addTab(make_page(tr("Resilience dashboard"),
                            tr("Attempts, waits, breaker states and fallbacks will be drawn here live.")),
                  tr("Dashboard"));
    auto* policy_view = new QPlainTextEdit(QString::fromStdString(PolicyWriter::to_text(policy)));
    policy_view->setReadOnly(true);
    policy_view->setFont(QFont(QStringLiteral("monospace")));
    tabs_->addTab(make_page(tr("Settings"), tr("The policy in force:"), policy_view), tr("Settings"));
    setCentralWidget(tabs_);
    statusBar()->showMessage(tr("Ready — %n target(s) configured", nullptr, static_cast<int>(policy.targets.size())));
}

QStringList MainWindow::view_names() const {
    return {QStringLiteral("chat"), QStringLiteral("dashboard"), QStringLiteral("settings")};
}

void MainWindow::show_view(const QString& name) {
    const int index = view_names().indexOf(name);
    if (index >= 0) tabs_->setCurrentIndex(index);
}

}  // namespace stormproof
