#pragma once

#include <QString>
#include <functional>
#include <string>

namespace stormproof {

class ResilientClient;
struct Policy;

// Settings' "Test connection": lists the models of one target of an edited (not yet applied) policy through
// the live client (which keeps serving with the policy in force) and says the outcome in a sentence.
using ConnectionCheck = std::function<void(const Policy& policy, const std::string& target,
                                           std::function<void(bool ok, const QString& result)> done)>;
ConnectionCheck make_connection_check(ResilientClient& client);

// "Connected: 12 models (a, b, c, d, e, …)".
QString connected_text(const std::vector<std::string>& model_ids);

}  // namespace stormproof
