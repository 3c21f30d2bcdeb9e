// The policy file loader on arbitrary bytes: never a crash; and whatever it accepts, the writer writes back
// as a file it accepts again, unchanged (a saved policy always reloads).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "config/PolicyLoader.h"
#include "config/PolicyWriter.h"

using namespace stormproof;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const PolicyLoadResult r = PolicyLoader::from_text(text);
    if (r.policy && !r.errors.empty())
        std::abort();  // a policy must never come with errors
    if (!r.ok()) {
        if (r.errors.empty())
            std::abort();
        return 0;
    }
    const std::string saved = PolicyWriter::to_text(*r.policy);
    const PolicyLoadResult again = PolicyLoader::from_text(saved);
    if (!again.ok() || PolicyWriter::to_text(*again.policy) != saved)
        std::abort();
    return 0;
}
