#include "CompareText.h"

#include <QCoreApplication>
#include <QStringList>

#include "ReplyOutcome.h"
#include "chat/ChatSession.h"

namespace stormproof {

namespace {
QString tr(const char* text) {
    return QCoreApplication::translate("CompareText", text);
}
// "1 retry" / "2 retries": English plurals without a translator installed (as ReplyOutcome says them; both
// forms are marked for lupdate where they are named, and the other words name their context in full).
QString count(int n, const char* one, const char* many) {
    return tr(n == 1 ? one : many).arg(n);
}
QString label_of(const std::vector<CompareReply>& replies, int i) {
    return QString::fromStdString(replies[static_cast<std::size_t>(i)].label);
}
QString usd(double value) {
    // More digits where the amounts are small, as the dashboard's cost line.
    return QStringLiteral("≈$") + QString::number(value, 'f', value < 0.01 ? 5 : value < 1 ? 4 : 2);
}
}  // namespace

CompareReply compare_reply_of(const StoredMessage& m, const PriceTable& prices) {
    CompareReply r;
    r.label = m.compare_label;
    r.ok = m.status == "complete";
    r.stopped = ChatSession::stopped_by_person(m);
    r.attempts = m.attempts;
    r.ttft_ms = m.ttft_ms;
    r.total_ms = m.status == "streaming" ? std::nullopt : m.total_ms;
    r.usage = {m.input_tokens, m.output_tokens};
    if ((m.input_tokens > 0 || m.output_tokens > 0) && prices.entry_of(m.served_model))
        r.cost_usd = prices.cost_usd(m.served_model, m.input_tokens, m.output_tokens);
    return r;
}

QString figures_text(const ReplyFigures& f) {
    QStringList parts;
    parts << count(f.attempts, QT_TRANSLATE_NOOP("CompareText", "%1 attempt"),
                   QT_TRANSLATE_NOOP("CompareText", "%1 attempts"));
    if (f.waits > 0)
        parts << count(f.waits, QT_TRANSLATE_NOOP("CompareText", "%1 wait (%2)"),
                       QT_TRANSLATE_NOOP("CompareText", "%1 waits (%2)"))
                     .arg(seconds_text(f.waited_ms));
    else
        parts << QCoreApplication::translate("CompareText", "no wait");
    if (f.fallback)
        parts << QCoreApplication::translate("CompareText", "fallback");
    if (f.ttft_ms)
        parts << QCoreApplication::translate("CompareText", "TTFT %1").arg(seconds_text(*f.ttft_ms));
    if (f.total_ms)
        parts << QCoreApplication::translate("CompareText", "total %1").arg(seconds_text(*f.total_ms));
    if (f.input_tokens > 0 || f.output_tokens > 0)
        parts << QCoreApplication::translate("CompareText", "in %1 · out %2 tokens")
                     .arg(f.input_tokens)
                     .arg(f.output_tokens);
    if (f.cost_usd)
        parts << usd(*f.cost_usd);
    return parts.join(QStringLiteral(" · "));
}

QString verdict_text(const CompareVerdict& v, const std::vector<CompareReply>& replies) {
    QStringList parts;
    if (v.fastest) {
        const QString total =
            seconds_text(replies[static_cast<std::size_t>(*v.fastest)].total_ms.value_or(0));
        parts << (v.margin_ms ? QCoreApplication::translate("CompareText", "Fastest: %1 (%2, %3 sooner)")
                                    .arg(label_of(replies, *v.fastest), total, seconds_text(*v.margin_ms))
                              : QCoreApplication::translate("CompareText", "Fastest: %1 (%2)")
                                    .arg(label_of(replies, *v.fastest), total));
    }
    if (!v.needed_retries.empty()) {
        QStringList who;
        for (const int i : v.needed_retries) {
            const ReplyFigures f = reply_figures(replies[static_cast<std::size_t>(i)]);
            QString what = count(f.retries, QT_TRANSLATE_NOOP("CompareText", "%1 retry"),
                                 QT_TRANSLATE_NOOP("CompareText", "%1 retries"));
            if (f.waited_ms > 0)
                what +=
                    QCoreApplication::translate("CompareText", ", waited %1").arg(seconds_text(f.waited_ms));
            if (f.fallback)
                what += QCoreApplication::translate("CompareText", ", fallback");
            who << QCoreApplication::translate("CompareText", "%1 (%2)").arg(label_of(replies, i), what);
        }
        parts << QCoreApplication::translate("CompareText", "needed retries: %1")
                     .arg(who.join(QStringLiteral(", ")));
    } else if (v.fastest) {
        parts << QCoreApplication::translate("CompareText", "none needed a retry");
    }
    if (!v.failed.empty()) {
        QStringList who;
        for (const int i : v.failed)
            who << label_of(replies, i);
        parts << QCoreApplication::translate("CompareText", "failed: %1").arg(who.join(QStringLiteral(", ")));
    }
    if (!v.stopped.empty()) {
        QStringList who;
        for (const int i : v.stopped)
            who << label_of(replies, i);
        parts
            << QCoreApplication::translate("CompareText", "stopped: %1").arg(who.join(QStringLiteral(", ")));
    }
    return parts.join(QStringLiteral(" · "));
}

}  // namespace stormproof
