#include "ProfileSettings.h"

#include <QDir>

#include "PolicyWriter.h"
#include "ProfileFile.h"

namespace stormproof {

Status save_profile_settings(const std::string& profile_dir, const Policy& policy, const AppSettings& app) {
    const QDir dir(QString::fromStdString(profile_dir));
    const std::string policy_path = dir.filePath(QStringLiteral("policy.json")).toStdString();
    if (std::string error = ProfileFile(policy_path).save(PolicyWriter::to_text(policy)); !error.empty())
        return make_error(error, policy_path);
    const std::string settings_path = dir.filePath(QStringLiteral("settings.json")).toStdString();
    if (std::string error = ProfileFile(settings_path).save(app.to_text()); !error.empty())
        return make_error(error, settings_path);
    return {};
}

}  // namespace stormproof
