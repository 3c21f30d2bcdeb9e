#include <gtest/gtest.h>

#include <set>

#include "simulator/RateLimiter.h"
#include "simulator/ReplyGenerator.h"
#include "simulator/ScenarioLoader.h"
#include "simulator/WireFormat.h"

namespace stormproof {
namespace {

TEST(ScenarioLoader, EveryBuiltInScenarioLoads) {
    const auto names = ScenarioLoader::builtin_names();
    for (const char* required : {"healthy", "flaky", "rate-limited", "outage-and-recovery", "overloaded",
                                 "slow", "mid-stream-cuts", "chaos"}) {
        EXPECT_NE(std::find(names.begin(), names.end(), required), names.end()) << required;
    }
    for (const auto& name : names) {
        const auto r = ScenarioLoader::load(name);
        EXPECT_TRUE(r.ok()) << name << ": " << join_errors(r.errors);
        EXPECT_EQ(r.scenario->name, name);
        EXPECT_FALSE(r.scenario->description.empty()) << name;
    }
}

TEST(ScenarioLoader, ErrorsNameThePath) {
    const auto r = ScenarioLoader::from_text(R"({
      "phases": [
        {"name": "a", "faults": [{"kind": "meltdown"}]},
        {"name": "b", "duration_ms": 100, "faults": [{"kind": "unavailable", "probability": 0.8},
                                                    {"kind": "server_error", "probability": 0.5}]},
        {"name": "c", "faults": [{"kind": "stall", "after_tokens": 3}]}
      ],
      "reply": {"min_tokens": 50, "max_tokens": 10}
    })");
    ASSERT_FALSE(r.ok());
    const std::string all = join_errors(r.errors);
    EXPECT_NE(all.find("phases[0].faults[0].kind: must be one of rate_limit|"), std::string::npos) << all;
    EXPECT_NE(all.find("phases[0].duration_ms: only the last phase may last forever"), std::string::npos)
        << all;
    EXPECT_NE(
        all.find("phases[1].faults: probabilities of the faults that apply to every model add up to 1.3"),
        std::string::npos)
        << all;
    EXPECT_NE(all.find("phases[2].faults[0].stall_ms: is required for a stall"), std::string::npos) << all;
    EXPECT_NE(all.find("reply.max_tokens: must be at least min_tokens (50), got 10"), std::string::npos)
        << all;
}

TEST(ScenarioLoader, UnknownNameListsTheBuiltIns) {
    const auto r = ScenarioLoader::load("hurricane");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(join_errors(r.errors).find("no scenario named \"hurricane\""), std::string::npos);
    EXPECT_NE(join_errors(r.errors).find("outage-and-recovery"), std::string::npos);
}

TEST(Scenario, PhaseScheduleFollowsTime) {
    const auto s = *ScenarioLoader::load("outage-and-recovery").scenario;
    std::size_t i = 99;
    EXPECT_EQ(s.phase_at(0, &i).name, "healthy");
    EXPECT_EQ(i, 0U);
    EXPECT_EQ(s.phase_at(14999).name, "healthy");
    EXPECT_EQ(s.phase_at(15000).name, "outage");
    EXPECT_EQ(s.phase_at(34999).name, "outage");
    EXPECT_EQ(s.phase_at(35000).name, "degraded");
    EXPECT_EQ(s.phase_at(50000, &i).name, "recovered");
    EXPECT_EQ(i, 3U);
    EXPECT_EQ(s.phase_at(10'000'000).name, "recovered");
}

TEST(Scenario, RepeatingScheduleCycles) {
    const auto s = *ScenarioLoader::from_text(R"({"repeat": true, "phases": [
        {"name": "up", "duration_ms": 1000}, {"name": "down", "duration_ms": 500,
         "faults": [{"kind": "unavailable"}]}]})")
                        .scenario;
    EXPECT_EQ(s.phase_at(999).name, "up");
    EXPECT_EQ(s.phase_at(1200).name, "down");
    EXPECT_EQ(s.phase_at(1500).name, "up");
    EXPECT_EQ(s.phase_at(1500 * 7 + 1100).name, "down");
}

TEST(RateLimiter, RequestBucketAdmitsTheLimitThenGivesAnExactWait) {
    RateLimiter limiter(RateLimitSpec{6, 0});  // 6 per minute: one every 10 s
    for (int i = 0; i < 6; ++i)
        ASSERT_TRUE(limiter.check("k", 10, 0).allowed) << i;
    const auto denied = limiter.check("k", 10, 0);
    EXPECT_FALSE(denied.allowed);
    EXPECT_EQ(denied.retry_after_ms, 10000);
    EXPECT_EQ(denied.remaining_requests, 0);
    EXPECT_EQ(denied.reset_requests_ms, 60000) << "until the bucket is full again";
    EXPECT_FALSE(limiter.check("k", 10, 9999).allowed) << "1 ms early is still too early";
    EXPECT_TRUE(limiter.check("k", 10, 10000).allowed) << "exactly when the 429 said";
    EXPECT_TRUE(limiter.check("other-key", 10, 10000).allowed) << "limits are per key";
}

TEST(RateLimiter, TokenBucketLimitsBigRequests) {
    RateLimiter limiter(RateLimitSpec{0, 6000});  // 100 tokens/s
    EXPECT_TRUE(limiter.check("k", 5000, 0).allowed);
    const auto denied = limiter.check("k", 2000, 0);
    EXPECT_FALSE(denied.allowed);
    EXPECT_TRUE(denied.tokens_exhausted);
    EXPECT_EQ(denied.retry_after_ms, 10000) << "1000 tokens short at 100 tokens/s";
    EXPECT_EQ(denied.remaining_tokens, 1000);
    EXPECT_TRUE(limiter.check("k", 2000, 10000).allowed);
    EXPECT_TRUE(RateLimiter(RateLimitSpec{}).check("k", 1 << 30, 0).allowed) << "no limits configured";
}

TEST(WireFormat, GoDurationsMatchOpenAiStyle) {
    EXPECT_EQ(WireFormat::go_duration(20), "20ms");
    EXPECT_EQ(WireFormat::go_duration(1000), "1s");
    EXPECT_EQ(WireFormat::go_duration(1500), "1.5s");
    EXPECT_EQ(WireFormat::go_duration(360000), "6m0s");
    EXPECT_EQ(WireFormat::go_duration(3723500), "1h2m3.5s");
    EXPECT_EQ(WireFormat::rfc3339(1767225630000), "2026-01-01T00:00:30Z");
}

TEST(ReplyGenerator, DeterministicPerSeedAndPrompt) {
    const auto a = ReplyGenerator::tokens(1, "hello", 20, 60);
    EXPECT_EQ(a, ReplyGenerator::tokens(1, "hello", 20, 60));
    EXPECT_NE(a, ReplyGenerator::tokens(2, "hello", 20, 60));
    EXPECT_NE(a, ReplyGenerator::tokens(1, "hello!", 20, 60));
    EXPECT_GE(a.size(), 20U);
    EXPECT_LE(a.size(), 60U);
    const std::string text = ReplyGenerator::join(a, a.size());
    EXPECT_TRUE(std::isupper(static_cast<unsigned char>(text[0])));
    EXPECT_EQ(text.back(), '.');
}

// Issue 21 item 7: replies read like a chat model's Markdown, not word salad -- and still exactly as long as
// drawn, and the same for the same seed and prompt.
TEST(ReplyGenerator, MarkdownOfEveryKindAcrossPrompts) {
    int headings = 0, bullets = 0, numbered = 0, code = 0, tables = 0;
    for (int i = 0; i < 60; ++i) {
        const std::string prompt = "question number " + std::to_string(i);
        const auto tokens = ReplyGenerator::tokens(7, prompt, 150, 300);
        ASSERT_GE(tokens.size(), 150U);
        ASSERT_LE(tokens.size(), 300U);
        const std::string text = ReplyGenerator::join(tokens, tokens.size());
        headings += text.find("\n## ") != std::string::npos;
        bullets += text.find("\n- ") != std::string::npos;
        numbered += text.find("\n1. ") != std::string::npos;
        tables += text.find("\n| --- | --- | --- |") != std::string::npos;
        std::size_t fences = 0;
        for (std::size_t at = text.find("```"); at != std::string::npos; at = text.find("```", at + 3))
            ++fences;
        EXPECT_EQ(fences % 2, 0U) << "every code block is closed: " << text;
        code += fences > 0;
        EXPECT_TRUE(std::isupper(static_cast<unsigned char>(text[0]))) << text;
        EXPECT_EQ(text.back(), '.') << text;
        EXPECT_EQ(tokens, ReplyGenerator::tokens(7, prompt, 150, 300)) << "deterministic per seed and prompt";
    }
    // Each kind appears in a good share of 60 long replies (seen: every count well above these floors).
    EXPECT_GE(headings, 20);
    EXPECT_GE(bullets, 10);
    EXPECT_GE(numbered, 10);
    EXPECT_GE(code, 20);
    EXPECT_GE(tables, 20);
}

TEST(ReplyGenerator, ExactlyTheTokenCountAsked) {
    for (int n = 1; n <= 400; n += (n < 40 ? 1 : 17)) {
        const auto tokens = ReplyGenerator::tokens(3, "count " + std::to_string(n), n, n);
        ASSERT_EQ(tokens.size(), static_cast<std::size_t>(n)) << n;
        for (const auto& token : tokens)
            EXPECT_FALSE(token.empty()) << n;
        const std::string text = ReplyGenerator::join(tokens, tokens.size());
        EXPECT_EQ(text.back(), '.') << n << ": " << text;
    }
}

TEST(ReplyGenerator, DifferentSeedsOrPromptsDifferInShapeToo) {
    std::set<std::string> texts;
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        for (const char* prompt : {"a", "b", "c"}) {
            const auto t = ReplyGenerator::tokens(seed, prompt, 200, 200);
            texts.insert(ReplyGenerator::join(t, t.size()));
        }
    }
    EXPECT_EQ(texts.size(), 15U);
}

}  // namespace
}  // namespace stormproof
