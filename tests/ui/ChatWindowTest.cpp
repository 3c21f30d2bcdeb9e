// The chat window offscreen, against the in-process simulator: what a person does, and what they see.
#include <gtest/gtest.h>

#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>

#include "MainWindow.h"
#include "chat/ChatSession.h"
#include "chat/ChatView.h"
#include "chat/Composer.h"
#include "chat/MessageWidget.h"
#include "chat/ResilienceRibbon.h"
#include "dashboard/EventLogPanel.h"
#include "llm/ResilientClient.h"
#include "simulator/ScenarioLoader.h"
#include "simulator/SimulatorServer.h"
#include "storage/ConversationStore.h"
#include "support/GuiHarness.h"

namespace stormproof {
namespace {

Policy exact_waits() {
    Policy policy = Policy::default_policy();
    policy.resilience.retry.backoff = {BackoffKind::Exponential, JitterKind::None, 30, 200, 0};
    return policy;
}

// Everything the GUI main wires (tests/support/GuiHarness.h), its conversations in db_path.
struct App {
    test::GuiHarness gui;
    SimulatorServer& simulator = gui.simulator();
    ResilientClient& client = gui.client();
    ConversationStore& store = gui.store();
    std::unique_ptr<MainWindow>& window = gui.window_owner();

    explicit App(const QString& db_path) : gui(exact_waits(), db_at(db_path)) {}
    static test::GuiHarnessOptions db_at(const QString& db_path) {
        test::GuiHarnessOptions options;
        options.db_path = db_path;
        return options;
    }
    void scenario(const std::string& json_text) {
        test::set_scenario(simulator, json_text);
        // The scenario picker names a built-in; tests use their own, so point the target at the server's.
        Policy p = exact_waits();
        p.targets[0].model = "custom";
        client.set_policy(p);
    }
    // Waits, by events and with no time limit, until the chat is idle; true once it is.
    bool wait_idle() {
        gui.wait_idle();
        return !window->session().busy();
    }
};

class ChatWindowTest : public ::testing::Test {
protected:
    QTemporaryDir dir;
    QString db() const { return dir.filePath(QStringLiteral("conversations.db")); }
};

TEST_F(ChatWindowTest, SendAPromptAndSeeTheStreamedReply) {
    App app(db());
    app.scenario(R"({"name": "t", "reply": {"first_token_ms": 20, "tokens_per_s": 400}})");
    auto* edit = app.window->findChild<QPlainTextEdit*>(QStringLiteral("composer"));
    ASSERT_TRUE(edit);
    edit->setFocus();
    QTest::keyClicks(edit, QStringLiteral("Hello there"));
    QTest::keyClick(edit, Qt::Key_Return, Qt::ControlModifier);
    EXPECT_TRUE(app.window->session().busy());
    ASSERT_TRUE(app.wait_idle());
    ChatView& view = app.window->chat_view();
    ASSERT_EQ(view.message_count(), 2);
    EXPECT_EQ(view.message(0)->plain_text(), QStringLiteral("Hello there"));
    const auto& reply = app.window->session().messages().back();
    EXPECT_EQ(reply.status, "complete");
    EXPECT_FALSE(reply.content.empty());
    // The simulator answers in Markdown; the message shows it rendered, exactly.
    QTextDocument rendered;
    rendered.setMarkdown(QString::fromStdString(reply.content));
    EXPECT_EQ(view.message(1)->plain_text().trimmed(), rendered.toPlainText().trimmed());
    EXPECT_TRUE(view.message(1)->ribbon()->summary_text().contains(QStringLiteral("simulator")));
    EXPECT_GT(app.window->event_log().visible_rows(), 3);
    EXPECT_TRUE(edit->toPlainText().isEmpty()) << "the composer is cleared on send";
}

TEST_F(ChatWindowTest, StopKeepsWhatArrivedAsPartial) {
    App app(db());
    app.scenario(
        R"({"name": "t", "reply": {"min_tokens": 200, "max_tokens": 200, "first_token_ms": 10, "tokens_per_s": 50}})");
    app.window->send(QStringLiteral("Tell me a long story"));
    test::wait_until([&] { return app.window->session().messages().back().content.size() >= 20; },
                     "20 characters of the reply");
    QTest::keyClick(app.window.get(), Qt::Key_Escape);
    EXPECT_FALSE(app.window->session().busy()) << "Stop ends the request at once, not after a wait";
    ASSERT_TRUE(app.wait_idle());
    const auto& reply = app.window->session().messages().back();
    EXPECT_EQ(reply.status, "partial");
    EXPECT_EQ(reply.error_class, "cancelled");
    EXPECT_FALSE(reply.content.empty());
    EXPECT_EQ(app.store.messages(app.window->session().conversation_id()).back().status, "partial");
}

TEST_F(ChatWindowTest, AnErrorShowsItsHintAndRetryNeedsNoRetyping) {
    App app(db());
    app.scenario(R"({"name": "t", "reply": {"first_token_ms": 0, "tokens_per_s": 0},
                    "faults": [{"kind": "bad_request", "max_count": 1}]})");
    app.window->send(QStringLiteral("Please answer"));
    ASSERT_TRUE(app.wait_idle());
    MessageWidget* failed = app.window->chat_view().message(1);
    ASSERT_TRUE(failed);
    auto* retry = failed->findChild<QPushButton*>(QStringLiteral("retryButton"));
    ASSERT_TRUE(retry);
    EXPECT_TRUE(retry->isVisible());
    EXPECT_EQ(app.window->session().messages().back().error_class, "bad_request");
    EXPECT_NE(app.window->session().messages().back().error_hint.find("check the model name"),
              std::string::npos);
    QTest::mouseClick(retry, Qt::LeftButton);
    ASSERT_TRUE(app.wait_idle());
    ASSERT_EQ(app.window->session().messages().size(), 2U)
        << "the failed reply was replaced, the prompt kept";
    EXPECT_EQ(app.window->session().messages().back().status, "complete");
    EXPECT_EQ(app.window->session().messages().front().content, "Please answer");
}

TEST_F(ChatWindowTest, TheRibbonShowsRetriesAndTheirWaits) {
    App app(db());
    app.scenario(R"({"name": "t", "reply": {"first_token_ms": 0, "tokens_per_s": 0},
                    "faults": [{"kind": "rate_limit", "retry_after_ms": 60, "max_count": 1},
                               {"kind": "unavailable", "max_count": 1}]})");
    app.window->send(QStringLiteral("Hi"));
    ASSERT_TRUE(app.wait_idle());
    const QString ribbon = app.window->chat_view().message(1)->ribbon()->summary_text();
    EXPECT_TRUE(ribbon.contains(QStringLiteral("429 rate_limited → wait 0.06 s (retry-after-ms)")))
        << ribbon.toStdString();
    EXPECT_TRUE(ribbon.contains(QStringLiteral("503 server_error → wait 0.06 s (backoff)")))
        << ribbon.toStdString();
    EXPECT_TRUE(ribbon.contains(QStringLiteral("#3 200"))) << ribbon.toStdString();
}

TEST_F(ChatWindowTest, RegenerateReplacesTheLastReply) {
    App app(db());
    app.scenario(R"({"name": "t", "reply": {"first_token_ms": 0, "tokens_per_s": 0}})");
    app.window->send(QStringLiteral("One"));
    ASSERT_TRUE(app.wait_idle());
    const auto first_id = app.window->session().messages().back().id;
    app.window->session().regenerate();
    ASSERT_TRUE(app.wait_idle());
    ASSERT_EQ(app.window->session().messages().size(), 2U);
    EXPECT_NE(app.window->session().messages().back().id, first_id);
    EXPECT_EQ(app.window->session().messages().back().status, "complete");
}

TEST_F(ChatWindowTest, EditAndResendPutsTheLastPromptBackInTheComposer) {
    App app(db());
    app.scenario(R"({"name": "t", "reply": {"first_token_ms": 0, "tokens_per_s": 0}})");
    app.window->send(QStringLiteral("Typo promt"));
    ASSERT_TRUE(app.wait_idle());
    const QString text = app.window->session().take_last_user_message();
    EXPECT_EQ(text, QStringLiteral("Typo promt"));
    EXPECT_TRUE(app.window->session().messages().empty());
}

TEST_F(ChatWindowTest, ConversationsSurviveARestart) {
    std::string reply;
    {
        App app(db());
        app.scenario(R"({"name": "t", "reply": {"first_token_ms": 0, "tokens_per_s": 0}})");
        app.window->send(QStringLiteral("Remember me"));
        ASSERT_TRUE(app.wait_idle());
        reply = app.window->session().messages().back().content;
    }
    App again(db());
    ASSERT_EQ(again.window->session().messages().size(), 2U) << "the last conversation is reopened";
    EXPECT_EQ(again.window->session().messages().front().content, "Remember me");
    EXPECT_EQ(again.window->session().messages().back().content, reply);
    EXPECT_EQ(again.window->chat_view().message_count(), 2);
    auto* list = again.window->findChild<QListWidget*>(QStringLiteral("conversationList"));
    ASSERT_TRUE(list);
    EXPECT_EQ(list->count(), 1);
    EXPECT_EQ(list->item(0)->text(), QStringLiteral("Remember me"));
}

TEST_F(ChatWindowTest, Shortcuts) {
    App app(db());
    app.scenario(R"({"name": "t", "reply": {"first_token_ms": 0, "tokens_per_s": 0}})");
    // Offscreen windows are not activated by a window manager; shortcuts need an active window.
    QApplication::setActiveWindow(app.window.get());
    QApplication::processEvents();
    QTest::keyClick(app.window.get(), Qt::Key_N, Qt::ControlModifier);
    QApplication::processEvents();
    EXPECT_NE(app.window->session().conversation_id(), 0) << "Ctrl+N opened a new chat";
    QTest::keyClick(app.window.get(), Qt::Key_K, Qt::ControlModifier);
    QApplication::processEvents();
    auto* search = app.window->findChild<QLineEdit*>(QStringLiteral("search"));
    ASSERT_TRUE(search);
    EXPECT_TRUE(search->hasFocus()) << "Ctrl+K focuses search";
}

TEST_F(ChatWindowTest, ClickingATraceFiltersTheDashboard) {
    App app(db());
    app.scenario(R"({"name": "t", "reply": {"first_token_ms": 0, "tokens_per_s": 0}})");
    app.window->send(QStringLiteral("A"));
    ASSERT_TRUE(app.wait_idle());
    app.window->send(QStringLiteral("B"));
    ASSERT_TRUE(app.wait_idle());
    const int all = app.window->event_log().visible_rows();
    app.window->event_log().set_filter(
        QString::fromStdString(app.window->session().messages().back().trace_id));
    EXPECT_GT(app.window->event_log().visible_rows(), 0);
    EXPECT_LT(app.window->event_log().visible_rows(), all);
}

TEST_F(ChatWindowTest, DoubleClickingAnEventOpensItsChatMessage) {
    App app(db());
    app.scenario(R"({"name": "t", "reply": {"first_token_ms": 0, "tokens_per_s": 0}})");
    app.window->send(QStringLiteral("first chat"));
    ASSERT_TRUE(app.wait_idle());
    const std::int64_t first_chat = app.window->session().conversation_id();
    const std::string trace = app.window->session().messages().back().trace_id;
    app.window->new_chat();
    app.window->send(QStringLiteral("second chat"));
    ASSERT_TRUE(app.wait_idle());
    ASSERT_NE(app.window->session().conversation_id(), first_chat);

    EventLogPanel& log = app.window->event_log();
    log.set_filter(QString::fromStdString(trace));
    ASSERT_GT(log.visible_rows(), 0);
    QTableView* table = log.table();
    const QModelIndex cell = table->model()->index(0, 1);
    table->scrollTo(cell);
    const QPoint at = table->visualRect(cell).center();
    // A double-click is a press, release, then a second press + double-click event.
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, at);
    QApplication::processEvents();
    EXPECT_EQ(app.window->session().conversation_id(), first_chat) << "the trace's chat is opened";
    ChatView& view = app.window->chat_view();
    ASSERT_EQ(view.message_count(), 2);
    EXPECT_TRUE(view.message(1)->highlighted()) << "and its reply marked";
    EXPECT_FALSE(view.message(0)->highlighted());
    EXPECT_FALSE(app.window->reveal_trace(QStringLiteral("no-such-trace")));
}

}  // namespace
}  // namespace stormproof

namespace stormproof {
namespace {

// The soak found it: a conversation of a thousand messages kept a thousand message widgets (~70 MB). The view
// keeps the newest kLiveMessages and brings the rest back on demand.
TEST_F(ChatWindowTest, ALongConversationKeepsOnlyTheNewestMessagesAsWidgets) {
    QTemporaryDir dir2;
    ConversationStore store;
    ASSERT_TRUE(store.open(dir2.filePath(QStringLiteral("long.db"))));
    const auto id = store.create_conversation("long");
    const int n = ChatView::kLiveMessages + 25;
    for (int i = 0; i < n; ++i) {
        StoredMessage m;
        m.conversation_id = id;
        m.role = i % 2 ? "assistant" : "user";
        m.content = "message " + std::to_string(i);
        store.add_message(m);
    }
    App app(db());
    app.window->close();
    test::AppHarness other{{test::AppHarnessOptions::Time::Real, /*random_seed=*/3, /*simulator_seed=*/11,
                            /*start_simulator=*/false}};
    ChatSession session(other.client(), store);
    ChatView view(session);
    session.open(id);
    EXPECT_EQ(view.message_count(), n);
    EXPECT_EQ(view.first_live(), 25);
    EXPECT_EQ(view.message(24), nullptr) << "out of the window";
    ASSERT_NE(view.message(n - 1), nullptr);
    EXPECT_EQ(view.message(n - 1)->plain_text().trimmed(), QStringLiteral("message %1").arg(n - 1));
    auto* earlier = view.findChild<QPushButton*>(QStringLiteral("showEarlier"));
    ASSERT_TRUE(earlier);
    EXPECT_TRUE(earlier->text().contains(QStringLiteral("25")));
    view.show_earlier();
    EXPECT_EQ(view.first_live(), 0);
    ASSERT_NE(view.message(0), nullptr);
    EXPECT_EQ(view.message(0)->plain_text().trimmed(), QStringLiteral("message 0"));
}

}  // namespace
}  // namespace stormproof
