#pragma once
#include "Options.h"

namespace stormproof::cli {
// stormproof-cli load: N requests at concurrency C and their summary; returns the exit status.
int run_load(const Options& o);
}  // namespace stormproof::cli
