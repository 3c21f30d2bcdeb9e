#include "Fault.h"

#include <algorithm>
#include <array>
#include <utility>

namespace stormproof {

namespace {
constexpr std::array<std::pair<FaultKind, std::string_view>, 22> kNames = {{
    {FaultKind::RateLimit, "rate_limit"},
    {FaultKind::InsufficientQuota, "insufficient_quota"},
    {FaultKind::ServerError, "server_error"},
    {FaultKind::BadGateway, "bad_gateway"},
    {FaultKind::Unavailable, "unavailable"},
    {FaultKind::GatewayTimeout, "gateway_timeout"},
    {FaultKind::Overloaded, "overloaded"},
    {FaultKind::BadRequest, "bad_request"},
    {FaultKind::Unauthorized, "unauthorized"},
    {FaultKind::Forbidden, "forbidden"},
    {FaultKind::NotFound, "not_found"},
    {FaultKind::TooLarge, "too_large"},
    {FaultKind::ContextLength, "context_length"},
    {FaultKind::Reset, "reset"},
    {FaultKind::Hang, "hang"},
    {FaultKind::SlowFirstByte, "slow_first_byte"},
    {FaultKind::Cut, "cut"},
    {FaultKind::Stall, "stall"},
    {FaultKind::MalformedJson, "malformed_json"},
    {FaultKind::NoTerminator, "no_terminator"},
    {FaultKind::Empty200, "empty_200"},
    {FaultKind::StreamError, "stream_error"},
}};
}  // namespace

std::string_view to_string(FaultKind kind) {
    for (const auto& [k, name] : kNames) {
        if (k == kind)
            return name;
    }
    return "server_error";
}

std::optional<FaultKind> fault_kind_from_string(std::string_view text) {
    for (const auto& [k, name] : kNames) {
        if (name == text)
            return k;
    }
    return std::nullopt;
}

std::string fault_kind_choices() {
    std::string out;
    for (const auto& [k, name] : kNames)
        out += (out.empty() ? "" : "|") + std::string(name);
    return out;
}

int fault_status(FaultKind kind) {
    switch (kind) {
        case FaultKind::RateLimit:
        case FaultKind::InsufficientQuota:
            return 429;
        case FaultKind::ServerError:
            return 500;
        case FaultKind::BadGateway:
            return 502;
        case FaultKind::Unavailable:
            return 503;
        case FaultKind::GatewayTimeout:
            return 504;
        case FaultKind::Overloaded:
            return 529;
        case FaultKind::BadRequest:
        case FaultKind::ContextLength:
            return 400;
        case FaultKind::Unauthorized:
            return 401;
        case FaultKind::Forbidden:
            return 403;
        case FaultKind::NotFound:
            return 404;
        case FaultKind::TooLarge:
            return 413;
        default:
            return 0;
    }
}

bool FaultSpec::applies_to(const std::string& model) const {
    return models.empty() || std::find(models.begin(), models.end(), model) != models.end();
}

}  // namespace stormproof
