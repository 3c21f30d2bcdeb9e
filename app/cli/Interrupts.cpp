#include "Interrupts.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

namespace stormproof::cli {

namespace {

volatile int g_write_fd = -1;

extern "C" void on_signal(int signal_number) {
    const int saved = errno;
    const unsigned char byte = static_cast<unsigned char>(signal_number);
    if (g_write_fd >= 0) [[maybe_unused]]
        const auto written = write(g_write_fd, &byte, 1);
    errno = saved;
}

constexpr int kSignals[] = {SIGINT, SIGTERM};

}  // namespace

Interrupts::Interrupts(std::function<void(int)> on_first) : on_first_(std::move(on_first)) {
    if (pipe2(fds_, O_CLOEXEC | O_NONBLOCK) != 0)
        return;  // without the pipe the default actions stay: Ctrl+C still stops the process
    g_write_fd = fds_[1];
    notifier_ = std::make_unique<QSocketNotifier>(fds_[0], QSocketNotifier::Read);
    QObject::connect(notifier_.get(), &QSocketNotifier::activated, [this] { on_readable(); });
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND | SA_RESTART;
    for (int s : kSignals)
        sigaction(s, &action, nullptr);
}

Interrupts::~Interrupts() {
    for (int s : kSignals)
        std::signal(s, SIG_DFL);
    g_write_fd = -1;
    notifier_.reset();
    for (int fd : fds_)
        if (fd >= 0)
            close(fd);
}

const char* Interrupts::name(int signal_number) {
    switch (signal_number) {
        case SIGINT:
            return "SIGINT";
        case SIGTERM:
            return "SIGTERM";
        default:
            return "a signal";
    }
}

void Interrupts::on_readable() {
    unsigned char byte = 0;
    while (read(fds_[0], &byte, 1) == 1) {
        const int signal_number = byte;
        if (received_ == 0) {
            received_ = signal_number;
            if (on_first_)
                on_first_(signal_number);
        } else if (signal_number != received_) {
            // A second, different signal: as good as a second Ctrl+C.
            std::signal(signal_number, SIG_DFL);
            std::raise(signal_number);
        }
    }
}

}  // namespace stormproof::cli
