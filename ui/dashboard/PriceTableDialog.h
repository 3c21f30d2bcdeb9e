#pragma once

#include <QDialog>

#include "telemetry/PriceTable.h"

class QLabel;
class QTableWidget;

namespace stormproof {

// Edits the price table behind the dashboard's cost estimate: a row per model or prefix, USD per million
// input and output tokens. Saving validates with PriceTable's own parser and writes the file atomically.
class PriceTableDialog final : public QDialog {
    Q_OBJECT

public:
    PriceTableDialog(const PriceTable& table, QString path, QWidget* parent = nullptr);

    // The edited table, or the errors that keep it from being one (each naming its row).
    std::optional<PriceTable> edited(std::vector<ConfigError>& errors) const;
    QTableWidget* table() const { return table_; }
    const PriceTable& saved() const { return saved_; }
    // Validates and saves; on a problem shows it and returns false, leaving the file as it was.
    bool save();

private:
    void add_row(const PriceTable::Entry& entry);

    QString path_;
    QString note_;
    QTableWidget* table_ = nullptr;
    QLabel* error_ = nullptr;
    PriceTable saved_;
};

}  // namespace stormproof
