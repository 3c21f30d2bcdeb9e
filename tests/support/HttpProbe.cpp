#include "HttpProbe.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkRequest>
#include <QTimer>

namespace stormproof::test {

QByteArray ProbeResult::header(const QByteArray& name) const {
    for (const auto& [k, v] : headers) {
        if (k.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

ProbeResult probe(QNetworkAccessManager& nam, const QString& url, const QByteArray& body,
                  QList<std::pair<QByteArray, QByteArray>> headers, int transfer_timeout_ms, int bound_ms) {
    QNetworkRequest request{QUrl(url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto& [k, v] : headers)
        request.setRawHeader(k, v);
    if (transfer_timeout_ms > 0)
        request.setTransferTimeout(transfer_timeout_ms);
    QElapsedTimer clock;
    clock.start();
    QNetworkReply* reply = body.isNull() ? nam.get(request) : nam.post(request, body);
    ProbeResult result;
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::readyRead, &loop, [&] {
        if (result.first_byte_ms < 0)
            result.first_byte_ms = clock.elapsed();
        result.body += reply->readAll();
    });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer bound;
    bound.setSingleShot(true);
    QObject::connect(&bound, &QTimer::timeout, &loop, [&] {
        result.timed_out = true;
        loop.quit();
    });
    bound.start(bound_ms);
    if (!reply->isFinished())
        loop.exec();
    result.elapsed_ms = clock.elapsed();
    result.body += reply->readAll();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.error = reply->error();
    for (const auto& pair : reply->rawHeaderPairs())
        result.headers.append({pair.first, pair.second});
    if (result.timed_out)
        reply->abort();
    reply->deleteLater();
    return result;
}

}  // namespace stormproof::test
