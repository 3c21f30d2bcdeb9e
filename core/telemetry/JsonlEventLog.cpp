#include "JsonlEventLog.h"

#include <nlohmann/json.hpp>
#include "resilience/Text.h"

namespace stormproof {

JsonlEventLog::JsonlEventLog(EventBus& bus, const Redactor& redactor) : bus_(bus), redactor_(redactor) {}

JsonlEventLog::~JsonlEventLog() {
    if (subscription_)
        bus_.unsubscribe(subscription_);
}

std::string JsonlEventLog::line_for(const TelemetryEvent& event, const Redactor& redactor) {
    TelemetryEvent clean = event;
    clean.detail = redactor.redact(clean.detail);
    clean.reason = redactor.redact(clean.reason);
    return to_json_text(clean.to_json()) + "\n";
}

std::string JsonlEventLog::open(const std::string& path) {
    file_ = std::make_unique<QFile>(QString::fromStdString(path));
    if (!file_->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
        const std::string error =
            "cannot write events to " + path + ": " + file_->errorString().toStdString();
        file_.reset();
        return error;
    }
    subscription_ = bus_.subscribe([this](const TelemetryEvent& event) {
        const std::string line = line_for(event, redactor_);
        file_->write(line.data(), static_cast<qint64>(line.size()));
        file_->flush();
        ++written_;
    });
    return {};
}

}  // namespace stormproof
