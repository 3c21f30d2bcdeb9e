#pragma once

#include <QDialog>
#include <QStringList>

#include "config/Policy.h"

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;

namespace stormproof {

// Chat > Compare…: one prompt to 2-4 columns at once -- the targets ticked, each alone, or each under this
// policy and under a second policy file. It only asks; MainWindow::compare runs it.
class CompareDialog final : public QDialog {
    Q_OBJECT

public:
    CompareDialog(const Policy& policy, const QString& prompt, QWidget* parent = nullptr);

    QString prompt() const;
    QStringList targets() const;
    void set_targets(const QStringList& names);
    QString versus_policy_file() const;
    void set_versus_policy_file(const QString& path);
    // How many columns the choice makes (each target once, or twice with a second policy).
    int columns() const;

private:
    void update_state();

    QPlainTextEdit* prompt_ = nullptr;
    QListWidget* targets_ = nullptr;
    QLineEdit* versus_ = nullptr;
    QLabel* note_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
};

}  // namespace stormproof
