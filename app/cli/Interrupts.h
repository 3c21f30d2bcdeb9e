#pragma once
// Ctrl+C (SIGINT) and SIGTERM as events of the Qt event loop. The signal handler only writes the signal's
// number to a pipe (async-signal-safe); a QSocketNotifier on the other end calls on_first with it, on the
// event loop, where cancelling calls is safe. The handler is installed with SA_RESETHAND, so a second Ctrl+C
// finds the default action and kills the process at once; a second, different signal does the same from
// the event loop.

#include <QSocketNotifier>
#include <functional>
#include <memory>

namespace stormproof::cli {

class Interrupts {
public:
    explicit Interrupts(std::function<void(int signal_number)> on_first);
    ~Interrupts();
    Interrupts(const Interrupts&) = delete;
    Interrupts& operator=(const Interrupts&) = delete;

    int received() const { return received_; }  // the first signal's number, 0 while none came
    // The exit status a shell reports for it: 128 + the signal's number.
    int exit_status() const { return 128 + received_; }
    static const char* name(int signal_number);

private:
    void on_readable();

    std::function<void(int)> on_first_;
    int fds_[2] = {-1, -1};
    std::unique_ptr<QSocketNotifier> notifier_;
    int received_ = 0;
};

}  // namespace stormproof::cli
