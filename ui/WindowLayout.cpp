#include "WindowLayout.h"

#include <algorithm>

namespace stormproof {

namespace {
// Room left around a first window on a small screen: the window manager's title bar and borders.
constexpr int kFrameAllowance = 40;
// The sidebar's share of the window, within bounds that keep titles readable.
constexpr double kSidebarShare = 0.15;
constexpr int kMinSidebarWidth = 180;
constexpr int kMaxSidebarWidth = 260;
// The dashboard's share when it sits beside the chat.
constexpr double kDashboardShare = 0.40;
}  // namespace

WindowLayout initial_window_layout(const QRect& available) {
    WindowLayout layout;
    const int width = std::min(WindowLayout::kPreferredWidth, available.width() - kFrameAllowance / 2);
    const int height = std::min(WindowLayout::kPreferredHeight, available.height() - kFrameAllowance);
    layout.window = QRect(0, 0, std::max(width, 1), std::max(height, 1));
    layout.window.moveCenter(available.center());
    layout.sidebar_width =
        std::clamp(static_cast<int>(width * kSidebarShare), kMinSidebarWidth, kMaxSidebarWidth);
    if (width >= WindowLayout::kDashboardBesideChatMinWidth) {
        const int dashboard = static_cast<int>(width * kDashboardShare);
        layout.dashboard_width =
            std::min(dashboard, width - layout.sidebar_width - WindowLayout::kMinChatWidth);
    }
    return layout;
}

QRect fit_inside(const QRect& saved, const QRect& available) {
    QRect r = saved;
    r.setWidth(std::min(r.width(), available.width()));
    r.setHeight(std::min(r.height(), available.height()));
    if (r.right() > available.right())
        r.moveRight(available.right());
    if (r.bottom() > available.bottom())
        r.moveBottom(available.bottom());
    if (r.left() < available.left())
        r.moveLeft(available.left());
    if (r.top() < available.top())
        r.moveTop(available.top());
    return r;
}

}  // namespace stormproof
