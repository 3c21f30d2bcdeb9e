#pragma once

#include <QFrame>
#include <map>
#include <string>

#include "telemetry/AlertPolicy.h"

class QLabel;
class QSystemTrayIcon;

namespace stormproof {

// The dashboard's alerts, in a band of fixed height that never moves the layout: one line each for the
// retry rate, the error rate and the breakers, always in that order, so an "investigate" link stays where
// it was. A quiet line says how its rate stands (or how many more requests it needs to judge); a firing
// one is highlighted. The first alert after a calm spell also goes to the system tray where there is one.
class AlertArea final : public QFrame {
    Q_OBJECT

public:
    explicit AlertArea(QWidget* parent = nullptr);

    // What the policy decided and the rates behind it (core/telemetry/AlertPolicy).
    void show_alerts(const std::vector<Alert>& alerts, const RateStatus& retry, const RateStatus& error);
    // The firing alerts' lines (rich text, with their links), one per line; empty when calm.
    QString alert_text() const;
    QLabel* line(int index) const { return lines_[static_cast<std::size_t>(index)]; }
    static constexpr int kLines = 3;

signals:
    void investigate(const QString& filter);

protected:
    void changeEvent(QEvent* event) override;

private:
    void set_line(int index, const QString& text, bool firing);
    void restyle();

    std::array<QLabel*, kLines> lines_{};
    std::array<bool, kLines> firing_{};
    QString alert_text_;
    QSystemTrayIcon* tray_ = nullptr;  // created on the first alert, where a tray exists
};

}  // namespace stormproof
