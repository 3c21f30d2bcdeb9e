#include "CostWords.h"

#include <QCoreApplication>
#include <QStringList>

#include "IdentifierWords.h"

namespace stormproof {

namespace {
QString usd(double value) {
    return QString::fromStdString(format_usd(value));
}
QString fixed(double value, int digits) {
    return QString::number(value, 'f', digits);
}
}  // namespace

QString cost_words(const CostEstimate& e) {
    QString text = QCoreApplication::translate(
                       "CostWords",
                       "Cost of resilience (last %1 s): %2 of %3 attempts were retries, %4 failed, "
                       "%5 fallbacks; %6 s spent waiting. Tokens: %7 delivered, %8 wasted on failed "
                       "or duplicate attempts. Estimated cost %9, of which %10 wasted")
                       .arg(e.range_s)
                       .arg(e.retries)
                       .arg(e.attempts)
                       .arg(e.failed_attempts)
                       .arg(e.fallbacks)
                       .arg(fixed(static_cast<double>(e.wait_ms) / 1000.0, 1))
                       .arg(e.delivered_tokens)
                       .arg(e.wasted_tokens)
                       .arg(usd(e.total_usd), usd(e.wasted_usd));
    if (e.priced.empty()) {
        text += QLatin1Char('.');
    } else {
        QStringList models;
        for (std::size_t i = 0; i < e.priced.size() && i < kMaxModelsNamed; ++i) {
            const CostEstimate::PricedModel& m = e.priced[i];
            QString one = QCoreApplication::translate("CostWords", "%1 at $%2/$%3")
                              .arg(QString::fromStdString(m.model), fixed(m.price.input_usd_per_mtok, 2),
                                   fixed(m.price.output_usd_per_mtok, 2));
            if (!m.note.empty())
                one += QStringLiteral(" — ") + resource_words("Prices", m.note);
            models << one;
        }
        QString list = models.join(QStringLiteral("; "));
        if (e.priced.size() > kMaxModelsNamed)
            list += QCoreApplication::translate("CostWords", "; and %1 more")
                        .arg(e.priced.size() - kMaxModelsNamed);
        text += QCoreApplication::translate("CostWords",
                                            " (an estimate at list prices per million tokens in/out: %1).")
                    .arg(list);
    }
    if (!e.unpriced.empty()) {
        QStringList models;
        for (std::size_t i = 0; i < e.unpriced.size() && i < kMaxModelsNamed; ++i)
            models << QString::fromStdString(e.unpriced[i]);
        QString list = models.join(QStringLiteral(", "));
        if (e.unpriced.size() > kMaxModelsNamed)
            list += QCoreApplication::translate("CostWords", " and %1 more")
                        .arg(e.unpriced.size() - kMaxModelsNamed);
        text += QCoreApplication::translate("CostWords", " Not in the price table (counted as $0): %1.")
                    .arg(list);
    }
    return text;
}

}  // namespace stormproof
