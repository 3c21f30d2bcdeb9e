#include "ChatExport.h"

#include <QCoreApplication>
#include <QDir>
#include <QSaveFile>

namespace stormproof {

namespace {
// File names longer than this are cut: every common file system takes it, with room for the extension.
constexpr int kMaxFileStemChars = 80;

QString extension(ChatExportFormat format) {
    return format == ChatExportFormat::Json ? QStringLiteral(".json") : QStringLiteral(".md");
}
}  // namespace

QString export_filter(ChatExportFormat format) {
    return format == ChatExportFormat::Json
               ? QCoreApplication::translate("ChatExport", "JSON with event log (*.json)")
               : QCoreApplication::translate("ChatExport", "Markdown (*.md)");
}

ChatExportFormat export_format_of(const QString& path, const QString& selected_filter) {
    if (path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive))
        return ChatExportFormat::Json;
    if (path.endsWith(QLatin1String(".md"), Qt::CaseInsensitive))
        return ChatExportFormat::Markdown;
    return selected_filter == export_filter(ChatExportFormat::Json) ? ChatExportFormat::Json
                                                                    : ChatExportFormat::Markdown;
}

QString with_export_extension(QString path, ChatExportFormat format) {
    if (!path.endsWith(extension(format), Qt::CaseInsensitive))
        path += extension(format);
    return path;
}

QString suggested_export_path(const std::string& title, ChatExportFormat format, const QString& folder) {
    QString stem;
    for (const QChar c : QString::fromStdString(title).simplified()) {
        // Characters some file system refuses, and control characters, become a dash.
        stem += (c.isPrint() && !QStringLiteral("/\\:*?\"<>|").contains(c)) ? c : QLatin1Char('-');
    }
    stem = stem.left(kMaxFileStemChars).trimmed();
    while (stem.startsWith(QLatin1Char('.')))
        stem.remove(0, 1);
    if (stem.isEmpty())
        stem = QStringLiteral("chat");
    return QDir(folder).filePath(stem + extension(format));
}

Status write_chat_export(const QString& path, ChatExportFormat format, const ConversationInfo& info,
                         const std::vector<StoredMessage>& messages,
                         const std::vector<TelemetryEvent>& events,
                         const ConversationExporter::Redact& redact) {
    const std::string text = format == ChatExportFormat::Json
                                 ? ConversationExporter::to_json(info, messages, events, redact)
                                 : ConversationExporter::to_markdown(info, messages, redact);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), static_cast<qint64>(text.size())) < 0 ||
        !file.commit()) {
        return make_error(file.errorString().toStdString(), path.toStdString());
    }
    return {};
}

}  // namespace stormproof
