#include "RetryBudget.h"

#include <algorithm>

namespace stormproof {

std::string_view to_string(BudgetScope scope) {
    switch (scope) {
        case BudgetScope::Global:
            return "global";
        case BudgetScope::Target:
            return "target";
        case BudgetScope::Conversation:
            return "conversation";
    }
    return "global";
}

std::optional<BudgetScope> budget_scope_from_string(std::string_view text) {
    for (auto s : {BudgetScope::Global, BudgetScope::Target, BudgetScope::Conversation}) {
        if (to_string(s) == text)
            return s;
    }
    return std::nullopt;
}

RetryBudget::RetryBudget(const BudgetConfig& config) {
    reconfigure(config);
}

void RetryBudget::reconfigure(const BudgetConfig& config) {
    config_ = config;
    const auto count = std::max<std::int64_t>(1, (config_.window_ms + kBucketMs - 1) / kBucketMs);
    buckets_.assign(static_cast<std::size_t>(count), Bucket{});
}

RetryBudget::Bucket& RetryBudget::bucket_for(std::int64_t now_ms) {
    const std::int64_t epoch = now_ms / kBucketMs;
    Bucket& bucket = buckets_[static_cast<std::size_t>(epoch % static_cast<std::int64_t>(buckets_.size()))];
    if (bucket.epoch != epoch) {
        bucket = Bucket{epoch, 0, 0};
    }
    return bucket;
}

void RetryBudget::record_request(std::int64_t now_ms) {
    bucket_for(now_ms).requests += 1;
}

double RetryBudget::available(std::int64_t now_ms) const {
    const std::int64_t newest = now_ms / kBucketMs;
    const std::int64_t oldest = newest - static_cast<std::int64_t>(buckets_.size()) + 1;
    int requests = 0;
    int retries = 0;
    for (const Bucket& bucket : buckets_) {
        if (bucket.epoch >= oldest && bucket.epoch <= newest) {
            requests += bucket.requests;
            retries += bucket.retries;
        }
    }
    const double window_s = static_cast<double>(buckets_.size() * kBucketMs) / 1000.0;
    return config_.min_retries_per_s * window_s + config_.retry_ratio * requests - retries;
}

BudgetVerdict RetryBudget::try_withdraw(std::int64_t now_ms) {
    const double left = available(now_ms);
    if (!config_.enabled) {
        bucket_for(now_ms).retries += 1;
        return BudgetVerdict{true, left};
    }
    if (left < 1.0) {
        return BudgetVerdict{false, left};
    }
    bucket_for(now_ms).retries += 1;
    return BudgetVerdict{true, left};
}

}  // namespace stormproof
