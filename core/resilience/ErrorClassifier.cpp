#include "ErrorClassifier.h"

#include <algorithm>
#include <cctype>

namespace stormproof {

std::string_view to_string(TransportError error) {
    switch (error) {
        case TransportError::None:
            return "none";
        case TransportError::ConnectionRefused:
            return "connection_refused";
        case TransportError::ConnectionReset:
            return "connection_reset";
        case TransportError::HostNotFound:
            return "host_not_found";
        case TransportError::Tls:
            return "tls";
        case TransportError::ConnectTimeout:
            return "connect";
        case TransportError::FirstTokenTimeout:
            return "first_token";
        case TransportError::IdleTimeout:
            return "idle";
        case TransportError::AttemptTimeout:
            return "attempt";
        case TransportError::TruncatedStream:
            return "truncated_stream";
        case TransportError::MalformedBody:
            return "malformed_body";
        case TransportError::StreamError:
            return "stream_error";
        case TransportError::MissingKey:
            return "missing_key";
        case TransportError::Protocol:
            return "protocol";
        case TransportError::Cancelled:
            return "cancelled";
    }
    return "protocol";
}

namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

bool says_context_length(const ProviderError& e) {
    const std::string code = lower(e.code);
    const std::string message = lower(e.message);
    // OpenAI: code context_length_exceeded; Anthropic: "prompt is too long: N tokens > M maximum";
    // vLLM/Ollama-style servers: "maximum context length is N tokens".
    return code == "context_length_exceeded" || code == "string_above_max_length" ||
           contains(message, "prompt is too long") || contains(message, "maximum context length") ||
           contains(message, "context length") || contains(message, "context window");
}

bool says_content_policy(const ProviderError& e) {
    const std::string code = lower(e.code);
    const std::string type = lower(e.type);
    return code == "content_policy_violation" || code == "content_filter" ||
           type == "content_policy_violation";
}

Classification make(ErrorClass error_class, std::string detail) {
    return {error_class, std::move(detail)};
}

// The HTTP status an error object inside a 200 stream stands for, when its code is one: OpenRouter's
// mid-stream errors carry error.code as the number the request would have failed with (402, 429, 502...).
std::optional<int> status_in_code(const std::string& code) {
    if (code.size() != 3 || code[0] < '1' || code[0] > '5')
        return std::nullopt;
    int status = 0;
    for (const char c : code) {
        if (c < '0' || c > '9')
            return std::nullopt;
        status = status * 10 + (c - '0');
    }
    return status;
}

// "Too busy, come back": a 503 that names overload rather than a fault. Google's status UNAVAILABLE ("The
// model is overloaded"), Mistral's service_unavailable_error, DeepSeek's "Server Overloaded" / "server is
// busy" (its documented 503). OpenAI's own 503 ("The server is overloaded or not ready yet", type
// server_error) stays a server error as it always was here.
bool says_busy(const ProviderError& e) {
    const std::string message = lower(e.message);
    return e.status == "UNAVAILABLE" || lower(e.type) == "service_unavailable_error" ||
           contains(message, "server is busy") || contains(message, "server overloaded") ||
           contains(message, "server busy");
}

// Groq's own status for its flex tier running out of capacity (console.groq.com/docs/errors).
constexpr int kGroqFlexCapacityStatus = 498;

}  // namespace

std::optional<Classification> ErrorClassifier::classify(const AttemptOutcome& outcome) {
    const auto transport_detail = [&](const char* prefix) {
        return std::string(prefix) + std::string(to_string(outcome.transport));
    };
    switch (outcome.transport) {
        case TransportError::None:
            break;
        case TransportError::Cancelled:
            return make(ErrorClass::Cancelled, "cancelled");
        case TransportError::ConnectTimeout:
        case TransportError::FirstTokenTimeout:
        case TransportError::IdleTimeout:
        case TransportError::AttemptTimeout:
            return make(ErrorClass::Timeout, transport_detail("timeout: "));
        case TransportError::TruncatedStream:
        case TransportError::MalformedBody:
            return make(ErrorClass::MalformedResponse, transport_detail("malformed: "));
        case TransportError::MissingKey:
            return make(ErrorClass::Auth, "no API key available for this target");
        case TransportError::StreamError: {
            const std::string type = lower(outcome.provider_error.type);
            const std::string code = lower(outcome.provider_error.code);
            if (const auto status = status_in_code(code)) {
                // Classified as the status it names (a 402 mid-stream is out of credit, not a server error).
                AttemptOutcome as_status = outcome;
                as_status.transport = TransportError::None;
                as_status.http_status = status;
                if (auto c = classify(as_status); c && *status >= 400) {
                    c->detail = "stream error: " + c->detail;
                    return c;
                }
            }
            if (type == "overloaded_error")
                return make(ErrorClass::Overloaded, "stream error: " + type);
            if (type == "rate_limit_error" || code == "rate_limit_exceeded") {
                return make(ErrorClass::RateLimited, "stream error: " + type);
            }
            return make(ErrorClass::ServerError, "stream error: " + (type.empty() ? code : type));
        }
        case TransportError::ConnectionRefused:
        case TransportError::ConnectionReset:
        case TransportError::HostNotFound:
        case TransportError::Tls:
        case TransportError::Protocol:
            return make(ErrorClass::Network, transport_detail("network: "));
    }

    if (!outcome.http_status) {
        return make(ErrorClass::Network, "no HTTP status");
    }
    const int status = *outcome.http_status;
    if (status >= 200 && status < 300) {
        return std::nullopt;
    }
    const ProviderError& e = outcome.provider_error;
    const std::string type = lower(e.type);
    const std::string code = lower(e.code);
    std::string detail = std::to_string(status);
    if (!code.empty() && code != std::to_string(status)) {
        detail += " " + code;
    } else if (!type.empty()) {
        detail += " " + type;
    } else if (!e.status.empty()) {
        detail += " " + e.status;  // Google: RESOURCE_EXHAUSTED, UNAVAILABLE
    }

    // The body first: these meanings cut across statuses.
    // OpenAI: 429 insufficient_quota; Anthropic: billing_error, or "credit balance is too low"; 402 Payment
    // Required (OpenRouter "insufficient credits", DeepSeek "Insufficient Balance"): retrying will not help.
    if (status == 402 || code == "insufficient_quota" || type == "insufficient_quota" ||
        code == "billing_hard_limit_reached" || type == "billing_error" ||
        lower(e.message).find("credit balance is too low") != std::string::npos) {
        return make(ErrorClass::QuotaExhausted, detail);
    }
    if (type == "overloaded_error" || status == 529 || status == kGroqFlexCapacityStatus ||
        (status == 503 && says_busy(e))) {
        return make(ErrorClass::Overloaded, detail);
    }
    if ((status == 400 || status == 413 || status == 422) && says_context_length(e)) {
        return make(ErrorClass::ContextLength, detail);
    }
    // OpenRouter answers a flagged input with 403 ("Your chosen model requires moderation and your input was
    // flagged").
    if ((status == 400 && says_content_policy(e)) ||
        (status == 403 && contains(lower(e.message), "input was flagged"))) {
        return make(ErrorClass::ContentPolicy, detail);
    }

    switch (status) {
        case 401:
        case 403:
            return make(ErrorClass::Auth, detail);
        case 404:
            return make(ErrorClass::NotFound, detail);
        case 408:
            return make(ErrorClass::Timeout, detail + " (server timeout)");
        // 409: the SDKs retry it (a lock-timeout conflict on the provider's side); it is transient, not the
        // caller's fault, so it is a server error here.
        case 409:
            return make(ErrorClass::ServerError, detail);
        case 429:
            return make(ErrorClass::RateLimited, detail);
        default:
            break;
    }
    if (status >= 500) {
        return make(ErrorClass::ServerError, detail);
    }
    if (status >= 400) {
        return make(ErrorClass::BadRequest, detail);
    }
    // 1xx/3xx reaching us means a redirect we would not follow or a protocol oddity.
    return make(ErrorClass::MalformedResponse, detail + " (unexpected status)");
}

}  // namespace stormproof
