#pragma once
#include "Options.h"

namespace stormproof::cli {
// stormproof-cli chat: one prompt through the engine; returns the exit status.
int run_chat(const Options& o);
}  // namespace stormproof::cli
