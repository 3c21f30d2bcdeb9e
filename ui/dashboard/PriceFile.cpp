#include "PriceFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QStandardPaths>

#include "PriceTableDialog.h"

namespace stormproof {

PriceFileLoad load_price_file(const QString& path) {
    PriceFileLoad out{PriceTable::builtin(), {}};
    if (path.isEmpty() || !QFile::exists(path))
        return out;
    std::vector<ConfigError> errors;
    if (auto table = PriceTable::load_file(path.toStdString(), errors)) {
        out.table = std::move(*table);
    } else {
        out.problem = QCoreApplication::translate(
                          "PriceFile", "The price file has problems and the built-in prices are in force: %1")
                          .arg(QString::fromStdString(join_errors(errors, path.toStdString())));
    }
    return out;
}

QString default_price_file_path() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("prices.json"));
}

std::optional<PriceTable> edit_price_file(const PriceTable& table, const QString& path, QWidget* parent) {
    PriceTableDialog dialog(table, path, parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.saved();
}

}  // namespace stormproof
