#pragma once
// The human lines on stderr: a failure, a fallback, a cancellation.

#include <cstdint>
#include <string>

#include "llm/ChatTypes.h"

namespace stormproof {
class Redactor;
}

namespace stormproof::cli {

std::string seconds(std::int64_t ms);  // "12.3 s"

// "server_error after 5 attempts in 12.3 s at http://127.0.0.1:9/v1 (attempts_exhausted): 503 … — HINT",
// with "; before it primary failed (…)" when the chain fell back before it ended. result.error must be set.
std::string failure_line(const ChatResult& result, const Redactor& redactor);

// "answered by local (simulator, sim-flaky) after primary failed (auth: …) and backup failed (…)", or empty
// when the chain's first target answered.
std::string fallback_line(const ChatResult& result, const Redactor& redactor);

}  // namespace stormproof::cli
