#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/ConfigError.h"
#include "resilience/Result.h"

namespace stormproof {

// What a model's tokens cost, per million, for the dashboard's estimate. Loaded from a JSON file a person
// edits (resources/prices.json is the built-in copy; the profile may hold its own). A match ending in '*' is
// a prefix; an exact match beats any prefix and a longer prefix beats a shorter one, so order does not
// matter.
class PriceTable {
public:
    struct Price {
        double input_usd_per_mtok = 0;
        double output_usd_per_mtok = 0;
        bool operator==(const Price&) const = default;
    };
    struct Entry {
        std::string match;
        Price price;
        std::string note;
    };
    static constexpr int kVersion = 1;
    static constexpr double kMaxUsdPerMtok = 10000;  // far above any list price: a typo, not a model

    // Parses and validates; on error returns nothing and fills errors with JSON paths
    // ("models[3].input_per_mtok: must be 0..10000, got -1").
    static std::optional<PriceTable> parse(std::string_view text, std::vector<ConfigError>& errors);
    static std::optional<PriceTable> load_file(const std::string& path, std::vector<ConfigError>& errors);
    // The copy compiled into the binary (resources/prices.json).
    static PriceTable builtin();

    std::optional<Price> price_of(std::string_view model) const;
    // The entry that prices a model (the exact match, else the longest prefix), or nullptr.
    const Entry* entry_of(std::string_view model) const;
    // Unknown models cost nothing in the estimate (and the dashboard says which are unpriced).
    double cost_usd(std::string_view model, std::int64_t input_tokens, std::int64_t output_tokens) const;

    const std::vector<Entry>& entries() const { return entries_; }
    void set_entries(std::vector<Entry> entries) { entries_ = std::move(entries); }
    const std::string& note() const { return note_; }

    std::string to_json() const;
    // Temporary file + rename: a crash mid-save leaves the old table whole.
    Status save(const std::string& path) const;

private:
    std::vector<Entry> entries_;
    std::string note_;
};

}  // namespace stormproof
