// Retry-After, retry-after-ms, x-should-retry and the OpenAI/Anthropic rate-limit headers, as a server (or
// anything in between) may send them: the parsers must never crash, and a wait they accept is never negative.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "resilience/HttpHeaders.h"
#include "resilience/ServerHintParser.h"

using namespace stormproof;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    constexpr std::int64_t kNow = 1'767'225'600'000;  // a fixed "now": the same input, the same answer
    // Each line "name: value" becomes a header; a line without a colon is tried against every hint name.
    HttpHeaders headers;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        const std::string_view line = text.substr(start, end - start);
        const std::size_t colon = line.find(':');
        if (colon != std::string_view::npos) {
            headers.add(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
        } else {
            for (const char* name :
                 {"retry-after", "retry-after-ms", "x-ratelimit-reset-requests", "x-ratelimit-reset-tokens",
                  "anthropic-ratelimit-requests-reset", "x-should-retry", "x-ratelimit-remaining-requests"})
                headers.add(name, std::string(line));
        }
        start = end + 1;
    }
    for (bool rate_limited : {false, true}) {
        const ServerHints hints = ServerHintParser::parse(headers, kNow, rate_limited);
        if (hints.delay_ms && *hints.delay_ms < 0)
            std::abort();
    }
    (void)ServerHintParser::read_retry_after(text, kNow);
    (void)ServerHintParser::read_retry_after_ms(text);
    if (const auto d = ServerHintParser::parse_go_duration_ms(text); d && *d < 0)
        std::abort();
    (void)ServerHintParser::parse_http_date_ms(text, kNow);
    (void)ServerHintParser::parse_rfc3339_ms(text);
    return 0;
}
