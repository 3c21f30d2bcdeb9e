#pragma once

#include <string>
#include <utility>
#include <vector>

#include "Scenario.h"

namespace stormproof {

// The scenarios a person saved in their profile (Settings > Simulator writes PROFILE/scenarios/NAME.json),
// by name, sorted. Files that do not load are skipped (Settings only saves valid ones; a hand-broken file
// must not stop the app). Read when the profile is set and when settings are applied -- not on every redraw.
std::vector<std::pair<std::string, Scenario>> load_profile_scenarios(const std::string& profile_dir);

}  // namespace stormproof
