#include "TransportPool.h"

#include <QNetworkProxyFactory>
#include <algorithm>
#include <numeric>

namespace stormproof {

TransportPool::TransportPool() {
    // Respect the system's proxy settings (environment variables on Linux, system settings elsewhere).
    QNetworkProxyFactory::setUseSystemConfiguration(true);
}

TransportPool::~TransportPool() = default;

TransportPool::Lease TransportPool::acquire() {
    int best = -1;
    for (int i = 0; i < static_cast<int>(load_.size()); ++i) {
        if (load_[static_cast<std::size_t>(i)] < kConnectionsPerManager &&
            (best < 0 || load_[static_cast<std::size_t>(i)] < load_[static_cast<std::size_t>(best)])) {
            best = i;
        }
    }
    if (best < 0 && static_cast<int>(managers_.size()) < kMaxManagers) {
        auto manager = std::make_unique<QNetworkAccessManager>();
        // Redirects are not followed: a POST to an LLM API that redirects is misconfigured, and following it
        // could carry the key to another host.
        manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
        managers_.push_back(std::move(manager));
        load_.push_back(0);
        best = static_cast<int>(managers_.size()) - 1;
    }
    if (best < 0) {
        best = static_cast<int>(std::min_element(load_.begin(), load_.end()) - load_.begin());
    }
    ++load_[static_cast<std::size_t>(best)];
    peak_ = std::max(peak_, in_flight());
    return Lease{managers_[static_cast<std::size_t>(best)].get(), best};
}

void TransportPool::release(const Lease& lease) {
    if (lease.index >= 0 && lease.index < static_cast<int>(load_.size())) {
        load_[static_cast<std::size_t>(lease.index)] =
            std::max(0, load_[static_cast<std::size_t>(lease.index)] - 1);
    }
}

int TransportPool::in_flight() const {
    return std::accumulate(load_.begin(), load_.end(), 0);
}

}  // namespace stormproof
