#include "CostEstimate.h"

#include <cstdio>

namespace stormproof {

namespace {
std::string fixed(double v, int digits) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", digits, v);
    return buffer;
}
}  // namespace

CostEstimate estimate_cost(const MetricsSnapshot& range, int range_s, const PriceTable& prices,
                           const std::set<std::string>& priced_models,
                           const std::set<std::string>& unpriced_models) {
    CostEstimate e;
    e.range_s = range_s;
    e.attempts = range.attempts;
    e.retries = range.retries;
    for (const auto& [cls, count] : range.attempt_failures)
        e.failed_attempts += count;
    e.fallbacks = range.fallbacks;
    e.wait_ms = range.wait_ms;
    e.delivered_tokens = range.input_tokens + range.output_tokens;
    e.wasted_tokens = range.wasted_input_tokens + range.wasted_output_tokens;
    e.total_usd = range.cost_usd + range.wasted_cost_usd;
    e.wasted_usd = range.wasted_cost_usd;
    for (const std::string& model : priced_models) {
        if (const PriceTable::Entry* entry = prices.entry_of(model))
            e.priced.push_back({model, entry->match, entry->price, entry->note});
    }
    e.unpriced.assign(unpriced_models.begin(), unpriced_models.end());
    return e;
}

std::string format_usd(double usd) {
    return "$" + fixed(usd, usd < 0.01 && usd > 0 ? 5 : usd < 1 ? 4 : 2);
}

std::string cost_line(const CostEstimate& e) {
    std::string text =
        "Cost of resilience (last " + std::to_string(e.range_s) + " s): " + std::to_string(e.retries) +
        " of " + std::to_string(e.attempts) + " attempts were retries, " + std::to_string(e.failed_attempts) +
        " failed, " + std::to_string(e.fallbacks) + " fallbacks; " +
        fixed(static_cast<double>(e.wait_ms) / 1000.0, 1) +
        " s spent waiting. Tokens: " + std::to_string(e.delivered_tokens) + " delivered, " +
        std::to_string(e.wasted_tokens) + " wasted on failed or duplicate attempts. Estimated cost " +
        format_usd(e.total_usd) + ", of which " + format_usd(e.wasted_usd) + " wasted";
    if (e.priced.empty()) {
        text += ".";
    } else {
        text += " (an estimate at list prices per million tokens in/out: ";
        for (std::size_t i = 0; i < e.priced.size() && i < kMaxModelsNamed; ++i) {
            const CostEstimate::PricedModel& m = e.priced[i];
            text += (i ? "; " : "") + m.model + " at $" + fixed(m.price.input_usd_per_mtok, 2) + "/$" +
                    fixed(m.price.output_usd_per_mtok, 2);
            if (!m.note.empty())
                text += " — " + m.note;
        }
        if (e.priced.size() > kMaxModelsNamed)
            text += "; and " + std::to_string(e.priced.size() - kMaxModelsNamed) + " more";
        text += ").";
    }
    if (!e.unpriced.empty()) {
        text += " Not in the price table (counted as $0): ";
        for (std::size_t i = 0; i < e.unpriced.size() && i < kMaxModelsNamed; ++i)
            text += (i ? ", " : "") + e.unpriced[i];
        if (e.unpriced.size() > kMaxModelsNamed)
            text += " and " + std::to_string(e.unpriced.size() - kMaxModelsNamed) + " more";
        text += ".";
    }
    return text;
}

}  // namespace stormproof
