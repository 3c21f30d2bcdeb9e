#pragma once

#include <QMainWindow>

#include "config/Policy.h"

class QLabel;
class QTabWidget;

namespace stormproof {

// The application window. For now a shell with the three views the GUI issues fill in (chat, dashboard,
// settings), showing the policy in force so a launch proves the core is wired.
class MainWindow final : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(const Policy& policy, QWidget* parent = nullptr);

    // The views by name, for --screenshot-dir: "chat", "dashboard", "settings".
    QStringList view_names() const;
    void show_view(const QString& name);

private:
    QTabWidget* tabs_ = nullptr;
};

}  // namespace stormproof
