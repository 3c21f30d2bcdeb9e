#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ConversationStore.h"
#include "telemetry/Redactor.h"
#include "telemetry/TelemetryEvent.h"

namespace stormproof {

// A conversation as a person reads it (Markdown) or a program does (JSON, with the events of its requests).
// Everything free-form goes through the redactor: an export never carries a key.
class ConversationExporter {
public:
    // How free text is censored: a client's redact() (every key it resolved) or a Redactor's.
    using Redact = std::function<std::string(std::string_view)>;
    static std::string to_markdown(const ConversationInfo& info, const std::vector<StoredMessage>& messages,
                                   const Redact& redact);
    static std::string to_json(const ConversationInfo& info, const std::vector<StoredMessage>& messages,
                               const std::vector<TelemetryEvent>& events, const Redact& redact);

    static std::string to_markdown(const ConversationInfo& info, const std::vector<StoredMessage>& messages,
                                   const Redactor& redactor);
    static std::string to_json(const ConversationInfo& info, const std::vector<StoredMessage>& messages,
                               const std::vector<TelemetryEvent>& events, const Redactor& redactor);
};

}  // namespace stormproof
