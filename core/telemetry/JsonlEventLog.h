#pragma once

#include <QFile>
#include <memory>
#include <string>

#include "EventBus.h"
#include "Redactor.h"
#include "resilience/Result.h"

namespace stormproof {

// Writes every event on a bus as one JSON object per line (docs/INTERFACES.md "Event log"), free text
// censored. Flushed per line: a crash loses nothing already logged.
class JsonlEventLog {
public:
    JsonlEventLog(EventBus& bus, const Redactor& redactor);
    ~JsonlEventLog();
    JsonlEventLog(const JsonlEventLog&) = delete;
    JsonlEventLog& operator=(const JsonlEventLog&) = delete;

    // Appends to the file from now on; the error names the file and why it could not be opened.
    Status open(const std::string& path);
    std::uint64_t written() const { return written_; }

    static std::string line_for(const TelemetryEvent& event, const Redactor& redactor);

private:
    EventBus& bus_;
    const Redactor& redactor_;
    std::unique_ptr<QFile> file_;
    EventBus::Subscription subscription_;  // declared after file_: unsubscribes before the file closes
    std::uint64_t written_ = 0;
};

}  // namespace stormproof
