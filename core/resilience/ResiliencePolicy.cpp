#include "ResiliencePolicy.h"

namespace stormproof {

std::string_view to_string(AfterFirstToken mode) {
    switch (mode) {
        case AfterFirstToken::Fail:
            return "fail";
        case AfterFirstToken::Restart:
            return "restart";
        case AfterFirstToken::Continue:
            return "continue";
    }
    return "fail";
}

std::optional<AfterFirstToken> after_first_token_from_string(std::string_view text) {
    for (auto m : {AfterFirstToken::Fail, AfterFirstToken::Restart, AfterFirstToken::Continue}) {
        if (to_string(m) == text)
            return m;
    }
    return std::nullopt;
}

}  // namespace stormproof
