#pragma once

#include <QPoint>
#include <QString>
#include <QStringList>
#include <deque>
#include <functional>

#include "telemetry/MetricsAggregator.h"
#include "telemetry/Redactor.h"

class QWidget;

namespace stormproof {

// The dashboard's exports. Each writer returns an empty string on success, else why it failed (naming the
// file); files are written whole or not at all (QSaveFile).

// One row per second of the history, oldest first, ending at now_s (Unix seconds).
QString write_metrics_csv(const MetricsAggregator& metrics, std::int64_t now_s, const QString& path);
// The events as docs/INTERFACES.md's JSONL, free text censored by the redactor.
QString write_events_jsonl(const std::deque<TelemetryEvent>& events, const Redactor& redactor,
                           const QString& path);
// A widget as it looks, as PNG.
QString write_png(QWidget* widget, const QString& path);

// The Export menu: events, metrics, or a chart by name; each asks where (the documents folder first, the
// extension named), writes, and says where it saved or why it could not. `chart` writes a chart by name.
struct ExportActions {
    std::function<QString(const QString&)> events_jsonl;
    std::function<QString(const QString&)> metrics_csv;
    std::function<QString(const QString& name, const QString& path)> chart_png;
    QStringList chart_names;
    std::function<void(const QString& message)> done;  // "Saved … to PATH" or the problem
};
void show_export_menu(QWidget* parent, const QPoint& where, const ExportActions& actions);

}  // namespace stormproof
