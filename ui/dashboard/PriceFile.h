#pragma once

#include <QString>

#include "telemetry/PriceTable.h"

class QWidget;

namespace stormproof {

// Where the dashboard's prices come from: a file the person may edit, else the built-in table.
struct PriceFileLoad {
    PriceTable table;
    QString problem;  // empty, or why the file was not used (the built-in table is in force then)
};
// A missing file is not a problem (the built-in table); a broken one is, naming each error with its path.
PriceFileLoad load_price_file(const QString& path);
// Where "Prices…" saves when no file was named: prices.json in the application's data folder.
QString default_price_file_path();
// Opens the price editor on `table`; when the person saves, returns the saved table.
std::optional<PriceTable> edit_price_file(const PriceTable& table, const QString& path, QWidget* parent);

}  // namespace stormproof
