#include "Comparison.h"

#include <cstdio>

namespace stormproof {

ReplyFigures reply_figures(const CompareReply& reply) {
    ReplyFigures f;
    int sent = 0;
    const std::string* first_target = nullptr;
    for (const AttemptRecord& a : reply.attempts) {
        ++f.attempts;
        if (a.hedge)
            ++f.hedges;
        else
            ++sent;
        if (a.decision == DecisionKind::Retry && a.delay_ms > 0) {
            ++f.waits;
            f.waited_ms += a.delay_ms;
        }
        if (!first_target)
            first_target = &a.target;
        else if (a.target != *first_target)
            f.fallback = true;
    }
    f.retries = sent > 1 ? sent - 1 : 0;
    f.ttft_ms = reply.ttft_ms;
    f.total_ms = reply.total_ms;
    f.input_tokens = reply.usage.input_tokens;
    f.output_tokens = reply.usage.output_tokens;
    f.cost_usd = reply.cost_usd;
    return f;
}

CompareVerdict compare_verdict(const std::vector<CompareReply>& replies) {
    CompareVerdict v;
    std::optional<std::int64_t> best_total, second_total, best_ttft;
    for (int i = 0; i < static_cast<int>(replies.size()); ++i) {
        const CompareReply& r = replies[static_cast<std::size_t>(i)];
        if (r.stopped) {
            v.stopped.push_back(i);
            continue;
        }
        if (!r.ok) {
            if (r.total_ms)  // finished: a failure; without a total it is still running
                v.failed.push_back(i);
            continue;
        }
        const ReplyFigures f = reply_figures(r);
        if (f.retries > 0 || f.waits > 0 || f.fallback)
            v.needed_retries.push_back(i);
        else
            v.clean.push_back(i);
        const std::int64_t total = r.total_ms.value_or(0);
        if (!best_total || total < *best_total) {
            second_total = best_total;
            best_total = total;
            v.fastest = i;
        } else if (!second_total || total < *second_total) {
            second_total = total;
        }
        if (r.ttft_ms && (!best_ttft || *r.ttft_ms < *best_ttft)) {
            best_ttft = r.ttft_ms;
            v.first_token = i;
        }
    }
    if (best_total && second_total)
        v.margin_ms = *second_total - *best_total;
    return v;
}

std::string format_seconds(std::int64_t ms) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, ms < 10000 ? "%.2f s" : "%.1f s", static_cast<double>(ms) / 1000.0);
    return buffer;
}

std::string verdict_line(const CompareVerdict& v, const std::vector<CompareReply>& replies) {
    const auto label = [&replies](int i) { return replies[static_cast<std::size_t>(i)].label; };
    std::vector<std::string> parts;
    if (v.fastest) {
        std::string part = "fastest: " + label(*v.fastest) + " (" +
                           format_seconds(replies[static_cast<std::size_t>(*v.fastest)].total_ms.value_or(0));
        if (v.margin_ms)
            part += ", " + format_seconds(*v.margin_ms) + " sooner";
        parts.push_back(part + ")");
    }
    if (!v.needed_retries.empty()) {
        std::string part = "needed retries: ";
        for (std::size_t k = 0; k < v.needed_retries.size(); ++k) {
            const int i = v.needed_retries[k];
            const ReplyFigures f = reply_figures(replies[static_cast<std::size_t>(i)]);
            part += (k ? ", " : "") + label(i) + " (" + std::to_string(f.retries) +
                    (f.retries == 1 ? " retry" : " retries");
            if (f.waited_ms > 0)
                part += ", waited " + format_seconds(f.waited_ms);
            if (f.fallback)
                part += ", fallback";
            part += ")";
        }
        parts.push_back(part);
    } else if (v.fastest) {
        parts.emplace_back("none needed a retry");
    }
    if (!v.failed.empty()) {
        std::string part = "failed: ";
        for (std::size_t k = 0; k < v.failed.size(); ++k)
            part += (k ? ", " : "") + label(v.failed[k]);
        parts.push_back(part);
    }
    if (!v.stopped.empty()) {
        std::string part = "stopped: ";
        for (std::size_t k = 0; k < v.stopped.size(); ++k)
            part += (k ? ", " : "") + label(v.stopped[k]);
        parts.push_back(part);
    }
    std::string line;
    for (std::size_t k = 0; k < parts.size(); ++k)
        line += (k ? "; " : "") + parts[k];
    return line;
}

}  // namespace stormproof
