#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace stormproof {

enum class BudgetScope { Global, Target, Conversation };
std::string_view to_string(BudgetScope scope);
std::optional<BudgetScope> budget_scope_from_string(std::string_view text);

struct BudgetConfig {
    // Finagle's RetryBudget and Envoy's retry budget both allow retries worth 20% of requests: enough for a
    // healthy service's stray errors, too little to double the load on a failing one.
    static constexpr double kDefaultRetryRatio = 0.2;
    // The floor: Finagle reserves 10 retries/s for a busy service; a person is not busy, so 1/s (10 per 10 s
    // window) lets two fully failing requests retry to the end before the ratio has anything to say.
    static constexpr double kDefaultMinRetriesPerS = 1.0;
    static constexpr std::int64_t kDefaultWindowMs = 10000;  // Finagle's TTL

    bool enabled = true;
    BudgetScope scope = BudgetScope::Global;
    double retry_ratio = kDefaultRetryRatio;
    double min_retries_per_s = kDefaultMinRetriesPerS;
    std::int64_t window_ms = kDefaultWindowMs;
};

struct BudgetVerdict {
    bool allowed = true;
    double available = 0;  // retries left in the window before this one
};

// A retry budget in the manner of Finagle: each request deposits retry_ratio tokens, each retry withdraws
// one, deposits and withdrawals expire after window_ms, and min_retries_per_s * window is always available on
// top. Time-bucketed (1 s), so it refills as old requests and retries leave the window.
class RetryBudget {
public:
    static constexpr std::int64_t kBucketMs = 1000;

    explicit RetryBudget(const BudgetConfig& config);

    void record_request(std::int64_t now_ms);
    // Spends one retry if the budget allows it.
    BudgetVerdict try_withdraw(std::int64_t now_ms);
    double available(std::int64_t now_ms) const;
    void reconfigure(const BudgetConfig& config);
    const BudgetConfig& config() const { return config_; }

private:
    struct Bucket {
        std::int64_t epoch = -1;
        int requests = 0;
        int retries = 0;
    };
    Bucket& bucket_for(std::int64_t now_ms);

    BudgetConfig config_;
    std::vector<Bucket> buckets_;
};

}  // namespace stormproof
