// The chat as a person used to Chatbox or LM Studio uses it (issue 17): offscreen, against the in-process
// simulator, through the window's own widgets and keys.
#include <gtest/gtest.h>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTest>
#include <QToolButton>

#include "MainWindow.h"
#include "WindowLayout.h"
#include "chat/ChatExport.h"
#include "chat/ChatSession.h"
#include "chat/ChatView.h"
#include "chat/Composer.h"
#include "chat/ConversationSidebar.h"
#include "chat/MessageWidget.h"
#include "chat/ReplyOutcome.h"
#include "chat/ResilienceRibbon.h"
#include "dashboard/DashboardView.h"
#include "support/GuiHarness.h"
#include "telemetry/MetricsAggregator.h"

namespace stormproof {
namespace {

// A reply that takes about a second to stream: long enough to act while it comes.
constexpr const char* kSlowReply =
    R"({"name": "slow", "reply": {"min_tokens": 200, "max_tokens": 200, "first_token_ms": 10, "tokens_per_s": 200}})";
constexpr const char* kQuickReply = R"({"name": "quick", "reply": {"first_token_ms": 0, "tokens_per_s": 0}})";

class ChatBehaviourTest : public ::testing::Test {
protected:
    test::GuiHarness gui;

    MainWindow& window() { return gui.window(); }
    ChatSession& session() { return gui.window().session(); }
    // The simulator plays this scenario for every request of the window (its model names no built-in).
    void scenario(const std::string& json_text) {
        test::set_scenario(gui.simulator(), json_text);
        Policy p = Policy::default_policy();
        p.targets[0].model = "custom";
        p.resilience.retry.backoff = {BackoffKind::Exponential, JitterKind::None, 30, 200, 0};
        gui.client().set_policy(p);
    }
    void activate() {
        // Offscreen windows are not activated by a window manager; shortcuts need an active window.
        QApplication::setActiveWindow(&window());
        QApplication::processEvents();
    }
    void wait_for_text() {
        test::wait_until(
            [this] { return session().busy() && session().messages().back().content.size() > 5; },
            "the reply to start streaming");
    }
    QPlainTextEdit* composer() { return window().composer().editor(); }
};

// --- The first window fits the screen it opens on ---------------------------------------------------------

class WindowFitTest : public ChatBehaviourTest, public ::testing::WithParamInterface<QSize> {};

TEST_P(WindowFitTest, TheWindowFitsAndTheChatKeepsPriority) {
    const QRect available(QPoint(0, 0), GetParam());
    window().fit_to(available);
    QApplication::processEvents();
    EXPECT_LE(window().width(), available.width());
    EXPECT_LE(window().height(), available.height());
    EXPECT_LE(window().minimumSizeHint().width(), available.width()) << "the layout does not force it wider";
    EXPECT_LE(window().minimumSizeHint().height(), available.height());
    // The composer and Send are on the screen, not below it.
    auto* send = window().findChild<QPushButton*>(QStringLiteral("sendButton"));
    ASSERT_TRUE(send);
    const QRect send_in_window(send->mapTo(&window(), QPoint(0, 0)), send->size());
    EXPECT_TRUE(window().rect().contains(send_in_window))
        << "Send at " << send_in_window.x() << "," << send_in_window.y();
    auto* chat = window().findChild<QWidget*>(QStringLiteral("chatColumn"));
    ASSERT_TRUE(chat);
    EXPECT_GE(chat->width(), WindowLayout::kMinChatWidth - 20);
    if (window().dashboard_dock().isVisible()) {
        EXPECT_GE(chat->width(), window().dashboard_dock().width()) << "the chat has priority";
    }
}

INSTANTIATE_TEST_SUITE_P(CommonLaptopScreens, WindowFitTest,
                         ::testing::Values(QSize(1280, 720), QSize(1366, 768), QSize(1920, 1080)));

TEST(WindowLayout, SharesTheWidthWithTheChatFirst) {
    for (const QSize size : {QSize(1280, 720), QSize(1366, 768), QSize(1920, 1080), QSize(1024, 700)}) {
        const QRect available(QPoint(0, 0), size);
        const WindowLayout layout = initial_window_layout(available);
        EXPECT_TRUE(available.contains(layout.window)) << size.width();
        const int chat = layout.window.width() - layout.sidebar_width - layout.dashboard_width;
        EXPECT_GE(chat, WindowLayout::kMinChatWidth) << size.width();
        EXPECT_GE(chat, layout.dashboard_width) << size.width();
    }
    EXPECT_EQ(initial_window_layout(QRect(0, 0, 1024, 700)).dashboard_width, 0)
        << "starts closed when narrow";
    EXPECT_GT(initial_window_layout(QRect(0, 0, 1366, 768)).dashboard_width, 0);
    EXPECT_EQ(initial_window_layout(QRect(0, 0, 2560, 1440)).window.size(),
              QSize(WindowLayout::kPreferredWidth, WindowLayout::kPreferredHeight));
    EXPECT_EQ(fit_inside(QRect(1500, 900, 1680, 1000), QRect(0, 0, 1366, 768)), QRect(0, 0, 1366, 768));
}

TEST_F(ChatBehaviourTest, TheMenusCarryTheUsualShortcuts) {
    const std::pair<const char*, QKeySequence> expected[] = {
        {"quit", QKeySequence(QStringLiteral("Ctrl+Q"))},
        {"new_chat", QKeySequence::New},
        {"settings", QKeySequence(QStringLiteral("Ctrl+,"))},
        {"export", QKeySequence(QStringLiteral("Ctrl+E"))},
        {"search", QKeySequence(QStringLiteral("Ctrl+K"))},
        {"regenerate", QKeySequence(QStringLiteral("Ctrl+R"))},
        {"dashboard", QKeySequence(Qt::Key_F9)},
    };
    for (const auto& [name, keys] : expected) {
        QAction* a = window().action(QString::fromLatin1(name));
        ASSERT_TRUE(a) << name;
        EXPECT_EQ(a->shortcut(), keys) << name;
    }
    // A closed dashboard comes back from the View menu.
    window().dashboard_dock().close();
    window().action(QStringLiteral("dashboard"))->trigger();
    EXPECT_TRUE(window().dashboard_dock().isVisible());
}

TEST_F(ChatBehaviourTest, TextScalingScalesTheChatItsLabelsAndTheComposer) {
    scenario(kQuickReply);
    gui.send_and_wait(QStringLiteral("Hello"));
    const double before = composer()->font().pointSizeF();
    auto* role = window().chat_view().message(0)->findChild<QLabel*>(QStringLiteral("messageRole"));
    ASSERT_TRUE(role);
    const double role_before = role->font().pointSizeF();
    auto* body = window().chat_view().message(1)->findChild<QWidget*>(QStringLiteral("messageBody"));
    ASSERT_TRUE(body);
    const double body_before = body->font().pointSizeF();
    const int editor_before = composer()->height();
    AppSettings app = window().app_settings();
    app.font_scale_pct = 150;
    window().apply_settings(window().policy(), app);
    QApplication::processEvents();
    EXPECT_NEAR(composer()->font().pointSizeF(), before * 1.5, 0.6);
    EXPECT_NEAR(role->font().pointSizeF(), role_before * 1.5, 0.6) << "bold labels follow the scale too";
    EXPECT_TRUE(role->font().bold());
    EXPECT_NEAR(body->font().pointSizeF(), body_before * 1.5, 0.6) << "the reply's text";
    EXPECT_GT(composer()->height(), editor_before) << "the box grows with its text";
    EXPECT_NEAR(window().dashboard().font().pointSizeF(), before * 1.5, 0.6);
    app.font_scale_pct = 100;
    window().apply_settings(window().policy(), app);
}

// --- Sending
// -------------------------------------------------------------------------------------------------

TEST_F(ChatBehaviourTest, EnterSendsAndShiftEnterStartsANewLine) {
    scenario(kQuickReply);
    composer()->setFocus();
    QTest::keyClicks(composer(), QStringLiteral("first line"));
    QTest::keyClick(composer(), Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(composer(), QStringLiteral("second line"));
    EXPECT_FALSE(session().busy()) << "Shift+Enter did not send";
    EXPECT_EQ(composer()->toPlainText(), QStringLiteral("first line\nsecond line"));
    QTest::keyClick(composer(), Qt::Key_Return);
    EXPECT_TRUE(session().busy()) << "Enter sent";
    gui.wait_idle();
    ASSERT_EQ(session().messages().size(), 2U);
    EXPECT_EQ(session().messages().front().content, "first line\nsecond line");
    EXPECT_TRUE(composer()->toPlainText().isEmpty());
}

TEST_F(ChatBehaviourTest, WithSendOnEnterOffEnterIsANewLineAndCtrlEnterSends) {
    scenario(kQuickReply);
    AppSettings app = window().app_settings();
    app.send_on_enter = false;
    window().apply_settings(window().policy(), app);
    composer()->setFocus();
    QTest::keyClicks(composer(), QStringLiteral("a"));
    QTest::keyClick(composer(), Qt::Key_Return);
    QTest::keyClicks(composer(), QStringLiteral("b"));
    EXPECT_FALSE(session().busy());
    EXPECT_EQ(composer()->toPlainText(), QStringLiteral("a\nb"));
    QTest::keyClick(composer(), Qt::Key_Return, Qt::ControlModifier);
    EXPECT_TRUE(session().busy());
    gui.wait_idle();
}

TEST_F(ChatBehaviourTest, ASendDuringAReplyIsQueuedVisiblyAndSentAfterItNeverGlued) {
    scenario(kSlowReply);
    window().send(QStringLiteral("Outage run 5"));
    wait_for_text();
    composer()->setFocus();
    QTest::keyClicks(composer(), QStringLiteral("Outage run 6"));
    QTest::keyClick(composer(), Qt::Key_Return);
    QTest::keyClicks(composer(), QStringLiteral("Outage run 7"));
    QTest::keyClick(composer(), Qt::Key_Return);
    EXPECT_TRUE(composer()->toPlainText().isEmpty()) << "each went to the queue";
    ASSERT_EQ(session().queued(),
              (QStringList{QStringLiteral("Outage run 6"), QStringLiteral("Outage run 7")}));
    const auto queued_lines = window().composer().findChildren<QLabel*>(QStringLiteral("queuedMessage"));
    ASSERT_EQ(queued_lines.size(), 2);
    EXPECT_TRUE(queued_lines[0]->isVisible());
    EXPECT_TRUE(queued_lines[0]->text().contains(QStringLiteral("Outage run 6")));
    test::wait_until([this] { return !session().busy() && session().queued().isEmpty(); },
                     "the queue to drain");
    std::vector<std::string> prompts;
    for (const auto& m : session().messages()) {
        if (m.role == "user")
            prompts.push_back(m.content);
    }
    EXPECT_EQ(prompts, (std::vector<std::string>{"Outage run 5", "Outage run 6", "Outage run 7"}));
    EXPECT_EQ(session().messages().size(), 6U);
}

TEST_F(ChatBehaviourTest, AStopWithMessagesQueuedPutsThemBackInTheBoxUnsent) {
    scenario(kSlowReply);
    window().send(QStringLiteral("long one"));
    wait_for_text();
    window().send(QStringLiteral("queued one"));
    ASSERT_EQ(session().queued().size(), 1);
    session().stop();
    test::wait_until([this] { return !session().busy(); }, "the stop");
    EXPECT_TRUE(session().queued().isEmpty());
    EXPECT_EQ(composer()->toPlainText(), QStringLiteral("queued one"));
    EXPECT_EQ(session().messages().size(), 2U) << "nothing was sent after the stop";
}

// --- Stopping
// ------------------------------------------------------------------------------------------------

TEST_F(ChatBehaviourTest, EscInTheSearchBoxDoesNotStopTheReplyEscInTheChatDoes) {
    scenario(kSlowReply);
    activate();
    window().send(QStringLiteral("Tell me a long story"));
    wait_for_text();
    QLineEdit* search = window().sidebar().search_box();
    search->setFocus();
    QTest::keyClicks(search, QStringLiteral("abc"));
    QTest::keyClick(search, Qt::Key_Escape);
    QApplication::processEvents();
    EXPECT_TRUE(session().busy()) << "Esc in the search box stopped the reply";
    auto* pickers = window().findChild<QWidget*>(QStringLiteral("targetPicker"));
    ASSERT_TRUE(pickers);
    pickers->setFocus();
    QTest::keyClick(pickers, Qt::Key_Escape);
    QApplication::processEvents();
    EXPECT_TRUE(session().busy()) << "Esc on the toolbar stopped the reply";
    composer()->setFocus();
    QTest::keyClick(composer(), Qt::Key_Escape);
    test::wait_until([this] { return !session().busy(); }, "Esc in the chat to stop");
    EXPECT_TRUE(ChatSession::stopped_by_person(session().messages().back()));
}

TEST_F(ChatBehaviourTest, AStopIsShownAsStoppedAndIsNotCountedAsAFailure) {
    MetricsAggregator metrics(gui.app().clock());
    const auto subscription =
        gui.bus().subscription([&metrics](const TelemetryEvent& e) { metrics.record(e); });
    scenario(kSlowReply);
    window().send(QStringLiteral("Tell me a long story"));
    wait_for_text();
    session().stop();
    test::wait_until([this] { return !session().busy(); }, "the stop");
    QApplication::processEvents();
    const StoredMessage& reply = session().messages().back();
    const ReplyOutcome outcome = reply_outcome(reply, false);
    EXPECT_EQ(outcome.kind, ReplyOutcome::Kind::Stopped);
    MessageWidget* w = window().chat_view().message(1);
    ASSERT_TRUE(w);
    EXPECT_EQ(w->ribbon()->badge_text(), QStringLiteral("stopped"));
    auto* retry = w->findChild<QPushButton*>(QStringLiteral("retryButton"));
    ASSERT_TRUE(retry);
    EXPECT_FALSE(retry->isVisible()) << "a stop has no Retry-as-error button";
    auto* sentence = w->findChild<QLabel*>(QStringLiteral("messageError"));
    ASSERT_TRUE(sentence);
    EXPECT_TRUE(sentence->text().startsWith(QStringLiteral("You stopped this reply")))
        << sentence->text().toStdString();
    EXPECT_FALSE(w->failed_look()) << "no red frame";
    // Neither this test's aggregator nor the dashboard's counts it as a failure, of the request or attempt.
    for (const MetricsAggregator* m :
         {static_cast<const MetricsAggregator*>(&metrics), &window().dashboard().metrics()}) {
        const MetricsSnapshot s = m->snapshot(60);
        EXPECT_EQ(s.cancelled, 1);
        EXPECT_EQ(s.failed, 0);
        int failed_attempts = 0;
        for (const auto& [cls, count] : s.attempt_failures)
            failed_attempts += count;
        EXPECT_EQ(failed_attempts, 0) << "the stopped attempt counted as a failed attempt";
    }
}

// --- Editing, versions, actions
// ------------------------------------------------------------------------------

TEST_F(ChatBehaviourTest, AnEditCanBeAbandonedWithoutLosingAnything) {
    scenario(kQuickReply);
    gui.send_and_wait(QStringLiteral("Typo promt"));
    const auto before = session().messages();
    ASSERT_EQ(before.size(), 2U);
    window().action(QStringLiteral("edit_last"))->trigger();
    MessageWidget* w = window().chat_view().message(0);
    ASSERT_TRUE(w);
    EXPECT_TRUE(w->editing());
    EXPECT_EQ(session().messages().size(), 2U) << "opening the editor deletes nothing";
    w->editor()->selectAll();
    QTest::keyClicks(w->editor(), QStringLiteral("Something else entirely"));
    QTest::keyClick(w->editor(), Qt::Key_Escape);  // abandon
    EXPECT_FALSE(w->editing());
    ASSERT_EQ(session().messages().size(), 2U);
    EXPECT_EQ(session().messages()[0].content, "Typo promt");
    EXPECT_EQ(session().messages()[1].content, before[1].content);
    EXPECT_EQ(w->plain_text(), QStringLiteral("Typo promt"));
    EXPECT_EQ(gui.store().messages(session().conversation_id()).size(), 2U);
    // Cancel button: the same.
    w->begin_edit();
    QTest::keyClicks(w->editor(), QStringLiteral(" more"));
    QTest::mouseClick(w->findChild<QPushButton*>(QStringLiteral("cancelEdit")), Qt::LeftButton);
    EXPECT_EQ(session().messages()[0].content, "Typo promt");
    // Save and ask again: the prompt changes and the old answer stays as version 1.
    w->begin_edit();
    w->editor()->setPlainText(QStringLiteral("Typo prompt"));
    QTest::mouseClick(w->findChild<QPushButton*>(QStringLiteral("saveAndResend")), Qt::LeftButton);
    gui.wait_idle();
    ASSERT_EQ(session().messages().size(), 2U);
    EXPECT_EQ(session().messages()[0].content, "Typo prompt");
    EXPECT_EQ(session().messages()[1].version, 2);
    EXPECT_EQ(session().messages()[1].version_count, 2);
}

TEST_F(ChatBehaviourTest, RegenerateKeepsTheEarlierAnswerAsAVersion) {
    scenario(kQuickReply);
    gui.send_and_wait(QStringLiteral("One"));
    const StoredMessage first = session().messages().back();
    window().action(QStringLiteral("regenerate"))->trigger();
    gui.wait_idle();
    ASSERT_EQ(session().messages().size(), 2U);
    const StoredMessage second = session().messages().back();
    EXPECT_NE(second.id, first.id);
    EXPECT_EQ(second.version, 2);
    EXPECT_EQ(second.version_count, 2);
    MessageWidget* w = window().chat_view().message(1);
    ASSERT_TRUE(w);
    auto* label = w->findChild<QLabel*>(QStringLiteral("versionLabel"));
    ASSERT_TRUE(label);
    EXPECT_TRUE(label->isVisible());
    EXPECT_EQ(label->text(), QStringLiteral("2/2"));
    QTest::mouseClick(w->findChild<QToolButton*>(QStringLiteral("versionPrev")), Qt::LeftButton);
    QApplication::processEvents();
    EXPECT_EQ(session().messages().back().id, first.id) << "‹ shows the first answer again";
    w = window().chat_view().message(1);
    ASSERT_TRUE(w);
    EXPECT_EQ(w->findChild<QLabel*>(QStringLiteral("versionLabel"))->text(), QStringLiteral("1/2"));
    // Kept across a restart of the store: the version chosen is the one shown.
    const auto stored = gui.store().messages(session().conversation_id());
    ASSERT_EQ(stored.size(), 2U);
    EXPECT_EQ(stored.back().id, first.id);
}

TEST_F(ChatBehaviourTest, RegenerateAndEditAreOfferedOnlyWhenThereIsSomethingToActOn) {
    scenario(kQuickReply);
    window().new_chat();
    EXPECT_FALSE(window().action(QStringLiteral("regenerate"))->isEnabled());
    EXPECT_FALSE(window().action(QStringLiteral("edit_last"))->isEnabled());
    gui.send_and_wait(QStringLiteral("Hi"));
    EXPECT_TRUE(window().action(QStringLiteral("regenerate"))->isEnabled());
    EXPECT_TRUE(window().action(QStringLiteral("edit_last"))->isEnabled());
}

TEST_F(ChatBehaviourTest, MessageActionsCopyAndDelete) {
    scenario(kQuickReply);
    gui.send_and_wait(QStringLiteral("**Bold** question"));
    MessageWidget* user = window().chat_view().message(0);
    ASSERT_TRUE(user);
    EXPECT_EQ(user->plain_text(), QStringLiteral("Bold question")) << "the person's Markdown is rendered";
    QTest::mouseClick(user->findChild<QToolButton*>(QStringLiteral("copyMessage")), Qt::LeftButton);
    EXPECT_EQ(QApplication::clipboard()->text(), QStringLiteral("**Bold** question"));
    window().chat_view().set_confirm([](const QString&) { return true; });
    QTest::mouseClick(
        window().chat_view().message(1)->findChild<QToolButton*>(QStringLiteral("deleteMessage")),
        Qt::LeftButton);
    ASSERT_EQ(session().messages().size(), 1U);
    EXPECT_EQ(gui.store().messages(session().conversation_id()).size(), 1U);
}

// --- Drafts, new chats, the sidebar
// ---------------------------------------------------------------------------

TEST_F(ChatBehaviourTest, EachChatKeepsItsOwnDraft) {
    scenario(kQuickReply);
    gui.send_and_wait(QStringLiteral("in chat A"));
    const auto chat_a = session().conversation_id();
    window().composer().set_text(QStringLiteral("draft for A"));
    window().new_chat();
    const auto chat_b = session().conversation_id();
    ASSERT_NE(chat_a, chat_b);
    EXPECT_TRUE(composer()->toPlainText().isEmpty()) << "the draft does not follow into another chat";
    window().composer().set_text(QStringLiteral("draft for B"));
    QListWidget* list = window().sidebar().list();
    const auto select = [list](std::int64_t id) {
        for (int i = 0; i < list->count(); ++i) {
            if (list->item(i)->data(Qt::UserRole).toLongLong() == id)
                list->setCurrentRow(i);
        }
    };
    select(chat_a);
    EXPECT_EQ(session().conversation_id(), chat_a);
    EXPECT_EQ(composer()->toPlainText(), QStringLiteral("draft for A"));
    select(chat_b);
    EXPECT_EQ(composer()->toPlainText(), QStringLiteral("draft for B"));
    EXPECT_EQ(gui.store().conversation(chat_a)->draft, "draft for A") << "kept in the store";
}

TEST_F(ChatBehaviourTest, EmptyNewChatsDoNotPileUp) {
    window().new_chat();
    const auto first = session().conversation_id();
    window().new_chat();
    window().new_chat();
    EXPECT_EQ(session().conversation_id(), first);
    EXPECT_EQ(window().sidebar().list()->count(), 1);
}

TEST_F(ChatBehaviourTest, SearchShowsSnippetsAndSaysWhenNothingMatched) {
    scenario(kQuickReply);
    gui.send_and_wait(QStringLiteral("How does a circuit breaker decide to open after failures upstream?"));
    QLineEdit* search = window().sidebar().search_box();
    search->setText(QStringLiteral("decide to open"));
    QListWidget* list = window().sidebar().list();
    ASSERT_EQ(list->count(), 1);
    EXPECT_TRUE(list->item(0)->text().contains(QStringLiteral("decide to open after")))
        << list->item(0)->text().toStdString();
    EXPECT_FALSE(window().sidebar().showing_no_results());
    search->setText(QStringLiteral("zebra crossing"));
    EXPECT_EQ(list->count(), 0);
    EXPECT_TRUE(window().sidebar().showing_no_results());
    search->clear();
    EXPECT_FALSE(window().sidebar().showing_no_results());
    EXPECT_EQ(list->textElideMode(), Qt::ElideRight);
    EXPECT_TRUE(list->item(0)->toolTip().contains(QStringLiteral("circuit breaker")));
}

// --- Failures and recoveries at a glance
// --------------------------------------------------------------------

TEST_F(ChatBehaviourTest, AFailureReadsAsASentenceWithWhatToDo) {
    scenario(R"({"name": "t", "reply": {"first_token_ms": 0, "tokens_per_s": 0},
                 "faults": [{"kind": "bad_request", "max_count": 1}]})");
    gui.send_and_wait(QStringLiteral("Please answer"));
    MessageWidget* w = window().chat_view().message(1);
    ASSERT_TRUE(w);
    EXPECT_EQ(w->ribbon()->badge_text(), QStringLiteral("failed"));
    const QString sentence = w->findChild<QLabel*>(QStringLiteral("messageError"))->text();
    EXPECT_TRUE(
        sentence.startsWith(QStringLiteral("The provider rejected the request: check the model name")))
        << sentence.toStdString();
    EXPECT_FALSE(sentence.contains(QStringLiteral("bad_request:"))) << "no log-line prefix";
    const QString detail = w->findChild<QLabel*>(QStringLiteral("messageErrorDetail"))->text();
    EXPECT_TRUE(detail.startsWith(QStringLiteral("HTTP 400"))) << detail.toStdString();
    EXPECT_TRUE(w->failed_look()) << "a failed reply is marked red";
}

TEST_F(ChatBehaviourTest, ARecoveredReplyCarriesItsBadgeAndItsOwnTokens) {
    scenario(R"({"name": "t", "reply": {"first_token_ms": 0, "tokens_per_s": 0},
                 "faults": [{"kind": "rate_limit", "retry_after_ms": 60, "max_count": 1}]})");
    gui.send_and_wait(QStringLiteral("Hi"));
    ResilienceRibbon* ribbon = window().chat_view().message(1)->ribbon();
    EXPECT_EQ(ribbon->badge_text(), QStringLiteral("recovered after 1 retry (waited 0.06 s)"));
    const StoredMessage& reply = session().messages().back();
    ASSERT_GT(reply.output_tokens, 0);
    EXPECT_TRUE(ribbon->summary_text().contains(
        QStringLiteral("in %1 · out %2 tokens").arg(reply.input_tokens).arg(reply.output_tokens)));
    EXPECT_FALSE(ribbon->details_shown()) << "the attempt list is folded";
    ribbon->set_details_shown(true);
    EXPECT_TRUE(ribbon->findChild<QLabel*>(QStringLiteral("attemptList"))->isVisible());
    gui.send_and_wait(QStringLiteral("Hi again"));
    EXPECT_EQ(window().chat_view().message(3)->ribbon()->badge_text(), QStringLiteral("answered first time"));
}

TEST(ReplyOutcome, BadgesSentencesAndTokens) {
    StoredMessage m;
    m.role = "assistant";
    m.status = "failed";
    m.error_class = "network";
    m.error_message = "network: connection_reset";
    m.error_hint = "The connection failed: check the network, proxy settings and the target's base URL.";
    m.error_reason = "budget_denied";
    AttemptRecord a;
    a.status = std::nullopt;
    a.error_class = ErrorClass::Network;
    a.decision = DecisionKind::Retry;
    a.delay_ms = 1500;
    AttemptRecord b = a;
    b.decision = DecisionKind::Fail;
    b.delay_ms = 0;
    m.attempts = {a, b};
    const ReplyOutcome failed = reply_outcome(m, false);
    EXPECT_EQ(failed.kind, ReplyOutcome::Kind::Failed);
    EXPECT_EQ(failed.badge, QStringLiteral("failed after 2 attempts (waited 1.50 s)"));
    EXPECT_EQ(
        failed.sentence,
        QStringLiteral("The connection failed: check the network, proxy settings and the target's base URL. "
                       "Stopped trying because the retry budget refused more retries (too many recent "
                       "failures)."));
    EXPECT_EQ(failed.detail, QStringLiteral("connection reset · class network"));
    m.status = "complete";
    m.input_tokens = 412;
    m.output_tokens = 87;
    const ReplyOutcome recovered = reply_outcome(m, false);
    EXPECT_EQ(recovered.kind, ReplyOutcome::Kind::Recovered);
    EXPECT_EQ(recovered.tokens, QStringLiteral("in 412 · out 87 tokens"));
    m.attempts.resize(1);
    m.attempts[0].decision = DecisionKind::Success;
    m.attempts[0].error_class.reset();
    EXPECT_EQ(reply_outcome(m, false).kind, ReplyOutcome::Kind::Clean);
    m.status = "partial";
    m.error_class = "cancelled";
    EXPECT_EQ(reply_outcome(m, false).kind, ReplyOutcome::Kind::Stopped);
}

// --- Exports
// ---------------------------------------------------------------------------------------------------

TEST(ChatExport, StartsInTheGivenFolderWithTheExtensionAndASafeName) {
    EXPECT_EQ(suggested_export_path("Retries: why/how?", ChatExportFormat::Markdown,
                                    QStringLiteral("/home/a/Documents")),
              QStringLiteral("/home/a/Documents/Retries- why-how-.md"));
    EXPECT_EQ(suggested_export_path("...", ChatExportFormat::Json, QStringLiteral("/d")),
              QStringLiteral("/d/chat.json"));
    EXPECT_EQ(with_export_extension(QStringLiteral("/d/notes"), ChatExportFormat::Markdown),
              QStringLiteral("/d/notes.md"));
    EXPECT_EQ(with_export_extension(QStringLiteral("/d/notes.json"), ChatExportFormat::Json),
              QStringLiteral("/d/notes.json"));
    EXPECT_EQ(export_format_of(QStringLiteral("/d/x"), export_filter(ChatExportFormat::Json)),
              ChatExportFormat::Json);
    EXPECT_EQ(export_format_of(QStringLiteral("/d/x.md"), export_filter(ChatExportFormat::Json)),
              ChatExportFormat::Markdown);
}

TEST_F(ChatBehaviourTest, AnExportSaysWhereItSaved) {
    scenario(kQuickReply);
    gui.send_and_wait(QStringLiteral("Export me"));
    const QString path = gui.app().profile_path(QStringLiteral("chat.md"));
    EXPECT_EQ(window().export_conversation_to(path, ChatExportFormat::Markdown), QString());
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_TRUE(file.readAll().contains("Export me"));
    EXPECT_TRUE(window().statusBar()->currentMessage().contains(path))
        << window().statusBar()->currentMessage().toStdString();
}

}  // namespace
}  // namespace stormproof
