#include "PriceTableDialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <nlohmann/json.hpp>
#include "resilience/Text.h"

namespace stormproof {

PriceTableDialog::PriceTableDialog(const PriceTable& table, QString path, QWidget* parent)
    : QDialog(parent), path_(std::move(path)), note_(QString::fromStdString(table.note())), saved_(table) {
    setObjectName(QStringLiteral("priceTableDialog"));
    setWindowTitle(tr("Model prices"));
    auto* layout = new QVBoxLayout(this);
    auto* intro =
        new QLabel(tr("USD per million tokens. A match ending in * is a prefix; the longest match wins. "
                      "The dashboard's cost estimate uses these rates from the next request on.\n"
                      "Saved to %1")
                       .arg(path_),
                   this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    table_ = new QTableWidget(0, 4, this);
    table_->setHorizontalHeaderLabels(
        {tr("model or prefix*"), tr("input $/M"), tr("output $/M"), tr("note")});
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->verticalHeader()->hide();
    for (const PriceTable::Entry& e : table.entries())
        add_row(e);
    table_->resizeColumnsToContents();
    layout->addWidget(table_, 1);
    auto* row_buttons = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add"), this);
    connect(add, &QPushButton::clicked, this, [this] {
        add_row({});
        table_->setCurrentCell(table_->rowCount() - 1, 0);
        table_->editItem(table_->currentItem());
    });
    auto* remove = new QPushButton(tr("Remove"), this);
    connect(remove, &QPushButton::clicked, this, [this] {
        if (table_->currentRow() >= 0)
            table_->removeRow(table_->currentRow());
    });
    row_buttons->addWidget(add);
    row_buttons->addWidget(remove);
    row_buttons->addStretch(1);
    layout->addLayout(row_buttons);
    error_ = new QLabel(this);
    error_->setObjectName(QStringLiteral("priceError"));
    error_->setStyleSheet(QStringLiteral("color:#b00020"));
    error_->setWordWrap(true);
    error_->hide();
    layout->addWidget(error_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (save())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(640, 480);
}

void PriceTableDialog::add_row(const PriceTable::Entry& entry) {
    const int row = table_->rowCount();
    table_->insertRow(row);
    table_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(entry.match)));
    table_->setItem(row, 1, new QTableWidgetItem(QString::number(entry.price.input_usd_per_mtok)));
    table_->setItem(row, 2, new QTableWidgetItem(QString::number(entry.price.output_usd_per_mtok)));
    table_->setItem(row, 3, new QTableWidgetItem(QString::fromStdString(entry.note)));
}

std::optional<PriceTable> PriceTableDialog::edited(std::vector<ConfigError>& errors) const {
    // Through the file format and its parser, so the dialog and a hand-edited file obey the same rules and
    // speak the same messages.
    nlohmann::json doc;
    doc["version"] = PriceTable::kVersion;
    if (!note_.isEmpty())
        doc["note"] = note_.toStdString();
    doc["models"] = nlohmann::json::array();
    for (int r = 0; r < table_->rowCount(); ++r) {
        auto text = [this, r](int c) {
            return table_->item(r, c) ? table_->item(r, c)->text().trimmed() : QString();
        };
        nlohmann::json m;
        m["match"] = text(0).toStdString();
        for (int c : {1, 2}) {
            bool ok = false;
            const double v = text(c).toDouble(&ok);
            const char* key = c == 1 ? "input_per_mtok" : "output_per_mtok";
            if (ok) {
                m[key] = v;
            } else {
                m[key] = text(c).toStdString();  // the parser names the row and the field
            }
        }
        if (!text(3).isEmpty())
            m["note"] = text(3).toStdString();
        doc["models"].push_back(std::move(m));
    }
    return PriceTable::parse(to_json_text(doc), errors);
}

bool PriceTableDialog::save() {
    std::vector<ConfigError> errors;
    const auto table = edited(errors);
    if (!table) {
        QStringList lines;
        for (const ConfigError& e : errors) {
            // models[2].input_per_mtok -> row 3, as the person sees the table
            QString line = QString::fromStdString(e.to_string());
            const QRegularExpression index(QStringLiteral("^models\\[(\\d+)\\]\\."));
            const auto m = index.match(line);
            if (m.hasMatch())
                line = tr("row %1, ").arg(m.captured(1).toInt() + 1) + line.mid(m.capturedLength());
            lines << line;
        }
        error_->setText(lines.join(QLatin1Char('\n')));
        error_->show();
        return false;
    }
    if (const Status saved = table->save(path_.toStdString()); !saved) {
        error_->setText(tr("Could not save: %1").arg(QString::fromStdString(saved.error().to_string())));
        error_->show();
        return false;
    }
    saved_ = *table;
    error_->hide();
    return true;
}

}  // namespace stormproof
