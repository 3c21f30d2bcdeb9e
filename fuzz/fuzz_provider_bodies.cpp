// What a provider (or a proxy, or a broken network) sends back: whole JSON bodies, SSE streams for both APIs,
// error bodies and model lists. Never a crash; a stream the decoder calls complete is never also malformed.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "llm/AnthropicAdapter.h"
#include "llm/OpenAiAdapter.h"
#include "llm/SseParser.h"
#include "resilience/ProviderError.h"

using namespace stormproof;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    static const OpenAiAdapter openai;
    static const AnthropicAdapter anthropic;
    for (const ProviderAdapter* adapter :
         {static_cast<const ProviderAdapter*>(&openai), static_cast<const ProviderAdapter*>(&anthropic)}) {
        std::string text, finish;
        Usage usage;
        (void)adapter->parse_body(bytes, text, usage, finish);
        (void)adapter->parse_models(bytes);
        auto decoder = adapter->make_decoder();
        SseParser parser;
        parser.feed(bytes);
        for (const SseEvent& e : parser.take_events())
            decoder->on_event(e);
        if (decoder->complete() && (decoder->malformed() || decoder->stream_error()))
            std::abort();
        (void)decoder->take_text();
    }
    (void)ProviderError::parse(bytes);
    return 0;
}
