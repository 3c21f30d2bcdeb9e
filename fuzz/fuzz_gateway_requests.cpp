// The gateway's request path up to the engine: raw bytes off a caller's socket into HttpRequestReader (split
// into two reads at a point the input chooses, as TCP may), every complete request's body into the chat
// parser of both protocols. Nothing a caller sends may crash it, loop, or read past a cap.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "gateway/GatewayProtocol.h"
#include "gateway/HttpRequestReader.h"

using namespace stormproof;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    constexpr std::size_t kMaxBody = 4096;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const std::size_t split = size > 0 ? data[0] % (size + 1) : 0;
    HttpRequestReader reader(kMaxBody, 1024);
    reader.feed(bytes.substr(0, split));
    reader.feed(bytes.substr(split));
    for (int i = 0; i < 64 && reader.state() == HttpRequestReader::State::Complete; ++i) {
        const HttpRequest r = reader.take();
        if (r.body.size() > kMaxBody)
            std::abort();  // the cap was not kept
        for (const WireProtocol p : {WireProtocol::OpenAI, WireProtocol::Anthropic}) {
            const auto parsed = gateway::parse_chat(p, r.body);
            if (parsed && !parsed.value().request.passthrough)
                std::abort();  // every parsed chat carries the caller's body on
        }
    }
    // The whole input as a body too: the parser must hold on anything, not only what a reader lets through.
    (void)gateway::parse_chat(WireProtocol::OpenAI, bytes);
    (void)gateway::json_depth(bytes);
    return 0;
}
