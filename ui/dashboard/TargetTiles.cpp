#include "TargetTiles.h"

#include <QEvent>
#include <QHeaderView>
#include <QMenu>
#include <QScrollBar>
#include <algorithm>
#include <cmath>
#include <map>

#include "DashboardPalette.h"
#include "IdentifierWords.h"

namespace stormproof {

TargetTiles::TargetTiles(QWidget* parent) : QTableWidget(0, ColumnCount, parent) {
    setObjectName(QStringLiteral("targetTiles"));
    setHorizontalHeaderLabels({tr("target"), tr("breaker"), tr("attempts"), tr("error %"), tr("p50 ms"),
                               tr("p90 ms"), tr("p99 ms"), tr("TTFT p50"), tr("headroom"), tr("trend")});
    verticalHeader()->hide();
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSortingEnabled(true);
    setContextMenuPolicy(Qt::CustomContextMenu);
    // Sized when a target appears, not on every refresh: ResizeToContents measures every cell's text each
    // time.
    horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    horizontalHeader()->setStretchLastSection(true);
    setFixedHeight(horizontalHeader()->sizeHint().height() + verticalHeader()->defaultSectionSize() +
                   2 * frameWidth() + horizontalScrollBar()->sizeHint().height());
    setToolTip(tr("Right-click a target to force its breaker open or closed"));
    connect(this, &QTableWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        const QTableWidgetItem* item = itemAt(pos);
        if (!item)
            return;
        const QString target = this->item(item->row(), Target)->text();
        QMenu menu(this);
        menu.addAction(tr("Force open"), this,
                       [this, target] { emit force_requested(target, BreakerOverride::ForceOpen); });
        menu.addAction(tr("Force closed"), this,
                       [this, target] { emit force_requested(target, BreakerOverride::ForceClosed); });
        menu.addAction(tr("Back to automatic"), this,
                       [this, target] { emit force_requested(target, BreakerOverride::Automatic); });
        menu.exec(viewport()->mapToGlobal(pos));
    });
}

void TargetTiles::update_from(const std::vector<TargetTile>& tiles) {
    setSortingEnabled(false);
    // A target keeps its row (the user may have sorted them); new targets are appended.
    std::map<QString, int> row_of;
    for (int r = 0; r < rowCount(); ++r) {
        if (const QTableWidgetItem* name = item(r, Target))
            row_of[name->text()] = r;
    }
    const bool grew = static_cast<int>(tiles.size()) != rowCount();
    if (tiles.size() < row_of.size()) {  // after a reset
        setRowCount(0);
        row_of.clear();
    }
    static const QString kBars = QStringLiteral("▁▂▃▄▅▆▇█");
    const DashboardPalette colors(palette());
    for (const TargetTile& t : tiles) {
        const QString name = QString::fromStdString(t.target);
        if (!row_of.count(name)) {
            const int r = rowCount();
            insertRow(r);
            row_of[name] = r;
        }
        const int row = row_of[name];
        QString headroom = QStringLiteral("–");
        if (t.remaining_requests && t.limit_requests)
            headroom = tr("%1/%2 req").arg(*t.remaining_requests).arg(*t.limit_requests);
        QString spark;
        for (int level : t.trend)
            spark += kBars[level];
        const std::string_view state = to_string(t.state);
        const QVariant cells[ColumnCount] = {
            name,
            identifier_words(state),
            t.attempts,
            t.error_pct ? QVariant(std::round(*t.error_pct * 10) / 10) : QVariant(QStringLiteral("–")),
            QVariant::fromValue(static_cast<qlonglong>(t.p50_ms)),
            QVariant::fromValue(static_cast<qlonglong>(t.p90_ms)),
            QVariant::fromValue(static_cast<qlonglong>(t.p99_ms)),
            QVariant::fromValue(static_cast<qlonglong>(t.ttft_p50_ms)),
            headroom,
            spark};
        for (int c = 0; c < ColumnCount; ++c) {
            // Update cells in place and only when they change: a new item per cell per refresh re-shapes all
            // their text (HarfBuzz was the biggest cost of a dashboard frame in ui_bench).
            QTableWidgetItem* cell = item(row, c);
            if (!cell) {
                cell = new QTableWidgetItem;
                setItem(row, c, cell);
            }
            if (cell->data(Qt::DisplayRole) != cells[c])
                cell->setData(Qt::DisplayRole, cells[c]);
        }
        QTableWidgetItem* breaker = item(row, Breaker);
        // The state itself, for recolour(): the text is in the interface's language.
        breaker->setData(Qt::UserRole, static_cast<int>(t.state));
        if (const QColor color = colors.breaker(t.state); breaker->foreground().color() != color)
            breaker->setForeground(color);
    }
    // Columns fit their contents when a target appears and then once a second as numbers grow -- not on
    // every cell change, which is what made ResizeToContents expensive.
    if (grew) {
        resizeColumnsToContents();
        // As tall as its rows (up to kMaxVisibleRows, then it scrolls): no empty band under two targets.
        const int rows = std::clamp(rowCount(), 1, kMaxVisibleRows);
        setFixedHeight(horizontalHeader()->height() + rows * verticalHeader()->defaultSectionSize() +
                       2 * frameWidth() + horizontalScrollBar()->sizeHint().height());
    } else if (++refreshes_ % kRefreshesPerWidthCheck == 0) {
        // Only widen a column whose contents outgrew it: resizing every column relays out the whole table.
        const QFontMetrics metrics(font());
        constexpr int kCellPaddingPx = 16;
        for (int c = 0; c < columnCount(); ++c) {
            int wanted = 0;
            for (int r = 0; r < rowCount(); ++r) {
                if (const QTableWidgetItem* cell = item(r, c))
                    wanted = std::max(wanted, metrics.horizontalAdvance(cell->text()) + kCellPaddingPx);
            }
            if (wanted > columnWidth(c))
                setColumnWidth(c, wanted);
        }
    }
    setSortingEnabled(true);
}

void TargetTiles::recolour() {
    const DashboardPalette colors(palette());
    for (int r = 0; r < rowCount(); ++r) {
        if (QTableWidgetItem* breaker = item(r, Breaker)) {
            const QVariant state = breaker->data(Qt::UserRole);
            breaker->setForeground(colors.breaker(state.isValid() ? static_cast<BreakerState>(state.toInt())
                                                                  : BreakerState::Closed));
        }
    }
}

void TargetTiles::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange)
        recolour();
    QTableWidget::changeEvent(event);
}

}  // namespace stormproof
