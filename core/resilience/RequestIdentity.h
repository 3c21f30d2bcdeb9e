#pragma once

#include <string>

#include "RandomSource.h"

namespace stormproof {

// One logical request's identity: the same on every retry, key rotation, fallback and hedge of it, so the
// provider can deduplicate (Idempotency-Key) and every log line can be joined (trace id).
struct RequestIdentity {
    std::string trace_id;         // 32 lowercase hex digits, the W3C trace-context trace-id form
    std::string idempotency_key;  // "stormproof-" + a random UUID (version 4 layout)

    static RequestIdentity generate(RandomSource& random);
};

}  // namespace stormproof
