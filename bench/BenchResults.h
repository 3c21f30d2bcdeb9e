#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace stormproof::bench {

// Merges figures into bench/results/NAME.json (other benchmarks own other keys of the same file) and rewrites
// its Markdown twin with the machine, the date and the command that produced it.
void merge_results(const std::string& name, const nlohmann::json& figures, const std::string& command);

}  // namespace stormproof::bench
