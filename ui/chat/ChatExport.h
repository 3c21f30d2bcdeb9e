#pragma once

#include <QString>
#include <vector>

#include "resilience/Result.h"
#include "storage/ConversationExporter.h"

namespace stormproof {

// A chat written to a file a person chose: Markdown to read, or JSON with the events of its requests.
enum class ChatExportFormat { Markdown, Json };

// "Markdown (*.md)" / "JSON with event log (*.json)", and back.
QString export_filter(ChatExportFormat format);
ChatExportFormat export_format_of(const QString& path, const QString& selected_filter);
// The path with the format's extension (.md, .json) unless it already ends in it.
QString with_export_extension(QString path, ChatExportFormat format);
// Where the save dialog starts: the documents folder, the chat's title made safe as a file name, the
// extension.
QString suggested_export_path(const std::string& title, ChatExportFormat format, const QString& folder);

// Writes the export atomically (QSaveFile). The error names the path.
Status write_chat_export(const QString& path, ChatExportFormat format, const ConversationInfo& info,
                         const std::vector<StoredMessage>& messages,
                         const std::vector<TelemetryEvent>& events,
                         const ConversationExporter::Redact& redact);

}  // namespace stormproof
