#include "ReplyOutcome.h"

#include <QCoreApplication>

#include "chat/ChatSession.h"

namespace stormproof {

namespace {
// count()'s lookup; the calls below name the context in full, so lupdate files them under "ReplyOutcome".
QString tr(const char* text) {
    return QCoreApplication::translate("ReplyOutcome", text);
}
// "1 retry" / "2 retries": English plurals without a translator installed (both forms marked for lupdate).
QString count(int n, const char* one, const char* many) {
    return tr(n == 1 ? one : many).arg(n);
}

// "network: connection_reset" -> "connection reset": the class is said elsewhere, and underscores are for
// programs.
QString plain_detail(const std::string& message, const std::string& error_class) {
    QString text = QString::fromStdString(message).trimmed();
    for (const QString& prefix :
         {QString::fromStdString(error_class) + QLatin1Char(':'),
          QString::fromStdString(error_class.substr(0, error_class.find('_'))) + QLatin1Char(':')}) {
        while (text.startsWith(prefix, Qt::CaseInsensitive))
            text = text.mid(prefix.size()).trimmed();
    }
    if (text == QString::fromStdString(error_class))
        return {};
    if (!text.contains(QLatin1Char(' ')))
        text.replace(QLatin1Char('_'), QLatin1Char(' '));
    return text;
}
}  // namespace

QString seconds_text(std::int64_t ms) {
    return QString::number(static_cast<double>(ms) / 1000.0, 'f', ms < 10000 ? 2 : 1) + QStringLiteral(" s");
}

QString reason_text(const std::string& reason) {
    if (reason == "attempts_exhausted")
        return QCoreApplication::translate("ReplyOutcome", "every attempt the policy allows was used");
    if (reason == "budget_denied")
        return QCoreApplication::translate(
            "ReplyOutcome", "the retry budget refused more retries (too many recent failures)");
    if (reason == "hint_above_cap")
        return QCoreApplication::translate("ReplyOutcome",
                                           "the server asked to wait longer than the policy allows");
    if (reason == "deadline_too_close" || reason == "deadline_exhausted")
        return QCoreApplication::translate("ReplyOutcome", "the request's deadline ran out");
    if (reason == "no_targets_left")
        return QCoreApplication::translate("ReplyOutcome", "no fallback target was left");
    if (reason == "not_retryable" || reason == "server_forbade_retry")
        return QCoreApplication::translate("ReplyOutcome", "this kind of error is not retried");
    if (reason == "stream_cut_after_first_token")
        return QCoreApplication::translate(
            "ReplyOutcome", "the stream was cut after it started and the policy does not restart streams");
    if (reason == "breaker_open" || reason == "all_breakers_open")
        return QCoreApplication::translate("ReplyOutcome", "the target's circuit breaker is open");
    if (reason == "untranslatable")
        return QCoreApplication::translate("ReplyOutcome", "this target cannot take this request");
    return {};
}

ReplyOutcome reply_outcome(const StoredMessage& m, bool in_flight) {
    ReplyOutcome out;
    int sent = 0;
    for (const AttemptRecord& a : m.attempts) {
        if (!a.hedge)
            ++sent;
        if (a.decision == DecisionKind::Retry)
            out.waited_ms += a.delay_ms;
    }
    out.retries = std::max(0, sent - 1);
    if (m.output_tokens > 0 || m.input_tokens > 0) {
        out.tokens = QCoreApplication::translate("ReplyOutcome", "in %1 · out %2 tokens")
                         .arg(m.input_tokens)
                         .arg(m.output_tokens);
    }
    const QString waited =
        out.waited_ms > 0
            ? QCoreApplication::translate("ReplyOutcome", " (waited %1)").arg(seconds_text(out.waited_ms))
            : QString();
    if (in_flight) {
        out.kind = ReplyOutcome::Kind::InFlight;
        out.badge = out.retries > 0
                        ? count(out.retries, QT_TRANSLATE_NOOP("ReplyOutcome", "retrying: %1 retry so far"),
                                QT_TRANSLATE_NOOP("ReplyOutcome", "retrying: %1 retries so far"))
                        : QCoreApplication::translate("ReplyOutcome", "answering…");
        return out;
    }
    if (ChatSession::stopped_by_person(m)) {
        out.kind = ReplyOutcome::Kind::Stopped;
        out.badge = QCoreApplication::translate("ReplyOutcome", "stopped");
        out.sentence =
            m.content.empty()
                ? QCoreApplication::translate(
                      "ReplyOutcome",
                      "You stopped this reply before any text arrived. Regenerate to ask again.")
                : QCoreApplication::translate("ReplyOutcome",
                                              "You stopped this reply; the text above is what had arrived. "
                                              "Regenerate to ask again.");
        return out;
    }
    if (m.status == "complete") {
        if (out.retries > 0 || m.fallback_used) {
            out.kind = ReplyOutcome::Kind::Recovered;
            out.badge =
                m.fallback_used && out.retries == 0
                    ? QCoreApplication::translate("ReplyOutcome", "recovered by fallback to %1")
                          .arg(QString::fromStdString(m.served_target))
                    : count(out.retries, QT_TRANSLATE_NOOP("ReplyOutcome", "recovered after %1 retry"),
                            QT_TRANSLATE_NOOP("ReplyOutcome", "recovered after %1 retries")) +
                          waited;
            if (m.fallback_used && out.retries > 0)
                out.badge += QCoreApplication::translate("ReplyOutcome", ", answered by %1")
                                 .arg(QString::fromStdString(m.served_target));
        } else {
            out.kind = ReplyOutcome::Kind::Clean;
            out.badge = QCoreApplication::translate("ReplyOutcome", "answered first time");
        }
        return out;
    }
    out.kind = ReplyOutcome::Kind::Failed;
    out.badge = sent > 1 ? count(sent, QT_TRANSLATE_NOOP("ReplyOutcome", "failed after %1 attempt"),
                                 QT_TRANSLATE_NOOP("ReplyOutcome", "failed after %1 attempts")) +
                               waited
                         : QCoreApplication::translate("ReplyOutcome", "failed");
    // The engine's hint is "what happened: what to do" -- the plain sentence, with why the policy gave up.
    QString sentence = QString::fromStdString(m.error_hint);
    if (sentence.isEmpty())
        sentence = QCoreApplication::translate("ReplyOutcome", "The request failed.");
    const QString why = reason_text(m.error_reason);
    if (!why.isEmpty())
        sentence += QLatin1Char(' ') +
                    QCoreApplication::translate("ReplyOutcome", "Stopped trying because %1.").arg(why);
    if (m.status == "partial" && !m.content.empty())
        sentence +=
            QLatin1Char(' ') +
            QCoreApplication::translate("ReplyOutcome", "The text above is what arrived before it failed.");
    out.sentence = sentence;
    QStringList detail;
    std::optional<int> last_status;
    for (const AttemptRecord& a : m.attempts)
        last_status = a.status ? a.status : last_status;
    if (last_status && *last_status >= 400)
        detail << QCoreApplication::translate("ReplyOutcome", "HTTP %1").arg(*last_status);
    const QString said = plain_detail(m.error_message, m.error_class);
    if (!said.isEmpty())
        detail << said;
    if (!m.error_class.empty())
        detail << QCoreApplication::translate("ReplyOutcome", "class %1")
                      .arg(QString::fromStdString(m.error_class));
    out.detail = detail.join(QStringLiteral(" · "));
    return out;
}

}  // namespace stormproof
