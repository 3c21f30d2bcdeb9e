// Issue 21 item 4: a compare's ribbon figures and verdict, on values.
#include "llm/Comparison.h"

#include <gtest/gtest.h>

namespace stormproof {
namespace {

AttemptRecord attempt(const std::string& target, std::optional<DecisionKind> decision,
                      std::int64_t delay_ms = 0, bool hedge = false) {
    AttemptRecord a;
    a.target = target;
    a.decision = decision;
    a.delay_ms = delay_ms;
    a.hedge = hedge;
    return a;
}

CompareReply reply(const std::string& label, bool ok, std::optional<std::int64_t> total_ms,
                   std::vector<AttemptRecord> attempts, std::optional<std::int64_t> ttft_ms = std::nullopt) {
    CompareReply r;
    r.label = label;
    r.ok = ok;
    r.total_ms = total_ms;
    r.ttft_ms = ttft_ms;
    r.attempts = std::move(attempts);
    return r;
}

TEST(Comparison, RibbonFigures) {
    struct Case {
        const char* name;
        std::vector<AttemptRecord> attempts;
        int attempts_n, hedges, retries, waits;
        std::int64_t waited_ms;
        bool fallback;
    };
    const Case cases[] = {
        {"clean", {attempt("a", DecisionKind::Success)}, 1, 0, 0, 0, 0, false},
        {"two_waits",
         {attempt("a", DecisionKind::Retry, 200), attempt("a", DecisionKind::Retry, 400),
          attempt("a", DecisionKind::Success)},
         3,
         0,
         2,
         2,
         600,
         false},
        {"retry_at_once_is_no_wait",
         {attempt("a", DecisionKind::Retry, 0), attempt("a", DecisionKind::Success)},
         2,
         0,
         1,
         0,
         0,
         false},
        {"hedge_is_no_retry",
         {attempt("a", DecisionKind::Cancelled), attempt("a", DecisionKind::Success, 0, true)},
         2,
         1,
         0,
         0,
         0,
         false},
        {"fallback",
         {attempt("a", DecisionKind::Fallback), attempt("b", DecisionKind::Success)},
         2,
         0,
         1,
         0,
         0,
         true},
        {"none", {}, 0, 0, 0, 0, 0, false},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        CompareReply r = reply("x", true, 900, c.attempts, 120);
        r.usage = {11, 42};
        r.cost_usd = 0.0025;
        const ReplyFigures f = reply_figures(r);
        EXPECT_EQ(f.attempts, c.attempts_n);
        EXPECT_EQ(f.hedges, c.hedges);
        EXPECT_EQ(f.retries, c.retries);
        EXPECT_EQ(f.waits, c.waits);
        EXPECT_EQ(f.waited_ms, c.waited_ms);
        EXPECT_EQ(f.fallback, c.fallback);
        EXPECT_EQ(f.ttft_ms, 120);
        EXPECT_EQ(f.total_ms, 900);
        EXPECT_EQ(f.input_tokens, 11);
        EXPECT_EQ(f.output_tokens, 42);
        EXPECT_EQ(f.cost_usd, 0.0025);
    }
}

TEST(Comparison, VerdictSaysWhichWasFastestAndWhichNeededRetries) {
    const std::vector<CompareReply> replies{
        reply("flaky", true, 1500,
              {attempt("flaky", DecisionKind::Retry, 300), attempt("flaky", DecisionKind::Success)}, 90),
        reply("healthy", true, 1200, {attempt("healthy", DecisionKind::Success)}, 150),
        reply("down", false, 400, {attempt("down", DecisionKind::Fail)}),
    };
    const CompareVerdict v = compare_verdict(replies);
    EXPECT_EQ(v.fastest, 1);
    EXPECT_EQ(v.first_token, 0) << "the first token and the whole reply are told apart";
    EXPECT_EQ(v.margin_ms, 300);
    EXPECT_EQ(v.needed_retries, std::vector<int>{0});
    EXPECT_EQ(v.clean, std::vector<int>{1});
    EXPECT_EQ(v.failed, std::vector<int>{2});
    EXPECT_TRUE(v.decided());
    EXPECT_EQ(verdict_line(v, replies),
              "fastest: healthy (1.20 s, 0.30 s sooner); needed retries: flaky (1 retry, waited 0.30 s); "
              "failed: down");
}

TEST(Comparison, TiesRunningAndStoppedColumns) {
    // A tie goes to the lower column; a column still running (no total) is neither failed nor fastest.
    std::vector<CompareReply> replies{
        reply("a", true, 1000, {attempt("a", DecisionKind::Success)}),
        reply("b", true, 1000, {attempt("b", DecisionKind::Success)}),
        reply("c", false, std::nullopt, {attempt("c", std::nullopt)}),
    };
    CompareVerdict v = compare_verdict(replies);
    EXPECT_EQ(v.fastest, 0);
    EXPECT_EQ(v.margin_ms, 0);
    EXPECT_TRUE(v.failed.empty());
    EXPECT_EQ(verdict_line(v, replies), "fastest: a (1.00 s, 0.00 s sooner); none needed a retry");
    replies[2].stopped = true;
    replies[2].total_ms = 50;
    v = compare_verdict(replies);
    EXPECT_EQ(v.stopped, std::vector<int>{2});
    EXPECT_TRUE(v.failed.empty());
    // Nothing answered: no fastest, no margin.
    const std::vector<CompareReply> none{reply("a", false, 10, {}), reply("b", false, 20, {})};
    v = compare_verdict(none);
    EXPECT_FALSE(v.fastest.has_value());
    EXPECT_FALSE(v.margin_ms.has_value());
    EXPECT_EQ(verdict_line(v, none), "failed: a, b");
    // One answer only: fastest without a margin.
    const std::vector<CompareReply> one{reply("a", true, 700, {}), reply("b", false, 20, {})};
    v = compare_verdict(one);
    EXPECT_EQ(v.fastest, 0);
    EXPECT_FALSE(v.margin_ms.has_value());
    EXPECT_EQ(verdict_line(v, one), "fastest: a (0.70 s); none needed a retry; failed: b");
}

TEST(Comparison, SecondsAreSaidAsTheRibbonSaysThem) {
    EXPECT_EQ(format_seconds(0), "0.00 s");
    EXPECT_EQ(format_seconds(1254), "1.25 s");
    EXPECT_EQ(format_seconds(12345), "12.3 s");
}

}  // namespace
}  // namespace stormproof
