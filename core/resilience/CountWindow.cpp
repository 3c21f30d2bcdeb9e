#include "CountWindow.h"

#include <algorithm>

namespace stormproof {

CountWindow::CountWindow(int size) : ring_(static_cast<std::size_t>(std::max(1, size))) {}

void CountWindow::record(std::int64_t /*now_ms*/, bool failed, bool slow) {
    Entry& slot = ring_[next_];
    if (filled_ == static_cast<int>(ring_.size())) {
        totals_.calls -= 1;
        totals_.failures -= slot.failed ? 1 : 0;
        totals_.slow_calls -= slot.slow ? 1 : 0;
    } else {
        ++filled_;
    }
    slot = Entry{failed, slow};
    totals_.calls += 1;
    totals_.failures += failed ? 1 : 0;
    totals_.slow_calls += slow ? 1 : 0;
    next_ = (next_ + 1) % ring_.size();
}

WindowSnapshot CountWindow::snapshot(std::int64_t /*now_ms*/) const {
    return totals_;
}

void CountWindow::clear() {
    std::fill(ring_.begin(), ring_.end(), Entry{});
    next_ = 0;
    filled_ = 0;
    totals_ = {};
}

}  // namespace stormproof
