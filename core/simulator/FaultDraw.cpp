#include "FaultDraw.h"

#include "resilience/RandomSource.h"

namespace stormproof {

const FaultSpec* draw_fault(const Phase& phase, const std::string& model, double roll, FaultUses& uses) {
    double cumulative = 0;
    for (const FaultSpec& f : phase.faults) {
        if (!f.applies_to(model))
            continue;
        if (f.max_count > 0 && uses[&f] >= f.max_count)
            continue;  // spent: its share goes to the next
        cumulative += f.probability;
        if (roll < cumulative) {
            if (f.max_count > 0)
                ++uses[&f];
            return &f;
        }
    }
    return nullptr;
}

const FaultSpec* draw_fault(const Phase& phase, const std::string& model, RandomSource& random,
                            FaultUses& uses) {
    if (phase.faults.empty())
        return nullptr;
    return draw_fault(phase, model, random.uniform01(), uses);
}

}  // namespace stormproof
