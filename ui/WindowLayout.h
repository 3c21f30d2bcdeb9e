#pragma once

#include <QRect>

namespace stormproof {

// Where the first window goes on a screen, and how its width is shared. Pure: tests check it for common
// laptop screens without a display.
struct WindowLayout {
    // The size the window asks for on a large screen (the chat, the sidebar and the dashboard side by side).
    static constexpr int kPreferredWidth = 1680;
    static constexpr int kPreferredHeight = 1000;
    // Below this window width the dashboard starts closed (View > Dashboard, F9) so the chat keeps its room.
    static constexpr int kDashboardBesideChatMinWidth = 1200;
    // The chat column never gets less than this while the dashboard is beside it.
    static constexpr int kMinChatWidth = 520;

    QRect window;  // the window's frame, inside the available geometry
    int sidebar_width = 0;
    int dashboard_width = 0;  // 0: the dashboard starts closed
};

// available: the screen's available geometry (without panels and docks).
WindowLayout initial_window_layout(const QRect& available);

// A saved geometry moved and cut to fit the available geometry (a window saved on a larger monitor).
QRect fit_inside(const QRect& saved, const QRect& available);

}  // namespace stormproof
