// Simulator scenario files, as a person writes them in Settings or on disk: refused with errors or loaded
// with at least one phase, never a crash.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "simulator/ScenarioLoader.h"

using namespace stormproof;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto r = ScenarioLoader::from_text(std::string_view(reinterpret_cast<const char*>(data), size));
    if (r.ok() && r.scenario->phases.empty())
        std::abort();
    if (!r.ok() && r.errors.empty())
        std::abort();
    if (r.ok()) {
        for (std::int64_t t : {0LL, 1000LL, 3'600'000LL})
            (void)r.scenario->phase_at(t);
    }
    return 0;
}
