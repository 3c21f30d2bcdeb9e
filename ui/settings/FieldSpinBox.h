#pragma once

#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSpinBox>

namespace stormproof {

// Spin boxes that never change what a person typed. Any number in a wide entry range (ten times the valid
// range, either sign) is taken as typed -- 0 in a 1..20 field stays 0, 50 stays 50 -- and goes to the policy
// document, where the validator reports it on the field and blocks Apply. QSpinBox would instead refuse the
// keystroke (50 shows 5) or keep the old value (0 leaves 5 in force). The arrows and the wheel step inside
// the valid range.
class FieldSpinBox final : public QSpinBox {
public:
    FieldSpinBox(int valid_min, int valid_max, QWidget* parent = nullptr);
    void stepBy(int steps) override;
    int valid_min() const { return valid_min_; }
    // The text as typed (QSpinBox says nothing while the text is no number at all, "" or "-").
    QLineEdit* editor() const { return lineEdit(); }
    int valid_max() const { return valid_max_; }

protected:
    StepEnabled stepEnabled() const override;

private:
    int valid_min_;
    int valid_max_;
};

class FieldDoubleSpinBox final : public QDoubleSpinBox {
public:
    FieldDoubleSpinBox(double valid_min, double valid_max, int decimals, QWidget* parent = nullptr);
    QLineEdit* editor() const { return lineEdit(); }
    void stepBy(int steps) override;

protected:
    StepEnabled stepEnabled() const override;

private:
    double valid_min_;
    double valid_max_;
};

}  // namespace stormproof
