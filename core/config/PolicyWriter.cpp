#include "PolicyWriter.h"

#include "ProfileFile.h"

#include <nlohmann/json.hpp>

#include "PolicyFields.h"
#include "resilience/Text.h"

namespace stormproof {

using nlohmann::json;

json PolicyWriter::to_json(const Policy& policy) {
    const ResiliencePolicy& r = policy.resilience;
    json targets = json::array();
    for (const TargetConfig& t : policy.targets) {
        json target = {{"name", t.name}, {"provider", std::string(to_string(t.provider))}};
        if (!t.base_url.empty())
            target["base_url"] = t.base_url;
        if (!t.model.empty())
            target["model"] = t.model;
        if (!t.api_keys.empty()) {
            json keys = json::array();
            for (const KeyRef& k : t.api_keys) {
                keys.push_back({{k.source == KeyRef::Source::Env ? "env" : "keychain", k.name}});
            }
            target["api_keys"] = keys;
        }
        if (t.allow_insecure_http)
            target["allow_insecure_http"] = true;
        if (!t.scenario.empty())
            target["scenario"] = t.scenario;
        if (t.auth_header != AuthHeader::Default)
            target["auth_header"] = std::string(to_string(t.auth_header));
        targets.push_back(target);
    }

    json out = {{"version", Policy::kVersion}, {"targets", targets}};
    // Every key of the table, explicit, so a saved file documents the values in force.
    for (const PolicyField& f : PolicyFields::all()) {
        if (f.get)
            out[json::json_pointer("/" + std::string(f.section()) + "/" + std::string(f.key()))] = f.get(r);
    }
    json classes = json::object();
    for (const auto& [error_class, rule] : r.retry.class_rules) {
        if (is_engine_class(error_class))
            continue;
        json& entry = classes[std::string(to_string(error_class))];
        for (const PolicyField* f : PolicyFields::section("retry.classes.*"))
            entry[std::string(f->key())] = f->get_rule(rule);
    }
    out["retry"]["classes"] = classes;
    json failure_classes = json::array();
    for (ErrorClass c : r.breaker.failure_classes)
        failure_classes.push_back(std::string(to_string(c)));
    out["circuit_breaker"]["failure_classes"] = failure_classes;
    return out;
}

std::string PolicyWriter::to_text(const Policy& policy) {
    return to_json_text(to_json(policy), 2) + "\n";
}

Status PolicyWriter::save(const Policy& policy, const std::string& path) {
    return ProfileFile::write_atomically(path, to_text(policy));
}

}  // namespace stormproof
