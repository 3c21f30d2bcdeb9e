// Issue 21 items 4 and 5 in the window, offscreen, on the in-process simulator: a compare's replies side by
// side with their ribbons and verdict, saved with the chat; a reply's reasoning folded above its answer,
// never in it.
#include <gtest/gtest.h>

#include <QLabel>
#include <QToolButton>

#include "MainWindow.h"
#include "chat/ChatSession.h"
#include "chat/ChatView.h"
#include "chat/CompareDialog.h"
#include "chat/CompareRow.h"
#include "chat/MessageWidget.h"
#include "simulator/ScenarioLoader.h"
#include "support/GuiHarness.h"
#include "support/RawHttpServer.h"

namespace stormproof {
namespace {

void register_scenario(SimulatorServer& simulator, const std::string& name, const std::string& faults) {
    auto loaded = ScenarioLoader::from_text(
        R"({"name": ")" + name + R"(", "reply": {"first_token_ms": 0, "tokens_per_s": 400}, "faults": [)" +
        faults + "]}");
    ASSERT_TRUE(loaded.ok()) << join_errors(loaded.errors);
    ASSERT_TRUE(simulator.register_scenario(name, *loaded.scenario));
}

Policy three_simulators() {
    Policy p = Policy::default_policy();
    p.targets.clear();
    for (const char* name : {"quick", "once", "down"})
        p.targets.push_back({name, ProviderKind::Simulator, "", "", {}, false, name});
    p.resilience.retry.max_attempts = 2;
    p.resilience.retry.backoff = {BackoffKind::Exponential, JitterKind::None, 20, 100, 0};
    return p;
}

class CompareGuiTest : public ::testing::Test {
protected:
    test::GuiHarness gui{three_simulators()};

    void SetUp() override {
        register_scenario(gui.simulator(), "quick", "");
        register_scenario(gui.simulator(), "once", R"({"kind": "unavailable", "max_count": 1})");
        register_scenario(gui.simulator(), "down", R"({"kind": "unavailable"})");
    }
};

TEST_F(CompareGuiTest, ThreeTargetsSideBySideWithRibbonsAndAVerdict) {
    MainWindow& window = gui.window();
    ASSERT_EQ(window.compare(QStringLiteral("Compare retries"),
                             {QStringLiteral("quick"), QStringLiteral("once"), QStringLiteral("down")}),
              QString());
    EXPECT_TRUE(window.session().busy());
    gui.wait_idle();
    const auto& messages = window.session().messages();
    ASSERT_EQ(messages.size(), 4U);
    const std::int64_t prompt = messages[0].id;
    CompareRow* row = window.chat_view().compare_row(prompt);
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(row->column_count(), 3);
    const QString verdict = row->verdict();
    EXPECT_TRUE(verdict.startsWith(QStringLiteral("Fastest: "))) << verdict.toStdString();
    EXPECT_TRUE(verdict.contains(QStringLiteral("needed retries: once (1 retry, waited 0.02 s)")))
        << verdict.toStdString();
    EXPECT_TRUE(verdict.contains(QStringLiteral("failed: down"))) << verdict.toStdString();
    // Each column: its label, its reply, its ribbon's figures.
    MessageWidget* once = window.chat_view().message(2);
    ASSERT_NE(once, nullptr);
    EXPECT_EQ(once->findChild<QLabel*>(QStringLiteral("messageRole"))->text(), QStringLiteral("once"));
    EXPECT_TRUE(once->figures().startsWith(QStringLiteral("2 attempts · 1 wait (0.02 s) · TTFT ")))
        << once->figures().toStdString();
    EXPECT_TRUE(once->figures().contains(QStringLiteral("≈$"))) << "sim-* is priced";
    EXPECT_FALSE(once->plain_text().isEmpty());
    MessageWidget* down = window.chat_view().message(3);
    ASSERT_NE(down, nullptr);
    EXPECT_TRUE(down->failed_look());
    EXPECT_TRUE(down->figures().startsWith(QStringLiteral("2 attempts"))) << down->figures().toStdString();
    EXPECT_FALSE(down->findChild<QToolButton*>(QStringLiteral("regenerateMessage"))->isVisible());

    // Saved with the conversation: reopened, the same row and verdict.
    const std::int64_t conversation = window.session().conversation_id();
    const auto stored = gui.store().messages(conversation);
    ASSERT_EQ(stored.size(), 4U);
    for (int c = 0; c < 3; ++c) {
        EXPECT_EQ(stored[static_cast<std::size_t>(c + 1)].compare_of, prompt);
        EXPECT_EQ(stored[static_cast<std::size_t>(c + 1)].compare_column, c);
    }
    EXPECT_EQ(stored[2].attempts.size(), 2U);
    // A compare is not regenerated column by column: an edited prompt that asks again leaves it as it was.
    window.session().edit_message(0, QStringLiteral("Compare retries, edited"), /*resend=*/true);
    EXPECT_FALSE(window.session().busy());
    EXPECT_EQ(window.session().messages().size(), 4U);
    EXPECT_EQ(window.chat_view().message(0)->plain_text(), QStringLiteral("Compare retries, edited"));
    window.session().open(0);
    window.session().open(conversation);
    ASSERT_NE(window.chat_view().compare_row(prompt), nullptr);
    EXPECT_EQ(window.chat_view().compare_row(prompt)->verdict(), verdict);
}

QByteArray openai_reply(const QByteArray& reasoning, const QByteArray& answer) {
    const auto chunk = [](const QByteArray& b) {
        return QByteArray::number(b.size(), 16) + "\r\n" + b + "\r\n";
    };
    QByteArray out =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
    if (!reasoning.isEmpty())
        out += chunk(R"(data: {"choices":[{"delta":{"reasoning_content":")" + reasoning + "\"}}]}\n\n");
    out += chunk(R"(data: {"choices":[{"delta":{"content":")" + answer +
                 R"("},"finish_reason":"stop"}]})"
                 "\n\n");
    return out + chunk("data: [DONE]\n\n") + "0\r\n\r\n";
}

// A compare is a side-by-side look, not a turn: the next reply's request carries neither its prompt nor its
// columns' replies.
TEST(CompareHistoryTest, ACompareStaysOutOfTheNextRequestsHistory) {
    test::RawHttpServer server([](const test::RawRequest&) {
        return test::RawReply{openai_reply("", "Raw answer."), false};
    });
    Policy p = Policy::default_policy();
    p.targets = {{"raw",
                  ProviderKind::OpenAI,
                  server.base_url().toStdString() + "/v1",
                  "m",
                  {{KeyRef::Source::Env, "RAW_KEY"}},
                  false,
                  ""},
                 {"sim", ProviderKind::Simulator, "", "", {}, false, "healthy"}};
    test::GuiHarness gui(p);
    gui.app().secrets().set({KeyRef::Source::Env, "RAW_KEY"}, "sk-test-raw");
    gui.client().set_policy(p);
    ASSERT_EQ(
        gui.window().compare(QStringLiteral("Side look"), {QStringLiteral("raw"), QStringLiteral("sim")}),
        QString());
    gui.wait_idle();
    ASSERT_EQ(server.requests().size(), 1);
    EXPECT_NE(server.requests().back().body.indexOf("Side look"), -1);
    gui.send_and_wait(QStringLiteral("A normal turn"));
    ASSERT_EQ(server.requests().size(), 2);
    const QByteArray last = server.requests().back().body;
    EXPECT_EQ(last.indexOf("Side look"), -1) << last.toStdString();
    EXPECT_EQ(last.indexOf("Raw answer."), -1) << last.toStdString();
    EXPECT_NE(last.indexOf("A normal turn"), -1) << last.toStdString();
}

// One target under two policies: the same target that is down, retried three times under this policy and once
// under policy B -- each column's attempts are its own policy's.
TEST_F(CompareGuiTest, OneTargetUnderTwoPolicies) {
    Policy strict = three_simulators();
    strict.resilience.retry.max_attempts = 1;
    Policy patient = three_simulators();
    patient.resilience.retry.max_attempts = 3;
    MainWindow& window = gui.window();
    window.apply_settings(patient, window.app_settings());
    ASSERT_EQ(window.compare(QStringLiteral("Two policies"), {QStringLiteral("down")}, &strict), QString());
    gui.wait_idle();
    const auto& messages = window.session().messages();
    ASSERT_EQ(messages.size(), 3U);
    EXPECT_EQ(messages[1].compare_label, "down");
    EXPECT_EQ(messages[2].compare_label, "down · policy B");
    EXPECT_EQ(messages[1].attempts.size(), 3U) << "this policy: three attempts";
    EXPECT_EQ(messages[2].attempts.size(), 1U) << "policy B: one";
    EXPECT_EQ(messages[1].status, "failed");
    EXPECT_EQ(messages[2].status, "failed");
    ASSERT_NE(window.chat_view().compare_row(messages[0].id), nullptr);
    EXPECT_EQ(window.chat_view().compare_row(messages[0].id)->verdict().toStdString(),
              "failed: down, down · policy B");
}

TEST_F(CompareGuiTest, TheDialogCountsColumns) {
    CompareDialog dialog(three_simulators(), QStringLiteral("Hi"));
    EXPECT_EQ(dialog.targets(),
              QStringList({QStringLiteral("quick"), QStringLiteral("once"), QStringLiteral("down")}));
    EXPECT_EQ(dialog.columns(), 3);
    dialog.set_targets({QStringLiteral("once")});
    EXPECT_EQ(dialog.columns(), 1);
    dialog.set_versus_policy_file(QStringLiteral("/tmp/b.json"));
    EXPECT_EQ(dialog.columns(), 2) << "one target under two policies";
    dialog.set_targets({QStringLiteral("quick"), QStringLiteral("once"), QStringLiteral("down")});
    EXPECT_EQ(dialog.columns(), 6);
    EXPECT_NE(
        dialog.findChild<QLabel*>(QStringLiteral("compareNote"))->text().indexOf(QStringLiteral("At most 4")),
        -1);
}

// A reasoning model behind an OpenAI-compatible server: the reply's reasoning is folded above the answer,
// stored, and the answer has none of it.
TEST(ReasoningGuiTest, ReasoningIsFoldedAboveTheAnswerAndStored) {
    test::RawHttpServer server([](const test::RawRequest&) {
        return test::RawReply{openai_reply("First, think. Then answer.", "The answer."), false};
    });
    Policy p = Policy::default_policy();
    p.targets = {{"thinker",
                  ProviderKind::OpenAI,
                  server.base_url().toStdString() + "/v1",
                  "reasoner",
                  {{KeyRef::Source::Env, "THINKER_KEY"}},
                  false,
                  ""}};
    test::GuiHarness gui(p);
    gui.app().secrets().set({KeyRef::Source::Env, "THINKER_KEY"}, "sk-test-thinker");
    gui.client().set_policy(p);
    gui.send_and_wait(QStringLiteral("Think first"));
    const auto& messages = gui.window().session().messages();
    ASSERT_EQ(messages.size(), 2U);
    EXPECT_EQ(messages[1].content, "The answer.");
    EXPECT_EQ(messages[1].reasoning, "First, think. Then answer.");
    MessageWidget* reply = gui.window().chat_view().message(1);
    ASSERT_NE(reply, nullptr);
    EXPECT_EQ(reply->plain_text(), QStringLiteral("The answer.")) << "the answer has none of the reasoning";
    EXPECT_EQ(reply->reasoning_text(), QStringLiteral("First, think. Then answer."));
    EXPECT_FALSE(reply->reasoning_shown()) << "folded until the person opens it";
    auto* toggle = reply->findChild<QToolButton*>(QStringLiteral("reasoningToggle"));
    ASSERT_NE(toggle, nullptr);
    EXPECT_TRUE(toggle->isVisibleTo(reply));
    EXPECT_TRUE(toggle->text().startsWith(QStringLiteral("Reasoning")));
    toggle->click();
    EXPECT_TRUE(reply->reasoning_shown());
    EXPECT_TRUE(reply->findChild<QLabel*>(QStringLiteral("reasoningText"))->isVisibleTo(reply));
    const auto stored = gui.store().messages(gui.window().session().conversation_id());
    ASSERT_EQ(stored.size(), 2U);
    EXPECT_EQ(stored[1].reasoning, "First, think. Then answer.");
    EXPECT_EQ(stored[1].content, "The answer.");
}

}  // namespace
}  // namespace stormproof
