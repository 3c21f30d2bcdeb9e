#include "ScenarioRegistry.h"

#include <algorithm>

#include "ScenarioLoader.h"

namespace stormproof {

namespace {
constexpr const char* kModelPrefix = "sim-";
}

ScenarioState::ScenarioState(Scenario scenario)
    : scenario_(std::move(scenario)), limiter_(scenario_.rate_limit) {}

void ScenarioState::restart(std::int64_t now_ms) {
    started_ = true;
    started_ms_ = now_ms;
    limiter_.reset(scenario_.rate_limit);
    fault_uses_.clear();
}

void ScenarioState::start_if_new(std::int64_t now_ms) {
    if (!started_)
        restart(now_ms);
}

ScenarioRegistry::ScenarioRegistry(std::int64_t now_ms) : builtin_names_(ScenarioLoader::builtin_names()) {
    set_current(Scenario::healthy(), now_ms);
}

Status ScenarioRegistry::add(const std::string& name, Scenario scenario) {
    if (const Status named = ScenarioLoader::check_name(name); !named)
        return make_error(named.error().message, name);
    auto& slot = registered_[name];
    if (slot && slot->scenario() == scenario)
        return {};
    const bool was_current = slot && current_ == slot.get();
    auto fresh = std::make_unique<ScenarioState>(std::move(scenario));
    if (was_current) {
        // Still the current scenario, now as defined anew; it starts over when it is next used.
        current_ = fresh.get();
    }
    slot = std::move(fresh);
    return {};
}

ScenarioState* ScenarioRegistry::find(const std::string& name) {
    if (!ScenarioLoader::check_name(name))
        return nullptr;
    if (auto it = registered_.find(name); it != registered_.end())
        return it->second.get();
    if (auto it = builtins_.find(name); it != builtins_.end())
        return it->second.get();
    if (std::find(builtin_names_.begin(), builtin_names_.end(), name) == builtin_names_.end())
        return nullptr;
    auto loaded = ScenarioLoader::builtin(name);
    if (!loaded.ok())
        return nullptr;
    return builtins_.emplace(name, std::make_unique<ScenarioState>(std::move(*loaded.scenario)))
        .first->second.get();
}

std::vector<std::string> ScenarioRegistry::names() const {
    std::vector<std::string> out = builtin_names_;
    for (const auto& [name, state] : registered_) {
        if (std::find(out.begin(), out.end(), name) == out.end())
            out.push_back(name);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string ScenarioRegistry::names_text() const {
    std::string out;
    for (const auto& n : names())
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

ScenarioState* ScenarioRegistry::for_model(const std::string& model, std::int64_t now_ms) {
    if (model.rfind(kModelPrefix, 0) != 0) {
        current_->start_if_new(now_ms);
        return current_;
    }
    ScenarioState* state = find(model.substr(std::char_traits<char>::length(kModelPrefix)));
    if (state)
        state->start_if_new(now_ms);
    return state;
}

void ScenarioRegistry::set_current(Scenario scenario, std::int64_t now_ms) {
    unnamed_ = std::make_unique<ScenarioState>(std::move(scenario));
    unnamed_->restart(now_ms);
    current_ = unnamed_.get();
}

Status ScenarioRegistry::select(const std::string& name, std::int64_t now_ms) {
    if (Status named = ScenarioLoader::check_name(name); !named)
        return named;
    ScenarioState* state = find(name);
    if (!state)
        return make_error("no scenario named \"" + name + "\" (known: " + names_text() + ")");
    state->restart(now_ms);
    current_ = state;
    unnamed_.reset();
    return {};
}

}  // namespace stormproof
