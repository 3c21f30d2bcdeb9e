#include "NetworkRules.h"

#include <QHostAddress>
#include <QString>
#include <QUrl>

namespace stormproof {

bool NetworkRules::is_loopback_host(std::string_view host) {
    const QString h = QString::fromUtf8(host.data(), static_cast<qsizetype>(host.size())).toLower();
    if (h == QLatin1String("localhost"))
        return true;
    QString bare = h;
    if (bare.startsWith(QLatin1Char('[')) && bare.endsWith(QLatin1Char(']')))
        bare = bare.mid(1, bare.size() - 2);
    const QHostAddress address(bare);
    return !address.isNull() && address.isLoopback();
}

std::string NetworkRules::base_url_problem(const std::string& url, bool allow_insecure_http) {
    const QUrl parsed(QString::fromStdString(url), QUrl::StrictMode);
    if (!parsed.isValid() || parsed.host().isEmpty()) {
        return "must be an absolute http:// or https:// URL with a host, e.g. https://api.openai.com/v1";
    }
    const QString scheme = parsed.scheme().toLower();
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http")) {
        return "must use http:// or https://, got " + scheme.toStdString() + "://";
    }
    if (!parsed.userInfo().isEmpty()) {
        return "must not carry credentials in the URL; use api_keys";
    }
    if (scheme == QLatin1String("http") && !allow_insecure_http &&
        !is_loopback_host(parsed.host().toStdString())) {
        return "plain http:// to " + parsed.host().toStdString() +
               " would send the API key unencrypted; use https://, or set allow_insecure_http: true for this "
               "target";
    }
    return {};
}

}  // namespace stormproof
