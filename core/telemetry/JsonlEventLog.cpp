#include "JsonlEventLog.h"

#include <nlohmann/json.hpp>
#include "resilience/Text.h"

namespace stormproof {

JsonlEventLog::JsonlEventLog(EventBus& bus, const Redactor& redactor) : bus_(bus), redactor_(redactor) {}

JsonlEventLog::~JsonlEventLog() = default;  // the subscription ends itself

std::string JsonlEventLog::line_for(const TelemetryEvent& event, const Redactor& redactor) {
    TelemetryEvent clean = event;
    clean.detail = redactor.redact(clean.detail);
    return to_json_text(clean.to_json()) + "\n";
}

Status JsonlEventLog::open(const std::string& path) {
    subscription_.reset();
    file_ = std::make_unique<QFile>(QString::fromStdString(path));
    if (!file_->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
        Error error = make_error("cannot write events: " + file_->errorString().toStdString(), path);
        file_.reset();
        return error;
    }
    subscription_ = bus_.subscription([this](const TelemetryEvent& event) {
        const std::string line = line_for(event, redactor_);
        file_->write(line.data(), static_cast<qint64>(line.size()));
        file_->flush();
        ++written_;
    });
    return {};
}

}  // namespace stormproof
