#include "DashboardPalette.h"

#include <array>

namespace stormproof {

DashboardPalette::DashboardPalette(const QPalette& palette) {
    dark = palette.color(QPalette::Window).lightness() < 128;
    text = palette.color(QPalette::WindowText);
    chart_background = palette.color(QPalette::Base);
    muted_text = dark ? text.darker(140) : text.lighter(200);
    grid = dark ? QColor(0x55, 0x55, 0x55) : QColor(0xdd, 0xdd, 0xdd);
    ok = dark ? QColor(0x5c, 0xc9, 0x7b) : QColor(0x2e, 0x8b, 0x4a);
    warn = dark ? QColor(0xf5, 0xc2, 0x4c) : QColor(0xd9, 0x9a, 0x12);
    failed = dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
    info = dark ? QColor(0x6f, 0xa3, 0xff) : QColor(0x2f, 0x64, 0xc0);
    slow = dark ? QColor(0xc3, 0x8b, 0xe8) : QColor(0x8e, 0x44, 0xad);
    neutral = dark ? QColor(0xa8, 0xa8, 0xa8) : QColor(0x7f, 0x7f, 0x7f);
    alert_background = dark ? QColor(0x4a, 0x3b, 0x12) : QColor(0xff, 0xf3, 0xcd);
    alert_text = dark ? QColor(0xff, 0xe4, 0x9c) : QColor(0x5c, 0x44, 0x00);
    alert_border = dark ? QColor(0x8a, 0x6d, 0x1f) : QColor(0xe0, 0xc3, 0x6b);
}

QColor DashboardPalette::outcome(Outcome o) const {
    switch (o) {
        case Outcome::Success:
            return ok;
        case Outcome::Retry:
            return warn;
        case Outcome::Fallback:
            return info;
        case Outcome::Failed:
            return failed;
        case Outcome::ShortCircuited:
            return slow;
        case Outcome::BudgetDenied:
            return neutral;
    }
    return neutral;
}

QColor DashboardPalette::delay_source(DelaySource s) const {
    switch (s) {
        case DelaySource::Backoff:
        case DelaySource::None:
            return warn;
        case DelaySource::RetryAfter:
            return failed;
        case DelaySource::RetryAfterMs:
            return dark ? QColor(0xff, 0xa0, 0x4d) : QColor(0xe6, 0x7e, 0x22);
        case DelaySource::RateLimitReset:
        case DelaySource::BodyRetryDelay:
            return slow;
    }
    return warn;
}

QColor DashboardPalette::breaker(BreakerState state) const {
    switch (breaker_level(state)) {
        case BreakerLevel::Closed:
            return ok;
        case BreakerLevel::HalfOpen:
            return dark ? warn : QColor(0xb2, 0x6a, 0x00);
        case BreakerLevel::Open:
            return failed;
    }
    return text;
}

QColor DashboardPalette::series(std::size_t index) const {
    static const std::array<QColor, 6> kLight = {QColor(0x2f, 0x64, 0xc0), QColor(0xd9, 0x5f, 0x02),
                                                 QColor(0x1b, 0x9e, 0x77), QColor(0x75, 0x70, 0xb3),
                                                 QColor(0xe7, 0x29, 0x8a), QColor(0x66, 0x66, 0x66)};
    static const std::array<QColor, 6> kDark = {QColor(0x6f, 0xa3, 0xff), QColor(0xff, 0x9f, 0x4a),
                                                QColor(0x4f, 0xd1, 0xa5), QColor(0xa9, 0xa4, 0xf0),
                                                QColor(0xff, 0x79, 0xb8), QColor(0xc0, 0xc0, 0xc0)};
    return (dark ? kDark : kLight)[index % kLight.size()];
}

}  // namespace stormproof
