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
        ASSERT_EQ(store.open(path()), "");
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
        a1.error_class = "server_error";
        a1.decision = "retry";
        a1.delay_ms = 640;
        a1.delay_source = "backoff";
        AttemptRecord a2;
        a2.index = 2;
        a2.target = "primary";
        a2.status = 200;
        a2.decision = "success";
        reply.attempts = {a1, a2};
        ASSERT_TRUE(store.update_message(reply));
    }
    ConversationStore reopened;
    ASSERT_EQ(reopened.open(path()), "");
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
    EXPECT_EQ(reopened.recovered_partials(), 0);
}

TEST_F(ConversationStoreTest, AReplyCutByACrashIsKeptAsPartial) {
    std::int64_t conversation = 0;
    {
        ConversationStore store;
        ASSERT_EQ(store.open(path()), "");
        conversation = store.create_conversation("Crash");
        StoredMessage reply{0, conversation, "assistant", "", 0};
        reply.status = "streaming";
        const auto id = store.add_message(reply);
        store.update_content(id, "Half a repl");
        // ... and the process dies here: no final update.
    }
    ConversationStore reopened;
    ASSERT_EQ(reopened.open(path()), "");
    EXPECT_EQ(reopened.recovered_partials(), 1);
    const auto messages = reopened.messages(conversation);
    ASSERT_EQ(messages.size(), 1U);
    EXPECT_EQ(messages[0].status, "partial");
    EXPECT_EQ(messages[0].content, "Half a repl");
}

TEST_F(ConversationStoreTest, SearchFindsTitlesAndMessageTextLiterally) {
    ConversationStore store;
    ASSERT_EQ(store.open(path()), "");
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
    const std::string error = store.open(path());
    EXPECT_NE(error.find(path().toStdString()), std::string::npos) << error;
    QFile f(path());
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EXPECT_EQ(f.readAll(), QByteArray("this is not an SQLite database, but it is somebody's file"));
}

TEST_F(ConversationStoreTest, ANewerSchemaIsRefused) {
    {
        ConversationStore store;
        ASSERT_EQ(store.open(path()), "");
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
    EXPECT_NE(store.open(path()).find("newer Stormproof (schema 99"), std::string::npos);
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
