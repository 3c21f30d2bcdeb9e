#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ProviderError.h"
#include "ServerHints.h"

namespace stormproof {

// What went wrong below HTTP, as the transport saw it.
enum class TransportError {
    None,
    ConnectionRefused,
    ConnectionReset,
    HostNotFound,
    Tls,
    ConnectTimeout,
    FirstTokenTimeout,  // connected and sent, but no first content token in time
    IdleTimeout,        // a stream went quiet between chunks for too long
    AttemptTimeout,     // the whole attempt took too long (or hit the request's deadline)
    TruncatedStream,    // the stream ended without its terminator ([DONE], message_stop) or a finish reason
    MalformedBody,      // a 2xx whose body could not be read as the API's format
    StreamError,  // the server sent an error event inside a 200 stream (e.g. Anthropic overloaded_error)
    MissingKey,   // no API key could be found for this target: nothing was sent
    Protocol,     // any other network failure
    Cancelled,
};
std::string_view to_string(TransportError error);

// Everything the engine needs to know about one finished attempt.
struct AttemptOutcome {
    std::optional<int> http_status;
    TransportError transport = TransportError::None;
    ProviderError provider_error;
    ServerHints hints;
    std::optional<std::int64_t> ttft_ms;  // time to first content token, when one arrived
    std::int64_t duration_ms = 0;
    bool received_first_token = false;
    std::string request_id;

    bool succeeded() const {
        return transport == TransportError::None && http_status && *http_status >= 200 && *http_status < 300;
    }
};

}  // namespace stormproof
