#pragma once

#include <string>

#include "resilience/AttemptOutcome.h"
#include "resilience/Decision.h"
#include "resilience/ErrorClass.h"

namespace stormproof {

// What a person is told when a request ends without an answer: one actionable line that matches the cause --
// the class, the reason the engine stopped and the last transport failure -- naming the URL where that helps.
// (A refused connection is "nothing is listening at URL", not "check the network"; an unset variable is "set
// VAR", not "the key was refused"; a stream cut after the first token says so.)
struct EndingContext {
    ErrorClass error_class = ErrorClass::ServerError;
    DecisionReason reason = DecisionReason::NotRetryable;
    TransportError last_transport = TransportError::None;
    std::string url;              // the base URL of the target where the request ended
    std::string missing_key_env;  // the environment variable that is not set, when that was the cause
};
std::string ending_hint(const EndingContext& context);

}  // namespace stormproof
