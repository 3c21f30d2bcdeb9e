#pragma once

#include <string>
#include <vector>

#include "ConversationStore.h"
#include "telemetry/Redactor.h"
#include "telemetry/TelemetryEvent.h"

namespace stormproof {

// A conversation as a person reads it (Markdown) or a program does (JSON, with the events of its requests).
// Everything free-form goes through the redactor: an export never carries a key.
class ConversationExporter {
public:
    static std::string to_markdown(const ConversationInfo& info, const std::vector<StoredMessage>& messages,
                                   const Redactor& redactor);
    static std::string to_json(const ConversationInfo& info, const std::vector<StoredMessage>& messages,
                               const std::vector<TelemetryEvent>& events, const Redactor& redactor);
};

}  // namespace stormproof
