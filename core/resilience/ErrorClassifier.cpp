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
    if (!code.empty()) {
        detail += " " + code;
    } else if (!type.empty()) {
        detail += " " + type;
    }

    // The body first: these meanings cut across statuses.
    // OpenAI: 429 insufficient_quota; Anthropic: billing_error, or "credit balance is too low".
    if (code == "insufficient_quota" || type == "insufficient_quota" ||
        code == "billing_hard_limit_reached" || type == "billing_error" ||
        lower(e.message).find("credit balance is too low") != std::string::npos) {
        return make(ErrorClass::QuotaExhausted, detail);
    }
    if (type == "overloaded_error" || status == 529) {
        return make(ErrorClass::Overloaded, detail);
    }
    if ((status == 400 || status == 413 || status == 422) && says_context_length(e)) {
        return make(ErrorClass::ContextLength, detail);
    }
    if (status == 400 && says_content_policy(e)) {
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
