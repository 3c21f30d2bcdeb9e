#pragma once

#include <optional>
#include <string>

#include "AttemptOutcome.h"
#include "ErrorClass.h"

namespace stormproof {

struct Classification {
    ErrorClass error_class = ErrorClass::ServerError;
    std::string detail;  // e.g. "timeout: first_token", "429 insufficient_quota"
};

// Turns status + transport error + provider error body into an error class. The body wins over the status
// where providers overload one status with several meanings (429 rate vs. quota, 400 bad request vs. context
// length).
class ErrorClassifier {
public:
    // nullopt for a successful attempt.
    static std::optional<Classification> classify(const AttemptOutcome& outcome);
};

}  // namespace stormproof
