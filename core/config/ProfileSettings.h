#pragma once

#include <string>

#include "AppSettings.h"
#include "Policy.h"
#include "resilience/Result.h"

namespace stormproof {

// The settings a person applies, saved into their profile directory: policy.json and settings.json, each
// written atomically beside its last good copy (ProfileFile). An error names the file that could not be
// written; the policy is written first, so a failure leaves settings.json as it was.
Status save_profile_settings(const std::string& profile_dir, const Policy& policy, const AppSettings& app);

}  // namespace stormproof
