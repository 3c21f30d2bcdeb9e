#include "Messages.h"

#include <cstdio>
#include <vector>

#include "telemetry/Redactor.h"

namespace stormproof::cli {

std::string seconds(std::int64_t ms) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f s", static_cast<double>(ms) / 1000.0);
    return buffer;
}

namespace {

// "primary failed (auth: …) and backup failed 5 times (server_error: 503 …)": each target other than
// `except`, in the order they were tried, with its last failure and how many attempts it took.
std::string failed_targets(const std::vector<AttemptRecord>& attempts, const std::string& except,
                           const Redactor& redactor) {
    struct Failed {
        std::string target;
        int attempts = 0;
        std::string error_class;
        std::string detail;
    };
    std::vector<Failed> failed;
    for (const AttemptRecord& a : attempts) {
        if (a.target == except)
            continue;
        Failed* f = nullptr;
        for (Failed& existing : failed)
            if (existing.target == a.target)
                f = &existing;
        if (!f) {
            failed.push_back({a.target, 0, {}, {}});
            f = &failed.back();
        }
        ++f->attempts;
        if (a.error_class) {
            f->error_class = std::string(to_string(*a.error_class));
            f->detail = a.detail;
        }
    }
    std::string line;
    for (std::size_t i = 0; i < failed.size(); ++i) {
        const Failed& f = failed[i];
        if (i > 0)
            line += i + 1 == failed.size() ? " and " : ", ";
        line += f.target + " failed";
        if (f.attempts > 1)
            line += " " + std::to_string(f.attempts) + " times";
        std::string why = f.error_class.empty() ? "no answer" : f.error_class;
        const std::string detail = redactor.redact(f.detail);
        if (!detail.empty() && detail != f.error_class)
            why += detail.rfind(f.error_class + ":", 0) == 0 ? detail.substr(f.error_class.size())
                                                             : ": " + detail;
        line += " (" + why + ")";
    }
    return line;
}

}  // namespace

std::string failure_line(const ChatResult& result, const Redactor& redactor) {
    const ChatError& error = *result.error;
    std::string line(to_string(error.error_class));
    if (error.attempts > 0)
        line += " after " + std::to_string(error.attempts) + (error.attempts == 1 ? " attempt" : " attempts");
    line += (error.attempts > 0 ? " in " : " after ") + seconds(error.elapsed_ms);
    if (!error.url.empty())
        line += " at " + error.url;
    if (error.reason)
        line += " (" + std::string(to_string(*error.reason)) + ")";
    std::string message = redactor.redact(error.message);
    if (error.status) {
        const std::string status = std::to_string(*error.status);
        if (message.find(status) == std::string::npos)
            message = status + " " + message;
    }
    line += ": " + message;
    // Where the chain went before the target it ended on.
    if (!result.attempts.empty()) {
        const std::string before = failed_targets(result.attempts, result.attempts.back().target, redactor);
        if (!before.empty())
            line += "; before it " + before;
    }
    if (result.partial)
        line += " (the partial reply is above)";
    if (!error.hint.empty())
        line += " — " + error.hint;
    return line;
}

std::string fallback_line(const ChatResult& result, const Redactor& redactor) {
    if (!result.ok || !result.fallback_used || !result.served_by)
        return {};
    std::string line = "answered by " + result.served_by->target + " (" + result.served_by->provider + ", " +
                       result.served_by->model + ")";
    const std::string failed = failed_targets(result.attempts, result.served_by->target, redactor);
    if (failed.empty())
        return line + " after the targets before it were skipped (circuit breaker open)";
    return line + " after " + failed;
}

}  // namespace stormproof::cli
