// The other hand-editable files of a profile: settings.json and prices.json. Refused with a located error or
// loaded; never a crash; a loaded file written back loads again.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "config/AppSettings.h"
#include "telemetry/PriceTable.h"

using namespace stormproof;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    AppSettings settings;
    if (AppSettings::parse(text, settings).empty()) {
        AppSettings again;
        if (!AppSettings::parse(settings.to_text(), again).empty() || !(again == settings))
            std::abort();
    }
    std::vector<ConfigError> errors;
    if (const auto prices = PriceTable::parse(text, errors)) {
        std::vector<ConfigError> more;
        if (!PriceTable::parse(prices->to_json(), more))
            std::abort();
        (void)prices->cost_usd(std::string(text.substr(0, 16)), 1000, 1000);
    } else if (errors.empty()) {
        std::abort();
    }
    return 0;
}
