// Issue 21 items 4 and 5 in the store (schema 3): a reply's reasoning kept apart from its answer, a compare's
// replies side by side, both through a reopen, a migration from schema 2 and the exports.
#include <gtest/gtest.h>

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <nlohmann/json.hpp>

#include "storage/ConversationExporter.h"
#include "storage/ConversationStore.h"

namespace stormproof {
namespace {

class ReasoningCompareStoreTest : public ::testing::Test {
protected:
    QTemporaryDir dir;
    QString path() const { return dir.filePath(QStringLiteral("c.db")); }
};

AttemptRecord attempt(int index, const std::string& target, std::optional<int> status, DecisionKind decision,
                      std::int64_t delay_ms = 0) {
    AttemptRecord a;
    a.index = index;
    a.target = target;
    a.status = status;
    if (status && *status >= 500)
        a.error_class = ErrorClass::ServerError;
    a.decision = decision;
    a.delay_ms = delay_ms;
    a.delay_source = delay_ms > 0 ? DelaySource::Backoff : DelaySource::None;
    return a;
}

TEST_F(ReasoningCompareStoreTest, ReasoningIsStoredApartFromTheAnswer) {
    std::int64_t conversation = 0;
    {
        ConversationStore store;
        ASSERT_TRUE(store.open(path()));
        conversation = store.create_conversation("Thinking");
        store.add_message({0, conversation, "user", "27 * 453?", 0});
        StoredMessage reply{0, conversation, "assistant", "", 0};
        reply.status = "streaming";
        reply.id = store.add_message(reply);
        // While streaming: the partial answer and the partial reasoning, saved together.
        ASSERT_TRUE(store.update_streamed(reply.id, "12,2", "Let me see."));
        EXPECT_EQ(store.messages(conversation)[1].reasoning, "Let me see.");
        EXPECT_EQ(store.messages(conversation)[1].content, "12,2");
        reply.content = "12,231";
        reply.reasoning = "Let me see. 27 * 453 = 12,231.";
        reply.status = "complete";
        ASSERT_TRUE(store.update_message(reply));
        // An edit of the answer leaves the reasoning alone.
        ASSERT_TRUE(store.update_content(reply.id, "12,231 (checked)"));
    }
    ConversationStore reopened;
    ASSERT_TRUE(reopened.open(path()));
    const auto messages = reopened.messages(conversation);
    ASSERT_EQ(messages.size(), 2U);
    EXPECT_EQ(messages[1].content, "12,231 (checked)");
    EXPECT_EQ(messages[1].reasoning, "Let me see. 27 * 453 = 12,231.");
    EXPECT_EQ(messages[0].reasoning, "");
}

TEST_F(ReasoningCompareStoreTest, ACompareIsSavedWithTheConversation) {
    std::int64_t conversation = 0, prompt = 0;
    {
        ConversationStore store;
        ASSERT_TRUE(store.open(path()));
        conversation = store.create_conversation("Compare");
        prompt = store.add_message({0, conversation, "user", "Why jitter?", 0});
        const char* labels[] = {"alpha", "beta", "gamma"};
        for (int column = 0; column < 3; ++column) {
            StoredMessage reply{0, conversation, "assistant", "", 0};
            reply.status = "streaming";
            reply.compare_of = prompt;
            reply.compare_column = column;
            reply.compare_label = labels[column];
            reply.id = store.add_message(reply);
            reply.status = "complete";
            reply.content = std::string("answer ") + labels[column];
            reply.total_ms = 1000 + 100 * column;
            reply.attempts = {attempt(1, labels[column], 200, DecisionKind::Success)};
            if (column == 1) {
                reply.attempts = {attempt(1, "beta", 503, DecisionKind::Retry, 250),
                                  attempt(2, "beta", 200, DecisionKind::Success)};
            }
            ASSERT_TRUE(store.update_message(reply));
        }
    }
    ConversationStore reopened;
    ASSERT_TRUE(reopened.open(path()));
    const auto messages = reopened.messages(conversation);
    ASSERT_EQ(messages.size(), 4U);
    for (int column = 0; column < 3; ++column) {
        const StoredMessage& m = messages[static_cast<std::size_t>(column + 1)];
        EXPECT_EQ(m.compare_of, prompt);
        EXPECT_EQ(m.compare_column, column);
        EXPECT_EQ(m.version_count, 1) << "a compare's columns are not versions of one answer";
    }
    EXPECT_EQ(messages[2].compare_label, "beta");
    ASSERT_EQ(messages[2].attempts.size(), 2U);
    EXPECT_EQ(messages[2].attempts[0].delay_ms, 250);
    EXPECT_EQ(messages[0].compare_of, 0);
    EXPECT_TRUE(reopened.versions_of(prompt).empty());
}

// A database written by schema 2 opens, migrated: its messages have no reasoning and are no compare's.
TEST_F(ReasoningCompareStoreTest, ASchemaTwoDatabaseIsMigrated) {
    {
        ConversationStore store;
        ASSERT_TRUE(store.open(path()));
        const auto conversation = store.create_conversation("old");
        const auto prompt = store.add_message({0, conversation, "user", "hi", 0});
        StoredMessage reply{0, conversation, "assistant", "hello", 0};
        reply.reply_to = prompt;
        store.add_message(reply);
    }
    {
        // Back to what schema 2 had: without the columns schema 3 added (SQLite 3.35+ drops columns).
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v2"));
        db.setDatabaseName(path());
        ASSERT_TRUE(db.open());
        for (const char* statement :
             {"ALTER TABLE messages DROP COLUMN reasoning", "ALTER TABLE messages DROP COLUMN compare_of",
              "ALTER TABLE messages DROP COLUMN compare_column",
              "ALTER TABLE messages DROP COLUMN compare_label", "PRAGMA user_version = 2"}) {
            QSqlQuery query(db);
            ASSERT_TRUE(query.exec(QString::fromLatin1(statement))) << statement;
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v2"));
    ConversationStore store;
    ASSERT_TRUE(store.open(path()));
    const auto messages = store.messages(1);
    ASSERT_EQ(messages.size(), 2U);
    EXPECT_EQ(messages[1].content, "hello");
    EXPECT_EQ(messages[1].reasoning, "");
    EXPECT_EQ(messages[1].compare_of, 0);
    EXPECT_EQ(messages[1].reply_to, messages[0].id);
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        db.setDatabaseName(path());
        ASSERT_TRUE(db.open());
        QSqlQuery version(db);
        ASSERT_TRUE(version.exec(QStringLiteral("PRAGMA user_version")) && version.next());
        EXPECT_EQ(version.value(0).toInt(), ConversationStore::kSchemaVersion);
        EXPECT_EQ(ConversationStore::kSchemaVersion, 3);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
}

TEST(ReasoningCompareExport, ReasoningIsFoldedAboveTheAnswerAndACompareEndsWithItsVerdict) {
    ConversationInfo info;
    info.title = "Export";
    StoredMessage prompt{1, 1, "user", "Why jitter?", 0};
    StoredMessage thought{2, 1, "assistant", "Because herds.", 0};
    thought.reasoning = "Herds of clients retry together; key sk-canary-0123456789abcdef.";
    StoredMessage compare_prompt{3, 1, "user", "And backoff?", 0};
    StoredMessage a{4, 1, "assistant", "Doubling.", 0};
    a.compare_of = 3;
    a.compare_column = 0;
    a.compare_label = "alpha";
    a.total_ms = 2000;
    a.attempts = {attempt(1, "alpha", 503, DecisionKind::Retry, 500),
                  attempt(2, "alpha", 200, DecisionKind::Success)};
    StoredMessage b = a;
    b.id = 5;
    b.content = "Waiting longer each time.";
    b.compare_column = 1;
    b.compare_label = "beta";
    b.total_ms = 1200;
    b.attempts = {attempt(1, "beta", 200, DecisionKind::Success)};
    const std::vector<StoredMessage> messages{prompt, thought, compare_prompt, a, b};
    Redactor redactor;
    const std::string md = ConversationExporter::to_markdown(info, messages, redactor);
    const auto details = md.find("<details><summary>Reasoning</summary>");
    const auto details_end = md.find("</details>");
    const auto answer = md.find("Because herds.");
    ASSERT_NE(details, std::string::npos) << md;
    ASSERT_NE(details_end, std::string::npos) << md;
    ASSERT_NE(answer, std::string::npos) << md;
    EXPECT_LT(details_end, answer) << "the reasoning, folded, comes before the answer, outside the fold";
    EXPECT_NE(md.find("Herds of clients retry together"), std::string::npos);
    EXPECT_EQ(md.find("sk-canary"), std::string::npos) << "reasoning is redacted like the answer";
    EXPECT_NE(md.find("compare column 2: beta"), std::string::npos) << md;
    EXPECT_NE(md.find("_Compare: fastest: beta (1.20 s, 0.80 s sooner); needed retries: alpha (1 retry, "
                      "waited 0.50 s)_"),
              std::string::npos)
        << md;

    const auto j = nlohmann::json::parse(ConversationExporter::to_json(info, messages, {}, redactor));
    ASSERT_EQ(j["messages"].size(), 5U);
    EXPECT_EQ(j["messages"][1]["content"], "Because herds.");
    EXPECT_EQ(j["messages"][1]["reasoning"].get<std::string>().find("Herds of clients"), 0U);
    EXPECT_EQ(j["messages"][0]["reasoning"], "");
    EXPECT_TRUE(j["messages"][1]["compare"].is_null());
    EXPECT_EQ(j["messages"][4]["compare"]["column"], 1);
    EXPECT_EQ(j["messages"][4]["compare"]["label"], "beta");
}

}  // namespace
}  // namespace stormproof
