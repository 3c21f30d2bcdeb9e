#include "ProfileSettings.h"

#include <QDir>

#include "PolicyWriter.h"
#include "ProfileFile.h"

namespace stormproof {

Status save_profile_settings(const std::string& profile_dir, const Policy& policy, const AppSettings& app) {
    const QDir dir(QString::fromStdString(profile_dir));
    const std::string policy_path = dir.filePath(QStringLiteral("policy.json")).toStdString();
    if (Status saved = ProfileFile(policy_path).save(PolicyWriter::to_text(policy)); !saved)
        return saved;
    const std::string settings_path = dir.filePath(QStringLiteral("settings.json")).toStdString();
    if (Status saved = ProfileFile(settings_path).save(app.to_text()); !saved)
        return saved;
    return {};
}

}  // namespace stormproof
