#include "ConnectionCheck.h"

#include <QCoreApplication>
#include <QStringList>
#include <vector>

#include "llm/ResilientClient.h"

namespace stormproof {

namespace {
// The models named in the sentence; the rest are counted.
constexpr std::size_t kModelsNamed = 5;
}  // namespace

QString connected_text(const std::vector<std::string>& ids) {
    QStringList some;
    for (std::size_t i = 0; i < ids.size() && i < kModelsNamed; ++i)
        some << QString::fromStdString(ids[i]);
    return QCoreApplication::translate("ConnectionCheck", "Connected: %1 models (%2%3)")
        .arg(ids.size())
        .arg(some.join(QStringLiteral(", ")))
        .arg(ids.size() > kModelsNamed ? QStringLiteral(", …") : QString());
}

ConnectionCheck make_connection_check(ResilientClient& client) {
    return [&client](const Policy& policy, const std::string& target,
                     std::function<void(bool, const QString&)> done) {
        client.list_models(
            target,
            [done](std::vector<std::string> ids, std::string error) {
                if (error.empty())
                    done(true, connected_text(ids));
                else
                    done(false, QString::fromStdString(error));
            },
            &policy);
    };
}

}  // namespace stormproof
