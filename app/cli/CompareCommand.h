#pragma once

#include "Options.h"

namespace stormproof::cli {
int run_compare(const Options& o);
}
