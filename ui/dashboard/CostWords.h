#pragma once

#include <QString>

#include "telemetry/CostEstimate.h"

namespace stormproof {

// The dashboard's cost-of-resilience line in the interface's language: core/telemetry's cost_line() in words
// lupdate can see (the same English, number for number, without a translation installed).
QString cost_words(const CostEstimate& estimate);

}  // namespace stormproof
