#pragma once

#include <string>
#include <string_view>

namespace stormproof {

// Where plain HTTP may go. Shared by the policy validator and the transport, so both refuse the same URLs.
class NetworkRules {
public:
    // localhost, 127.0.0.0/8, ::1.
    static bool is_loopback_host(std::string_view host);

    // Empty when the base URL is acceptable; otherwise the reason, for a person.
    static std::string base_url_problem(const std::string& url, bool allow_insecure_http);
};

}  // namespace stormproof
