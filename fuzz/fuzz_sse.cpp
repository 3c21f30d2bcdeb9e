// The SSE parser, fed in chunks of fuzzer-chosen sizes: it must never crash, never grow past its line cap,
// and produce the same events however the bytes are split (a stream arrives in arbitrary TCP segments).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "llm/SseParser.h"

using stormproof::SseEvent;
using stormproof::SseParser;

namespace {
bool same(const std::vector<SseEvent>& a, const std::vector<SseEvent>& b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].type != b[i].type || a[i].data != b[i].data || a[i].id != b[i].id ||
            a[i].retry_ms != b[i].retry_ms)
            return false;
    }
    return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const std::size_t chunk = 1 + data[0] % 17;
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    SseParser whole;
    whole.feed(bytes);
    SseParser split;
    std::vector<SseEvent> split_events;
    for (std::size_t at = 0; at < bytes.size(); at += chunk) {
        split.feed(bytes.substr(at, chunk));
        for (auto& e : split.take_events())
            split_events.push_back(std::move(e));
    }
    const auto whole_events = whole.take_events();
    // Splitting changes nothing -- unless the line cap tripped, where the cut point may differ.
    if (!whole.overflowed() && !split.overflowed() && !same(whole_events, split_events))
        std::abort();
    return 0;
}
