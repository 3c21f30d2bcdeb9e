#include "resilience/RetryBudget.h"

#include <gtest/gtest.h>

namespace stormproof {
namespace {

BudgetConfig budget(double ratio, double floor_per_s, std::int64_t window_ms = 10000) {
    BudgetConfig c;
    c.retry_ratio = ratio;
    c.min_retries_per_s = floor_per_s;
    c.window_ms = window_ms;
    return c;
}

TEST(RetryBudget, FloorAloneAllowsMinRetriesPerSecondOverTheWindow) {
    RetryBudget b(budget(0.0, 0.5));  // 5 retries per 10 s
    for (int i = 0; i < 5; ++i)
        EXPECT_TRUE(b.try_withdraw(0).allowed) << i;
    const auto denied = b.try_withdraw(0);
    EXPECT_FALSE(denied.allowed);
    EXPECT_DOUBLE_EQ(denied.available, 0.0);
}

TEST(RetryBudget, RequestsDepositTheRatio) {
    RetryBudget b(budget(0.2, 0.0));
    for (int i = 0; i < 10; ++i)
        b.record_request(0);  // 10 * 0.2 = 2 retries
    EXPECT_TRUE(b.try_withdraw(0).allowed);
    EXPECT_TRUE(b.try_withdraw(0).allowed);
    EXPECT_FALSE(b.try_withdraw(0).allowed);
    b.record_request(0);
    b.record_request(0);
    b.record_request(0);
    b.record_request(0);
    b.record_request(0);  // +1
    EXPECT_TRUE(b.try_withdraw(0).allowed);
}

TEST(RetryBudget, RefillsAsTheWindowSlides) {
    RetryBudget b(budget(0.0, 0.3));  // 3 per 10 s
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(b.try_withdraw(500).allowed);
    EXPECT_FALSE(b.try_withdraw(9999).allowed) << "the withdrawals of second 0 are still in the window";
    EXPECT_TRUE(b.try_withdraw(10000).allowed) << "second 0 has left the window";
}

TEST(RetryBudget, OldDepositsExpireToo) {
    RetryBudget b(budget(1.0, 0.0));
    b.record_request(0);
    EXPECT_DOUBLE_EQ(b.available(9000), 1.0);
    EXPECT_DOUBLE_EQ(b.available(10000), 0.0);
    EXPECT_FALSE(b.try_withdraw(10000).allowed);
}

TEST(RetryBudget, DisabledAlwaysAllowsButStillCounts) {
    BudgetConfig c = budget(0.0, 0.0);
    c.enabled = false;
    RetryBudget b(c);
    for (int i = 0; i < 100; ++i)
        EXPECT_TRUE(b.try_withdraw(0).allowed);
    EXPECT_DOUBLE_EQ(b.available(0), -100.0);
}

TEST(RetryBudget, ScopeNames) {
    for (auto s : {BudgetScope::Global, BudgetScope::Target, BudgetScope::Conversation}) {
        EXPECT_EQ(budget_scope_from_string(to_string(s)), s);
    }
    EXPECT_FALSE(budget_scope_from_string("user").has_value());
}

}  // namespace
}  // namespace stormproof
