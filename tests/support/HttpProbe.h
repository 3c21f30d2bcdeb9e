#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QString>
#include <utility>

namespace stormproof::test {

// What a raw HTTP exchange produced, seen from a plain QNetworkAccessManager client (no Stormproof logic), so
// simulator tests observe faults exactly as any client would.
struct ProbeResult {
    int status = 0;  // 0: no HTTP status
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
    qint64 elapsed_ms = 0;
    qint64 first_byte_ms = -1;
    bool timed_out = false;

    QByteArray header(const QByteArray& name) const;
};

// Sends one request and runs the event loop until it finishes or bound_ms passes (a guard against a hang,
// which a test then reports as timed_out). transfer_timeout_ms > 0 sets Qt's inactivity timeout.
ProbeResult probe(QNetworkAccessManager& nam, const QString& url, const QByteArray& body,
                  QList<std::pair<QByteArray, QByteArray>> headers = {}, int transfer_timeout_ms = 0,
                  int bound_ms = 10000);

}  // namespace stormproof::test
