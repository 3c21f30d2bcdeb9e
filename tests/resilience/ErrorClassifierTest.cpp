#include "resilience/ErrorClassifier.h"

#include <gtest/gtest.h>

namespace stormproof {
namespace {

struct Case {
    const char* name;
    std::optional<int> status;
    TransportError transport;
    const char* body;
    ErrorClass expected;
};

// Test names in ctest come from the case's name, not a byte dump.
void PrintTo(const Case& c, std::ostream* os) {
    *os << c.name;
}

class ErrorClassifierCases : public ::testing::TestWithParam<Case> {};

TEST_P(ErrorClassifierCases, Classifies) {
    const Case& c = GetParam();
    AttemptOutcome outcome;
    outcome.http_status = c.status;
    outcome.transport = c.transport;
    outcome.provider_error = ProviderError::parse(c.body);
    const auto result = ErrorClassifier::classify(outcome);
    ASSERT_TRUE(result.has_value()) << c.name;
    EXPECT_EQ(result->error_class, c.expected) << c.name << ": got " << to_string(result->error_class);
}

constexpr auto N = TransportError::None;

INSTANTIATE_TEST_SUITE_P(
    Table, ErrorClassifierCases,
    ::testing::Values(
        Case{"openai_rate_limit", 429, N,
             R"({"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}})",
             ErrorClass::RateLimited},
        Case{
            "openai_insufficient_quota", 429, N,
            R"({"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}})",
            ErrorClass::QuotaExhausted},
        Case{
            "anthropic_billing", 400, N,
            R"({"type":"error","error":{"type":"billing_error","message":"Your credit balance is too low to access the Anthropic API."}})",
            ErrorClass::QuotaExhausted},
        Case{"anthropic_rate_limit", 429, N,
             R"({"type":"error","error":{"type":"rate_limit_error","message":"x"}})",
             ErrorClass::RateLimited},
        Case{"anthropic_overloaded_529", 529, N,
             R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})",
             ErrorClass::Overloaded},
        Case{"overloaded_type_on_503", 503, N, R"({"type":"error","error":{"type":"overloaded_error"}})",
             ErrorClass::Overloaded},
        Case{"plain_503", 503, N, "Service Unavailable", ErrorClass::ServerError},
        Case{"plain_500", 500, N, "", ErrorClass::ServerError},
        Case{"bad_gateway", 502, N, "<html>bad gateway</html>", ErrorClass::ServerError},
        Case{"gateway_timeout", 504, N, "", ErrorClass::ServerError},
        Case{"conflict_is_transient", 409, N, "", ErrorClass::ServerError},
        Case{"request_timeout", 408, N, "", ErrorClass::Timeout},
        Case{
            "openai_context_length", 400, N,
            R"({"error":{"message":"This model's maximum context length is 8192 tokens","type":"invalid_request_error","code":"context_length_exceeded"}})",
            ErrorClass::ContextLength},
        Case{
            "anthropic_prompt_too_long", 400, N,
            R"({"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}})",
            ErrorClass::ContextLength},
        Case{
            "request_too_large_context", 413, N,
            R"({"type":"error","error":{"type":"request_too_large","message":"exceeds the context window"}})",
            ErrorClass::ContextLength},
        Case{"request_too_large", 413, N,
             R"({"type":"error","error":{"type":"request_too_large","message":"too big"}})",
             ErrorClass::BadRequest},
        Case{"content_policy", 400, N, R"({"error":{"code":"content_policy_violation","message":"no"}})",
             ErrorClass::ContentPolicy},
        Case{"plain_400", 400, N,
             R"({"error":{"message":"Invalid temperature","type":"invalid_request_error"}})",
             ErrorClass::BadRequest},
        Case{"unprocessable", 422, N, "", ErrorClass::BadRequest},
        Case{"unauthorized", 401, N, R"({"error":{"code":"invalid_api_key"}})", ErrorClass::Auth},
        Case{"forbidden", 403, N, R"({"type":"error","error":{"type":"permission_error"}})",
             ErrorClass::Auth},
        Case{"not_found", 404, N, R"({"error":{"code":"model_not_found"}})", ErrorClass::NotFound},
        Case{"connect_timeout", std::nullopt, TransportError::ConnectTimeout, "", ErrorClass::Timeout},
        Case{"first_token_timeout", std::nullopt, TransportError::FirstTokenTimeout, "", ErrorClass::Timeout},
        Case{"idle_timeout_mid_stream", 200, TransportError::IdleTimeout, "", ErrorClass::Timeout},
        Case{"refused", std::nullopt, TransportError::ConnectionRefused, "", ErrorClass::Network},
        Case{"reset", std::nullopt, TransportError::ConnectionReset, "", ErrorClass::Network},
        Case{"truncated_stream", 200, TransportError::TruncatedStream, "", ErrorClass::MalformedResponse},
        Case{"malformed_body", 200, TransportError::MalformedBody, "", ErrorClass::MalformedResponse},
        Case{"cancelled", std::nullopt, TransportError::Cancelled, "", ErrorClass::Cancelled},
        Case{"no_status_no_error", std::nullopt, N, "", ErrorClass::Network},
        Case{"redirect_not_followed", 302, N, "", ErrorClass::MalformedResponse}),
    [](const ::testing::TestParamInfo<Case>& param_info) { return std::string(param_info.param.name); });

TEST(ErrorClassifier, SuccessHasNoClass) {
    AttemptOutcome outcome;
    outcome.http_status = 200;
    EXPECT_FALSE(ErrorClassifier::classify(outcome).has_value());
}

TEST(ErrorClassifier, DetailNamesStatusAndCode) {
    AttemptOutcome outcome;
    outcome.http_status = 429;
    outcome.provider_error =
        ProviderError::parse(R"({"error":{"code":"insufficient_quota","type":"insufficient_quota"}})");
    EXPECT_EQ(ErrorClassifier::classify(outcome)->detail, "429 insufficient_quota");
}

TEST(ProviderError, ToleratesAnyBody) {
    EXPECT_TRUE(ProviderError::parse("").empty());
    EXPECT_TRUE(ProviderError::parse("not json").empty());
    EXPECT_TRUE(ProviderError::parse("[1,2]").empty());
    EXPECT_TRUE(ProviderError::parse(R"({"error": 5})").empty());
    EXPECT_EQ(ProviderError::parse(R"({"error": "model 'x' not found"})").message, "model 'x' not found");
    EXPECT_EQ(ProviderError::parse(R"({"error": {"code": 123}})").code, "123");
}

TEST(ErrorClass, EveryClassHasANameAndAHint) {
    for (ErrorClass c : kAllErrorClasses) {
        EXPECT_EQ(error_class_from_string(to_string(c)), c);
        EXPECT_FALSE(hint(c).empty()) << to_string(c);
    }
    EXPECT_NE(hint(ErrorClass::NotFound).find("/v1"), std::string_view::npos);
}

}  // namespace
}  // namespace stormproof
