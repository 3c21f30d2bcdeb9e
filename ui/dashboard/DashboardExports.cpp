#include "DashboardExports.h"

#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QStandardPaths>
#include <QWidget>

#include "telemetry/JsonlEventLog.h"

namespace stormproof {

QString write_metrics_csv(const MetricsAggregator& metrics, std::int64_t now_s, const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("%1: %2").arg(path, file.errorString());
    const auto series = metrics.series(MetricsAggregator::kHistorySeconds);
    QByteArray out =
        "unix_s,requests,succeeded,succeeded_after_retry,failed,attempts,retries,fallbacks,short_circuited,"
        "budget_denied,hedges,wait_ms,p50_ms,p99_ms,input_tokens,output_tokens,wasted_input_tokens,"
        "wasted_output_tokens,cost_usd,wasted_cost_usd\n";
    const auto n = [](std::int64_t v) { return QByteArray::number(static_cast<qlonglong>(v)); };
    for (std::size_t i = 0; i < series.size(); ++i) {
        const MetricsSnapshot& s = series[i];
        const QList<QByteArray> cells = {n(now_s - static_cast<std::int64_t>(series.size() - 1 - i)),
                                         n(s.requests),
                                         n(s.succeeded),
                                         n(s.succeeded_after_retry),
                                         n(s.failed),
                                         n(s.attempts),
                                         n(s.retries),
                                         n(s.fallbacks),
                                         n(s.short_circuited),
                                         n(s.budget_denied),
                                         n(s.hedges),
                                         n(s.wait_ms),
                                         n(s.latency.percentile_ms(50)),
                                         n(s.latency.percentile_ms(99)),
                                         n(s.input_tokens),
                                         n(s.output_tokens),
                                         n(s.wasted_input_tokens),
                                         n(s.wasted_output_tokens),
                                         QByteArray::number(s.cost_usd, 'f', 6),
                                         QByteArray::number(s.wasted_cost_usd, 'f', 6)};
        out += cells.join(',') + '\n';
    }
    if (file.write(out) != out.size() || !file.commit())
        return QStringLiteral("%1: %2").arg(path, file.errorString());
    return {};
}

QString write_events_jsonl(const std::deque<TelemetryEvent>& events, const Redactor& redactor,
                           const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("%1: %2").arg(path, file.errorString());
    QByteArray out;
    for (const TelemetryEvent& e : events)
        out += QByteArray::fromStdString(JsonlEventLog::line_for(e, redactor));  // ends in \n
    if (file.write(out) != out.size() || !file.commit())
        return QStringLiteral("%1: %2").arg(path, file.errorString());
    return {};
}

QString write_png(QWidget* widget, const QString& path) {
    if (!widget->grab().save(path, "PNG"))
        return QStringLiteral("%1: could not write the PNG").arg(path);
    return {};
}

void show_export_menu(QWidget* parent, const QPoint& where, const ExportActions& actions) {
    QMenu menu(parent);
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const auto ask_and_run = [parent, dir, &actions](const QString& what, const QString& suggested,
                                                     const QString& filter,
                                                     const std::function<QString(const QString&)>& write) {
        QString path = QFileDialog::getSaveFileName(parent, QObject::tr("Export %1").arg(what),
                                                    QDir(dir).filePath(suggested), filter);
        if (path.isEmpty())
            return;
        const QString extension = suggested.mid(suggested.lastIndexOf(QLatin1Char('.')));
        if (!path.endsWith(extension, Qt::CaseInsensitive))
            path += extension;  // the file says what it holds even when the name typed did not
        const QString problem = write(path);
        if (!problem.isEmpty()) {
            QMessageBox::warning(parent, QObject::tr("Export"),
                                 QObject::tr("Could not export: %1").arg(problem));
            if (actions.done)
                actions.done(QObject::tr("Could not export: %1").arg(problem));
        } else if (actions.done) {
            actions.done(QObject::tr("Saved %1 to %2").arg(what, QDir::toNativeSeparators(path)));
        }
    };
    menu.addAction(QObject::tr("Events (JSONL)…"), parent, [=] {
        ask_and_run(QObject::tr("the events"), QStringLiteral("stormproof-events-%1.jsonl").arg(stamp),
                    QObject::tr("JSON Lines (*.jsonl)"), actions.events_jsonl);
    });
    menu.addAction(QObject::tr("Metrics (CSV)…"), parent, [=] {
        ask_and_run(QObject::tr("the metrics"), QStringLiteral("stormproof-metrics-%1.csv").arg(stamp),
                    QObject::tr("CSV (*.csv)"), actions.metrics_csv);
    });
    QMenu* png = menu.addMenu(QObject::tr("Chart (PNG)"));
    for (const QString& name : actions.chart_names) {
        png->addAction(name, parent, [=] {
            ask_and_run(QObject::tr("the %1 chart").arg(name),
                        QStringLiteral("stormproof-%1-%2.png").arg(name, stamp),
                        QObject::tr("PNG image (*.png)"),
                        [&actions, name](const QString& p) { return actions.chart_png(name, p); });
        });
    }
    menu.exec(where);
}

}  // namespace stormproof
