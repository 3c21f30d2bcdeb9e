#include "Scenario.h"

namespace stormproof {

const Phase& Scenario::phase_at(std::int64_t elapsed_ms, std::size_t* index) const {
    static const Phase kNoFaults{"healthy", 0, {}, std::nullopt};
    if (phases.empty()) {
        if (index)
            *index = 0;
        return kNoFaults;
    }
    std::int64_t cycle_ms = 0;
    for (const Phase& p : phases) {
        if (p.duration_ms <= 0) {
            cycle_ms = 0;  // an endless phase: no cycling past it
            break;
        }
        cycle_ms += p.duration_ms;
    }
    std::int64_t t = elapsed_ms < 0 ? 0 : elapsed_ms;
    if (repeat && cycle_ms > 0)
        t %= cycle_ms;
    for (std::size_t i = 0; i < phases.size(); ++i) {
        const Phase& p = phases[i];
        if (p.duration_ms <= 0 || t < p.duration_ms) {
            if (index)
                *index = i;
            return p;
        }
        t -= p.duration_ms;
    }
    if (index)
        *index = phases.size() - 1;
    return phases.back();  // past the end of a non-repeating schedule: the last phase stays
}

const ReplyShape& Scenario::reply_at(std::int64_t elapsed_ms) const {
    const Phase& p = phase_at(elapsed_ms);
    return p.reply ? *p.reply : reply;
}

Scenario Scenario::healthy() {
    Scenario s;
    s.name = "healthy";
    s.description = "Every request succeeds.";
    s.phases.push_back(Phase{"healthy", 0, {}, std::nullopt});
    return s;
}

}  // namespace stormproof
