#pragma once

#include <vector>

#include "SlidingWindow.h"

namespace stormproof {

// The last N calls, whenever they happened.
class CountWindow final : public SlidingWindow {
public:
    explicit CountWindow(int size);
    void record(std::int64_t now_ms, bool failed, bool slow) override;
    WindowSnapshot snapshot(std::int64_t now_ms) const override;
    void clear() override;

private:
    struct Entry {
        bool failed = false;
        bool slow = false;
    };
    std::vector<Entry> ring_;
    std::size_t next_ = 0;
    int filled_ = 0;
    WindowSnapshot totals_;
};

}  // namespace stormproof
