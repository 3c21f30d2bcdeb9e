#include "ProfileScenarios.h"

#include <QDir>

#include "ScenarioLoader.h"

namespace stormproof {

std::vector<std::pair<std::string, Scenario>> load_profile_scenarios(const std::string& profile_dir) {
    std::vector<std::pair<std::string, Scenario>> out;
    if (profile_dir.empty())
        return out;
    const QDir custom(QDir(QString::fromStdString(profile_dir)).filePath(QStringLiteral("scenarios")));
    for (const QString& f : custom.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        auto loaded = ScenarioLoader::from_file(custom.filePath(f).toStdString());
        if (!loaded.ok())
            continue;
        out.emplace_back(f.chopped(5).toStdString(), *loaded.scenario);
    }
    return out;
}

}  // namespace stormproof
