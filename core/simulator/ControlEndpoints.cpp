#include "ControlEndpoints.h"

#include <QHttpServerRequest>
#include <QUrlQuery>
#include <nlohmann/json.hpp>

#include "resilience/Text.h"

#include "RequestLog.h"
#include "ScenarioLoader.h"
#include "ScenarioRegistry.h"
#include "resilience/Clock.h"

namespace stormproof {

using nlohmann::json;

namespace {
ControlEndpoints::Reply refused(const std::vector<std::string>& errors) {
    return {400, to_json_text(json{{"ok", false}, {"errors", errors}})};
}
}  // namespace

ControlEndpoints::Reply ControlEndpoints::handle(const QHttpServerRequest& request, bool from_loopback) {
    // Control is for the machine the simulator runs on, whatever interface it serves chat on.
    if (!from_loopback)
        return {403, to_json_text(json{{"error", "the control endpoints answer loopback clients only"}})};
    const std::string path = request.url().path().toStdString();
    const auto method = request.method();
    if (path == "/_sim/requests" && method == QHttpServerRequest::Method::Get) {
        const auto since = request.query().queryItemValue(QStringLiteral("since")).toULongLong();
        return {200, to_json_text(log_.to_json(since))};
    }
    if (path == "/_sim/scenario" && method == QHttpServerRequest::Method::Get)
        return get_scenario(request.query().queryItemValue(QStringLiteral("name")).toStdString());
    if (path == "/_sim/scenario" && method == QHttpServerRequest::Method::Post) {
        const QByteArray body = request.body();
        return post_scenario(body.toStdString());
    }
    return {404, to_json_text(json{{"error", "unknown control endpoint " + path}})};
}

ControlEndpoints::Reply ControlEndpoints::get_scenario(const std::string& name) {
    ScenarioState* state = &scenarios_.current();
    if (!name.empty()) {
        if (const Status named = ScenarioLoader::check_name(name); !named)
            return refused({"name: " + named.error().message});
        state = scenarios_.find(name);
        if (!state)
            return {404, to_json_text(json{{"ok", false},
                                           {"errors",
                                            {"name: no scenario named \"" + name +
                                             "\" (known: " + scenarios_.names_text() + ")"}}})};
    }
    const std::int64_t now = clock_.steady_ms();
    std::size_t index = 0;
    const Phase& phase = state->phase_at(now, &index);
    return {200, to_json_text(json{{"name", state->scenario().name},
                                   {"phase", phase.name},
                                   {"phase_index", index},
                                   {"started", state->started()},
                                   {"elapsed_ms", state->elapsed_ms(now)},
                                   {"seed", seed_}})};
}

ControlEndpoints::Reply ControlEndpoints::post_scenario(const std::string& text) {
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded())
        return refused({"the body is not valid JSON"});
    if (j.is_object() && j.size() == 1 && j.contains("name")) {
        // A known scenario by name only: a client never makes the simulator read a file from its disk.
        if (!j["name"].is_string())
            return refused(
                {"name: must be a string, the name of a scenario (known: " + scenarios_.names_text() + ")"});
        const std::string name = j["name"].get<std::string>();
        if (const Status named = ScenarioLoader::check_name(name); !named)
            return refused({"name: " + named.error().message + " (known: " + scenarios_.names_text() + ")"});
        if (const Status selected = scenarios_.select(name, clock_.steady_ms()); !selected)
            return refused({"name: " + selected.error().message});
        return {200, to_json_text(json{{"ok", true}, {"name", name}})};
    }
    const ScenarioLoadResult loaded = ScenarioLoader::from_json(j);
    if (!loaded.ok()) {
        std::vector<std::string> errors;
        for (const auto& e : loaded.errors)
            errors.push_back(e.to_string());
        return refused(errors);
    }
    scenarios_.set_current(*loaded.scenario, clock_.steady_ms());
    return {200, to_json_text(json{{"ok", true}, {"name", loaded.scenario->name}})};
}

}  // namespace stormproof
