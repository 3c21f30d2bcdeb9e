#pragma once

#include <optional>
#include <string>

class QHttpServerRequest;

namespace stormproof {

// A chat request as the simulator needs it, read from either API's wire format.
struct SimChatRequest {
    std::string key;              // never logged
    std::string idempotency_key;  // the Idempotency-Key header, as sent
    std::string trace_id;         // from traceparent
    std::string model;
    std::string prompt;  // system and message texts, to size and seed the reply
    bool stream = false;
    bool include_usage = false;  // OpenAI stream_options.include_usage
    int max_tokens = 0;          // max_tokens / max_completion_tokens; 0: none
};

// Why a request is refused, in the provider's terms.
struct SimRequestProblem {
    int status = 400;
    std::string type;
    std::string message;
};

// Validation of a chat request, as the real APIs answer it: a missing key is a 401, a body that is not JSON,
// a missing model or messages (and, for Anthropic, max_tokens) a 400. Wrongly typed optional fields read as
// their defaults. A pure function of the request: no state, no I/O.
struct ChatRequestRead {
    std::optional<SimChatRequest> request;
    SimRequestProblem problem;
    std::string model;  // what was read of it even when refused, for the request log
    std::string trace_id;
    std::string idempotency_key;
};
ChatRequestRead read_chat_request(const QHttpServerRequest& request, bool anthropic);

}  // namespace stormproof
