#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "MetricsAggregator.h"
#include "PriceTable.h"

namespace stormproof {

// The cost of resilience over a range: what the retries, failures and waits added, in attempts, seconds,
// tokens and an estimated price. Pure: from a range's sums and the price table.
struct CostEstimate {
    // A model whose tokens were priced, with the table's entry that priced it: an estimate says whose list
    // price it used (the simulator is priced like a real model only with a note that says so).
    struct PricedModel {
        std::string model;
        std::string match;  // the price table's entry ("gpt-4o*")
        PriceTable::Price price;
        std::string note;
        bool operator==(const PricedModel&) const = default;
    };

    int range_s = 0;
    int attempts = 0;
    int retries = 0;
    int failed_attempts = 0;
    int fallbacks = 0;
    std::int64_t wait_ms = 0;
    std::int64_t delivered_tokens = 0;
    std::int64_t wasted_tokens = 0;
    double total_usd = 0;  // delivered and wasted
    double wasted_usd = 0;
    std::vector<PricedModel> priced;
    std::vector<std::string> unpriced;  // seen with tokens, not in the table: counted as $0
};

// Models listed by name in the cost line at most; the rest are counted ("and 3 more").
inline constexpr std::size_t kMaxModelsNamed = 3;

CostEstimate estimate_cost(const MetricsSnapshot& range, int range_s, const PriceTable& prices,
                           const std::set<std::string>& priced_models,
                           const std::set<std::string>& unpriced_models);
// "$0.00045", "$0.0123", "$12.40": more digits where the amounts are small.
std::string format_usd(double usd);
// The dashboard's cost line, every figure labelled an estimate with the models and rates behind it.
std::string cost_line(const CostEstimate& estimate);

}  // namespace stormproof
