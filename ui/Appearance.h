#pragma once

#include "config/AppSettings.h"

namespace stormproof {

// Puts the appearance settings in force for the whole application: one font scale (every widget that does not
// set a size of its own follows it, charts included where they take the widget's font) and the theme's
// palette (links, placeholders and disabled text included, so nothing turns unreadable in the dark theme).
void apply_appearance(const AppSettings& settings);

}  // namespace stormproof
