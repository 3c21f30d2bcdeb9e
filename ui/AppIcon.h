#pragma once

#include <QIcon>

namespace stormproof {

// The application's icon, drawn (no image plugin needed): a storm cloud over a rounded square, with a bolt.
QIcon app_icon();

}  // namespace stormproof
