#include "storage/ConversationStore.h"

#include <gtest/gtest.h>

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <nlohmann/json.hpp>

#include "storage/ConversationExporter.h"

namespace stormproof {
namespace {

class ConversationStoreTest : public ::testing::Test {
protected:
    QTemporaryDir dir;
    QString path() const { return dir.filePath(QStringLiteral("c.db")); }
};

TEST_F(ConversationStoreTest, RoundTripsConversationsMessagesAndAttempts) {
    std::int64_t conversation = 0;
    std::int64_t reply_id = 0;
    {
        ConversationStore store;
        ASSERT_TRUE(store.open(path()));
        conversation = store.create_conversation("Retries");
        auto info = *store.conversation(conversation);
        info.system_prompt = "Be brief.";
        info.temperature = 0.4;
        info.max_tokens = 300;
        ASSERT_TRUE(store.update_conversation(info));
        store.add_message({0, conversation, "user", "Why jitter?", 0});
        StoredMessage reply{0, conversation, "assistant", "", 0};
        reply.status = "streaming";
        reply_id = store.add_message(reply);
        reply.id = reply_id;
        reply.content = "Because herds.";
        reply.status = "complete";
        reply.served_target = "primary";
        reply.served_model = "gpt-test";
        reply.ttft_ms = 120;
        reply.total_ms = 900;
        AttemptRecord a1;
        a1.index = 1;
        a1.target = "primary";
        a1.status = 503;
        a1.error_class = ErrorClass::ServerError;
        a1.decision = DecisionKind::Retry;
        a1.delay_ms = 640;
        a1.delay_source = DelaySource::Backoff;
        AttemptRecord a2;
        a2.index = 2;
        a2.target = "primary";
        a2.status = 200;
        a2.decision = DecisionKind::Success;
        reply.attempts = {a1, a2};
        ASSERT_TRUE(store.update_message(reply));
    }
    ConversationStore reopened;
    ASSERT_TRUE(reopened.open(path()));
    const auto info = reopened.conversation(conversation);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->system_prompt, "Be brief.");
    EXPECT_EQ(info->temperature, 0.4);
    EXPECT_FALSE(info->top_p.has_value());
    const auto messages = reopened.messages(conversation);
    ASSERT_EQ(messages.size(), 2U);
    EXPECT_EQ(messages[1].content, "Because herds.");
    ASSERT_EQ(messages[1].attempts.size(), 2U);
    EXPECT_EQ(messages[1].attempts[0].delay_ms, 640);
    EXPECT_EQ(messages[1].attempts[0].status, 503);
    EXPECT_EQ(messages[1].attempts[0].error_class, ErrorClass::ServerError);
    EXPECT_EQ(messages[1].attempts[0].decision, DecisionKind::Retry);
    EXPECT_EQ(messages[1].attempts[0].delay_source, DelaySource::Backoff);
    EXPECT_EQ(messages[1].attempts[1].decision, DecisionKind::Success);
    EXPECT_FALSE(messages[1].attempts[1].error_class.has_value());
    EXPECT_EQ(reopened.recovered_partials(), 0);
}

TEST_F(ConversationStoreTest, AReplyCutByACrashIsKeptAsPartial) {
    std::int64_t conversation = 0;
    {
        ConversationStore store;
        ASSERT_TRUE(store.open(path()));
        conversation = store.create_conversation("Crash");
        StoredMessage reply{0, conversation, "assistant", "", 0};
        reply.status = "streaming";
        const auto id = store.add_message(reply);
        store.update_content(id, "Half a repl");
        // ... and the process dies here: no final update.
    }
    ConversationStore reopened;
    ASSERT_TRUE(reopened.open(path()));
    EXPECT_EQ(reopened.recovered_partials(), 1);
    const auto messages = reopened.messages(conversation);
    ASSERT_EQ(messages.size(), 1U);
    EXPECT_EQ(messages[0].status, "partial");
    EXPECT_EQ(messages[0].content, "Half a repl");
}

TEST_F(ConversationStoreTest, SearchFindsTitlesAndMessageTextLiterally) {
    ConversationStore store;
    ASSERT_TRUE(store.open(path()));
    const auto a = store.create_conversation("Backoff notes");
    const auto b = store.create_conversation("Other");
    store.add_message({0, b, "user", "what is 100% jitter?", 0});
    EXPECT_EQ(store.conversations("backoff").size(), 1U);
    EXPECT_EQ(store.conversations("backoff").front().id, a);
    EXPECT_EQ(store.conversations("100%").size(), 1U) << "% is literal, not a wildcard";
    EXPECT_EQ(store.conversations("jit_er").size(), 0U) << "_ is literal, not a wildcard";
    EXPECT_EQ(store.conversations("jitter").size(), 1U);
    EXPECT_EQ(store.conversations().size(), 2U);
    EXPECT_TRUE(store.delete_conversation(b));
    EXPECT_EQ(store.conversations().size(), 1U);
}

TEST_F(ConversationStoreTest, ACorruptFileIsRefusedAndLeftUntouched) {
    {
        QFile f(path());
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("this is not an SQLite database, but it is somebody's file");
    }
    ConversationStore store;
    const Status opened = store.open(path());
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().where, path().toStdString());
    EXPECT_NE(opened.error().message.find("damaged"), std::string::npos) << opened.error().message;
    QFile f(path());
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EXPECT_EQ(f.readAll(), QByteArray("this is not an SQLite database, but it is somebody's file"));
}

TEST_F(ConversationStoreTest, ANewerSchemaIsRefused) {
    {
        ConversationStore store;
        ASSERT_TRUE(store.open(path()));
    }
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bump"));
        db.setDatabaseName(path());
        ASSERT_TRUE(db.open());
        QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = 99"));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bump"));
    ConversationStore store;
    const Status opened = store.open(path());
    ASSERT_FALSE(opened);
    EXPECT_NE(opened.error().message.find("newer Stormproof (schema 99"), std::string::npos)
        << opened.error().message;
}

// A database written by schema 1 (before drafts and answer versions) opens, migrated: its replies learn the
// user message they answer, its chats get an empty draft, nothing is lost.
TEST_F(ConversationStoreTest, ASchemaOneDatabaseIsMigratedWithItsRepliesLinkedToTheirPrompts) {
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
        db.setDatabaseName(path());
        ASSERT_TRUE(db.open());
        const char* v1[] = {
            "CREATE TABLE conversations (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL,"
            " created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, system_prompt TEXT NOT NULL DEFAULT "
            "'',"
            " temperature REAL, top_p REAL, max_tokens INTEGER)",
            "CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT,"
            " conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
            " role TEXT NOT NULL, content TEXT NOT NULL, created_ms INTEGER NOT NULL, status TEXT NOT NULL,"
            " served_target TEXT, served_model TEXT, fallback_used INTEGER NOT NULL DEFAULT 0, trace_id TEXT,"
            " ttft_ms INTEGER, total_ms INTEGER, input_tokens INTEGER NOT NULL DEFAULT 0,"
            " output_tokens INTEGER NOT NULL DEFAULT 0, error_class TEXT, error_message TEXT, error_hint "
            "TEXT)",
            "CREATE INDEX messages_by_conversation ON messages(conversation_id, id)",
            "CREATE TABLE attempts (message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,"
            " idx INTEGER NOT NULL, target TEXT, model TEXT, started_ms INTEGER, duration_ms INTEGER, status "
            "INTEGER, error_class TEXT, request_id TEXT, decision TEXT, delay_ms INTEGER, delay_source TEXT, "
            "ttft_ms INTEGER, hedge INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (message_id, idx))",
            "INSERT INTO conversations (id, title, created_ms, updated_ms) VALUES (1, 'old', 1, 1)",
            "INSERT INTO messages (id, conversation_id, role, content, created_ms, status) VALUES"
            " (1, 1, 'user', 'first', 1, 'complete'), (2, 1, 'assistant', 'one', 2, 'complete'),"
            " (3, 1, 'user', 'second', 3, 'complete'), (4, 1, 'assistant', 'two', 4, 'complete')",
            "PRAGMA user_version = 1",
        };
        for (const char* statement : v1)
            ASSERT_TRUE(QSqlQuery(db).exec(QString::fromLatin1(statement))) << statement;
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v1"));
    ConversationStore store;
    ASSERT_TRUE(store.open(path()));
    const auto messages = store.messages(1);
    ASSERT_EQ(messages.size(), 4U);
    EXPECT_EQ(messages[1].reply_to, 1);
    EXPECT_EQ(messages[3].reply_to, 3);
    EXPECT_EQ(messages[3].content, "two");
    EXPECT_EQ(store.conversation(1)->draft, "");
    EXPECT_EQ(store.versions_of(3), std::vector<std::int64_t>{4});
    ASSERT_TRUE(store.set_draft(1, "half a thought"));
    EXPECT_EQ(store.conversation(1)->draft, "half a thought");
}

TEST_F(ConversationStoreTest, AnswerVersionsAreKeptAndOneIsShown) {
    ConversationStore store;
    ASSERT_TRUE(store.open(path()));
    const auto chat = store.create_conversation("v");
    const auto prompt = store.add_message({0, chat, "user", "Why?", 0});
    StoredMessage first{0, chat, "assistant", "Because.", 0};
    first.reply_to = prompt;
    const auto first_id = store.add_message(first);
    ASSERT_TRUE(store.hide_answers_to(prompt));
    StoredMessage second{0, chat, "assistant", "For reasons.", 0};
    second.reply_to = prompt;
    const auto second_id = store.add_message(second);
    auto shown = store.messages(chat);
    ASSERT_EQ(shown.size(), 2U) << "one version of the answer is shown";
    EXPECT_EQ(shown[1].id, second_id);
    EXPECT_EQ(shown[1].version, 2);
    EXPECT_EQ(shown[1].version_count, 2);
    EXPECT_EQ(store.versions_of(prompt), (std::vector<std::int64_t>{first_id, second_id}));
    ASSERT_TRUE(store.show_version(first_id));
    shown = store.messages(chat);
    ASSERT_EQ(shown.size(), 2U);
    EXPECT_EQ(shown[1].content, "Because.");
    EXPECT_EQ(shown[1].version, 1);
    EXPECT_EQ(shown[1].version_count, 2);
    ASSERT_TRUE(store.delete_message(second_id));
    EXPECT_EQ(store.versions_of(prompt), std::vector<std::int64_t>{first_id});
}

TEST_F(ConversationStoreTest, SearchGivesASnippetAndAnEmptyChatIsFound) {
    ConversationStore store;
    ASSERT_TRUE(store.open(path()));
    const auto chat = store.create_conversation("Breakers");
    store.add_message({0, chat, "user",
                       "Tell me, in a few words and without jargon, how a circuit breaker decides to open "
                       "after repeated failures of the upstream",
                       0});
    EXPECT_EQ(store.empty_conversation(), 0) << "no chat is empty yet";
    const auto empty = store.create_conversation("New chat");
    EXPECT_EQ(store.empty_conversation(), empty);
    const auto hits = store.search("DECIDES");
    ASSERT_EQ(hits.size(), 1U);
    EXPECT_EQ(hits[0].info.id, chat);
    EXPECT_NE(hits[0].snippet.find("decides to open"), std::string::npos) << hits[0].snippet;
    EXPECT_EQ(hits[0].snippet.rfind("\u2026", 0), 0U) << "cut at the start: " << hits[0].snippet;
    EXPECT_LT(hits[0].snippet.size(), 110U);
    EXPECT_TRUE(store.search("no such words").empty());
    const auto by_title = store.search("breakers");
    ASSERT_EQ(by_title.size(), 1U);
    EXPECT_EQ(by_title[0].snippet, "") << "only the title matched";
}

TEST(ConversationExporter, MarkdownAndJsonCarryNoSecrets) {
    ConversationInfo info;
    info.title = "Keys";
    StoredMessage user{1, 1, "user", "my key is sk-canary-0123456789abcdef, keep it", 0};
    StoredMessage reply{2, 1, "assistant", "I will not repeat sk-canary-0123456789abcdef.", 0};
    reply.trace_id = "t1";
    TelemetryEvent e;
    e.trace_id = "t1";
    e.event = EventKind::AttemptFinished;
    e.detail = "401 invalid_api_key: Incorrect API key provided: sk-canary-0123456789abcdef";
    TelemetryEvent other = e;
    other.trace_id = "someone-else";
    Redactor redactor;
    const std::string md = ConversationExporter::to_markdown(info, {user, reply}, redactor);
    const std::string js = ConversationExporter::to_json(info, {user, reply}, {e, other}, redactor);
    EXPECT_EQ(md.find("sk-canary"), std::string::npos) << md;
    EXPECT_EQ(js.find("sk-canary"), std::string::npos) << js;
    const auto j = nlohmann::json::parse(js);
    EXPECT_EQ(j["messages"].size(), 2U);
    EXPECT_EQ(j["events"].size(), 1U) << "only this conversation's traces";
}

}  // namespace
}  // namespace stormproof
