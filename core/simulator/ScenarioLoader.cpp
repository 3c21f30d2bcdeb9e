#include "ScenarioLoader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <nlohmann/json.hpp>

#include "config/JsonReader.h"

// Q_INIT_RESOURCE must be called from the global namespace.
static void init_scenario_resources() {
    Q_INIT_RESOURCE(scenarios);
}

namespace stormproof {

using nlohmann::json;

namespace {

constexpr std::int64_t kHourMs = 3600000;

void read_reply(JsonReader& r, const json& j, const std::string& p, ReplyShape& reply) {
    if (!r.expect_object(j, p, {"min_tokens", "max_tokens", "first_token_ms", "tokens_per_s"}))
        return;
    r.integer(j, p, "min_tokens", reply.min_tokens, 1, 100000);
    r.integer(j, p, "max_tokens", reply.max_tokens, 1, 100000);
    r.integer(j, p, "first_token_ms", reply.first_token_ms, 0, kHourMs);
    r.number(j, p, "tokens_per_s", reply.tokens_per_s, 0, 1e6);
    if (reply.max_tokens < reply.min_tokens) {
        r.error(p + ".max_tokens", "must be at least min_tokens (" + std::to_string(reply.min_tokens) +
                                       "), got " + std::to_string(reply.max_tokens));
    }
}

void read_faults(JsonReader& r, const json& j, const std::string& p, std::vector<FaultSpec>& out) {
    if (!j.is_array()) {
        r.error(p, "must be an array of faults, got " + JsonReader::describe(j));
        return;
    }
    double total = 0;
    for (std::size_t i = 0; i < j.size(); ++i) {
        const std::string fp = p + "[" + std::to_string(i) + "]";
        const json& f = j[i];
        if (!r.expect_object(f, fp,
                             {"kind", "probability", "models", "retry_after_ms", "retry_after_s", "delay_ms",
                              "after_tokens", "stall_ms", "should_retry", "max_count"})) {
            continue;
        }
        FaultSpec spec;
        if (!JsonReader::find(f, "kind"))
            r.error(fp + ".kind", "is required (" + fault_kind_choices() + ")");
        r.enumeration(f, fp, "kind", spec.kind, fault_kind_from_string, fault_kind_choices());
        r.number(f, fp, "probability", spec.probability, 0, 1);
        if (JsonReader::find(f, "retry_after_ms")) {
            std::int64_t v = 0;
            r.integer(f, fp, "retry_after_ms", v, 0, 24 * kHourMs);
            spec.retry_after_ms = v;
        }
        if (JsonReader::find(f, "retry_after_s")) {
            double v = 0;
            r.number(f, fp, "retry_after_s", v, 0, 86400);
            spec.retry_after_s = v;
        }
        if (JsonReader::find(f, "should_retry")) {
            bool v = false;
            r.boolean(f, fp, "should_retry", v);
            spec.should_retry = v;
        }
        r.integer(f, fp, "delay_ms", spec.delay_ms, 0, kHourMs);
        r.integer(f, fp, "after_tokens", spec.after_tokens, 0, 100000);
        r.integer(f, fp, "max_count", spec.max_count, 0, 100000000);
        r.integer(f, fp, "stall_ms", spec.stall_ms, 0, kHourMs);
        if (const json* models = JsonReader::find(f, "models")) {
            if (!models->is_array()) {
                r.error(fp + ".models", "must be an array of model names");
            } else {
                for (const json& m : *models) {
                    if (m.is_string()) {
                        spec.models.push_back(m.get<std::string>());
                    } else {
                        r.error(fp + ".models", "must contain only strings");
                    }
                }
            }
        }
        if (spec.kind == FaultKind::Stall && spec.stall_ms <= 0) {
            r.error(fp + ".stall_ms", "is required for a stall (how long the stream pauses)");
        }
        if (spec.kind == FaultKind::SlowFirstByte && spec.delay_ms <= 0) {
            r.error(fp + ".delay_ms", "is required for slow_first_byte");
        }
        // Faults limited by max_count give way to the next ones once spent, so they do not count towards the
        // sum.
        if (spec.models.empty() && spec.max_count == 0)
            total += spec.probability;
        out.push_back(spec);
    }
    if (total > 1.0 + 1e-9) {
        r.error(p, "probabilities of the faults that apply to every model add up to " +
                       std::to_string(total) + "; they must not exceed 1");
    }
}

}  // namespace

ScenarioLoadResult ScenarioLoader::from_json(const json& j) {
    JsonReader r;
    Scenario s;
    s.name = "custom";
    if (r.expect_object(
            j, "", {"name", "description", "reply", "rate_limit", "faults", "phases", "repeat", "dialect"})) {
        r.string(j, "", "name", s.name);
        if (JsonReader::find(j, "dialect")) {
            ProviderDialect dialect = ProviderDialect::OpenAi;
            const std::size_t errors_before = r.errors.size();
            r.enumeration(j, "", "dialect", dialect, provider_dialect_from_string,
                          provider_dialect_choices());
            if (r.errors.size() == errors_before)
                s.dialect = dialect;
        }
        r.string(j, "", "description", s.description);
        r.boolean(j, "", "repeat", s.repeat);
        if (const json* v = JsonReader::find(j, "reply"))
            read_reply(r, *v, "reply", s.reply);
        if (const json* v = JsonReader::find(j, "rate_limit")) {
            if (r.expect_object(*v, "rate_limit", {"requests_per_minute", "tokens_per_minute"})) {
                r.integer(*v, "rate_limit", "requests_per_minute", s.rate_limit.requests_per_minute, 0,
                          10000000);
                r.integer(*v, "rate_limit", "tokens_per_minute", s.rate_limit.tokens_per_minute, 0,
                          1000000000);
            }
        }
        const json* faults = JsonReader::find(j, "faults");
        const json* phases = JsonReader::find(j, "phases");
        if (faults && phases) {
            r.error("faults", "use either faults (one endless phase) or phases, not both");
        } else if (faults) {
            Phase p{"steady", 0, {}, std::nullopt};
            read_faults(r, *faults, "faults", p.faults);
            s.phases.push_back(p);
        } else if (phases) {
            if (!phases->is_array() || phases->empty()) {
                r.error("phases", "must be a non-empty array of phases");
            } else {
                for (std::size_t i = 0; i < phases->size(); ++i) {
                    const std::string pp = "phases[" + std::to_string(i) + "]";
                    const json& pj = (*phases)[i];
                    if (!r.expect_object(pj, pp, {"name", "duration_ms", "faults", "reply"}))
                        continue;
                    Phase p;
                    p.name = "phase " + std::to_string(i + 1);
                    r.string(pj, pp, "name", p.name);
                    r.integer(pj, pp, "duration_ms", p.duration_ms, 0, 24 * kHourMs);
                    if (p.duration_ms == 0 && i + 1 < phases->size()) {
                        r.error(pp + ".duration_ms", "only the last phase may last forever (0 or absent)");
                    }
                    if (const json* f = JsonReader::find(pj, "faults"))
                        read_faults(r, *f, pp + ".faults", p.faults);
                    if (const json* rep = JsonReader::find(pj, "reply")) {
                        ReplyShape shape = s.reply;
                        read_reply(r, *rep, pp + ".reply", shape);
                        p.reply = shape;
                    }
                    s.phases.push_back(p);
                }
            }
        } else {
            s.phases.push_back(Phase{"healthy", 0, {}, std::nullopt});
        }
    }
    ScenarioLoadResult result;
    result.errors = std::move(r.errors);
    if (result.errors.empty())
        result.scenario = std::move(s);
    return result;
}

ScenarioLoadResult ScenarioLoader::from_text(std::string_view text) {
    ScenarioLoadResult result;
    const auto document = JsonReader::parse(text, result.errors);
    return document ? from_json(*document) : result;
}

ScenarioLoadResult ScenarioLoader::from_file(const std::string& path) {
    std::string text;
    ScenarioLoadResult result;
    if (!JsonReader::read_file(path, text, result.errors))
        return result;
    return from_text(text);
}

std::vector<std::string> ScenarioLoader::builtin_names() {
    init_scenario_resources();
    std::vector<std::string> names;
    const QStringList files =
        QDir(QStringLiteral(":/scenarios")).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString& f : files)
        names.push_back(QFileInfo(f).completeBaseName().toStdString());
    return names;
}

Status ScenarioLoader::check_name(const std::string& name) {
    constexpr std::size_t kMaxName = 64;
    if (name.empty())
        return make_error("a scenario name must not be empty");
    if (name.size() > kMaxName)
        return make_error("a scenario name has at most " + std::to_string(kMaxName) + " characters");
    for (const char c : name) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                        c == '_' || c == '-';
        if (!ok) {
            return make_error(
                "\"" + name +
                "\" is not a scenario name (letters, digits, '_' and '-' only): a name, not a path "
                "or a file name");
        }
    }
    return {};
}

namespace {
QString builtin_path(const std::string& name) {
    return QStringLiteral(":/scenarios/%1.json").arg(QString::fromStdString(name));
}
std::string builtin_names_text() {
    std::string names;
    for (const auto& n : ScenarioLoader::builtin_names())
        names += (names.empty() ? "" : ", ") + n;
    return names;
}
}  // namespace

ScenarioLoadResult ScenarioLoader::builtin(const std::string& name) {
    ScenarioLoadResult result;
    if (const Status named = check_name(name); !named) {
        result.errors.push_back({"name", named.error().message, 0, 0});
        return result;
    }
    init_scenario_resources();
    if (QFile::exists(builtin_path(name)))
        return from_file(builtin_path(name).toStdString());
    result.errors.push_back(
        {"name", "no built-in scenario named \"" + name + "\" (built-in: " + builtin_names_text() + ")", 0,
         0});
    return result;
}

ScenarioLoadResult ScenarioLoader::load(const std::string& name_or_path) {
    init_scenario_resources();
    if (check_name(name_or_path) && QFile::exists(builtin_path(name_or_path)))
        return builtin(name_or_path);
    if (QFileInfo::exists(QString::fromStdString(name_or_path)))
        return from_file(name_or_path);
    ScenarioLoadResult result;
    result.errors.push_back({"",
                             "no scenario named \"" + name_or_path +
                                 "\" and no such file (built-in: " + builtin_names_text() + ")",
                             0, 0});
    return result;
}

}  // namespace stormproof
