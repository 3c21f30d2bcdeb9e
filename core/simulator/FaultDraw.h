#pragma once

#include <map>
#include <string>

#include "Scenario.h"

namespace stormproof {

class RandomSource;

// How often each max_count fault has been drawn (cleared with a scenario's state).
using FaultUses = std::map<const FaultSpec*, int>;

// The one fault draw, shared by the simulator and the settings preview so both play a scenario the same way.
// roll is uniform in [0, 1): the faults of the phase that apply to model take consecutive shares of it in
// order; a spent max_count fault gives its share to the next. Returns the fault drawn (a pointer into phase)
// or nullptr, and counts a max_count fault's use in uses. No state of its own, no randomness.
const FaultSpec* draw_fault(const Phase& phase, const std::string& model, double roll, FaultUses& uses);

// The same, rolling the dice only when the phase has faults at all -- so a seed gives the same fault sequence
// wherever it is drawn.
const FaultSpec* draw_fault(const Phase& phase, const std::string& model, RandomSource& random,
                            FaultUses& uses);

}  // namespace stormproof
