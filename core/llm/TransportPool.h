#pragma once

#include <QNetworkAccessManager>
#include <memory>
#include <vector>

namespace stormproof {

// QNetworkAccessManagers handed out by load. Qt 6.4 opens at most 6 HTTP/1.1 connections per host per manager
// and queues the rest silently (QHttp1Configuration arrives only in 6.5); a request leases the least busy
// manager, and a new one is made when every manager already has 6 in flight, so 32 concurrent requests really
// run on 32 connections.
class TransportPool {
public:
    static constexpr int kConnectionsPerManager = 6;  // Qt 6.4's fixed HTTP/1.1 per-host limit
    static constexpr int kMaxManagers = 64;           // 384 connections: far past any sane client concurrency

    struct Lease {
        QNetworkAccessManager* manager = nullptr;
        int index = -1;
    };

    TransportPool();
    ~TransportPool();

    Lease acquire();
    void release(const Lease& lease);
    int managers() const { return static_cast<int>(managers_.size()); }
    int in_flight() const;
    int peak_in_flight() const { return peak_; }

private:
    std::vector<std::unique_ptr<QNetworkAccessManager>> managers_;
    std::vector<int> load_;
    int peak_ = 0;
};

}  // namespace stormproof
