#include "FieldSpinBox.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace stormproof {

namespace {
// How far beyond the valid range a typed number is still taken (and reported) rather than refused: ten
// times its size, so a slipped extra digit shows as typed.
constexpr double kEntrySpan = 10;

double entry_limit(double lo, double hi) {
    return std::max({std::fabs(lo), std::fabs(hi), 1.0}) * kEntrySpan;
}
}  // namespace

FieldSpinBox::FieldSpinBox(int valid_min, int valid_max, QWidget* parent)
    : QSpinBox(parent), valid_min_(valid_min), valid_max_(valid_max) {
    const double limit =
        std::min(entry_limit(valid_min, valid_max), static_cast<double>(std::numeric_limits<int>::max()));
    setRange(-static_cast<int>(limit), static_cast<int>(limit));
    setKeyboardTracking(true);
}

void FieldSpinBox::stepBy(int steps) {
    const qint64 next = static_cast<qint64>(value()) + static_cast<qint64>(steps) * singleStep();
    setValue(static_cast<int>(std::clamp<qint64>(next, valid_min_, valid_max_)));
    selectAll();
}

QAbstractSpinBox::StepEnabled FieldSpinBox::stepEnabled() const {
    StepEnabled enabled = StepNone;
    if (value() < valid_max_)
        enabled |= StepUpEnabled;
    if (value() > valid_min_)
        enabled |= StepDownEnabled;
    return enabled;
}

FieldDoubleSpinBox::FieldDoubleSpinBox(double valid_min, double valid_max, int decimals, QWidget* parent)
    : QDoubleSpinBox(parent), valid_min_(valid_min), valid_max_(valid_max) {
    setDecimals(decimals);
    const double limit = entry_limit(valid_min, valid_max);
    setRange(-limit, limit);
    setKeyboardTracking(true);
}

void FieldDoubleSpinBox::stepBy(int steps) {
    setValue(std::clamp(value() + steps * singleStep(), valid_min_, valid_max_));
    selectAll();
}

QAbstractSpinBox::StepEnabled FieldDoubleSpinBox::stepEnabled() const {
    StepEnabled enabled = StepNone;
    if (value() < valid_max_)
        enabled |= StepUpEnabled;
    if (value() > valid_min_)
        enabled |= StepDownEnabled;
    return enabled;
}

}  // namespace stormproof
