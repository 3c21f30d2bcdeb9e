#pragma once

#include <span>

namespace stormproof {

// Words Qt's own widgets show in Stormproof's windows (dialog buttons, the edit menus of text fields), in
// Qt's own translation contexts. Debian ships no Vietnamese translation of Qt, so they are marked in
// QtWords.cpp for lupdate and translations/stormproof_vi.ts carries them; the translation test checks each
// one.
struct QtWord {
    const char* context;
    const char* text;
};
std::span<const QtWord> qt_words();

}  // namespace stormproof
