// Issue 14, end to end: bytes no one here wrote -- a header that is not UTF-8, a reply in Latin-1, an error
// body holding a 200,000-character key shape -- from a raw server on 127.0.0.1, through ResilientClient, to
// the `chat --json` object and the JSONL event lines. Before the fix the first threw type_error.316 out of
// the writer and the last overflowed the stack in the redactor.
#include <gtest/gtest.h>

#include <QByteArray>
#include <QCoreApplication>
#include <QEventLoop>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <vector>

#include "llm/ResilientClient.h"
#include "platform/QtTimeSystem.h"
#include "resilience/SeededRandom.h"
#include "resilience/Text.h"
#include "support/AppHarness.h"
#include "telemetry/JsonlEventLog.h"

namespace stormproof {
namespace {

using nlohmann::json;

const std::string kFffd = "\xEF\xBF\xBD";

// Answers each request with the next canned reply (the last one again when they run out), then closes.
class RawHttpReplies {
public:
    explicit RawHttpReplies(std::vector<QByteArray> replies) : replies_(std::move(replies)) {
        QObject::connect(&server_, &QTcpServer::newConnection, [this] {
            while (QTcpSocket* socket = server_.nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { on_read(socket); });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    quint16 start() { return server_.listen(QHostAddress::LocalHost, 0) ? server_.serverPort() : 0; }
    int requests() const { return requests_; }

    static QByteArray reply(int status, const QByteArray& headers, const QByteArray& body) {
        return "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: application/json\r\n" +
               headers + "Content-Length: " + QByteArray::number(body.size()) +
               "\r\nConnection: close\r\n\r\n" + body;
    }

private:
    void on_read(QTcpSocket* socket) {
        QByteArray& in = buffers_[socket];
        in += socket->readAll();
        const qsizetype end = in.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        qsizetype length = 0;
        for (const QByteArray& line : in.left(end).split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (in.size() < end + 4 + length)
            return;
        buffers_.erase(socket);
        const QByteArray& out =
            replies_[std::min<std::size_t>(static_cast<std::size_t>(requests_), replies_.size() - 1)];
        ++requests_;
        socket->write(out);
        socket->disconnectFromHost();
    }

    QTcpServer server_;
    std::vector<QByteArray> replies_;
    std::map<QTcpSocket*, QByteArray> buffers_;
    int requests_ = 0;
};

class ByteBoundaryTest : public ::testing::Test {
protected:
    test::AppHarness app{{test::AppHarnessOptions::Time::Real, /*random_seed=*/14, /*simulator_seed=*/0,
                          /*start_simulator=*/false}};
    const std::vector<TelemetryEvent>& events = app.events();

    ChatResult chat_once(RawHttpReplies& server) {
        const quint16 port = server.start();
        EXPECT_NE(port, 0);
        app.secrets().set({KeyRef::Source::Env, "KEY_A"}, "sk-canary-bytes-aaaaaaaa");
        Policy policy;
        policy.targets = {TargetConfig{"raw",
                                       ProviderKind::OpenAI,
                                       "http://127.0.0.1:" + std::to_string(port) + "/v1",
                                       "gpt-test",
                                       {{KeyRef::Source::Env, "KEY_A"}},
                                       false,
                                       ""}};
        policy.resilience.retry.max_attempts = 1;
        app.client().set_policy(policy);
        ChatRequest request = test::user_request("caf\xC3\xA9", false);
        request.conversation = "bytes";
        return app.run(std::move(request)).result;  // the policy's deadline bounds it
    }

    // Every output the CLI and the dashboard write, strictly parsed back.
    std::vector<std::string> outputs(const ChatResult& result) {
        std::vector<std::string> out;
        out.push_back(to_json_text(result.to_json(), 2));  // `chat --json`
        Redactor redactor;
        for (const TelemetryEvent& e : events)
            out.push_back(JsonlEventLog::line_for(e, redactor));  // --events and the dashboard's export
        for (const std::string& text : out)
            EXPECT_TRUE(json::accept(text)) << text.substr(0, 200);
        return out;
    }
};

TEST_F(ByteBoundaryTest, AnInvalidUtf8HeaderAndReplyReachTheJsonResultAndEventsAsReplacementCharacters) {
    RawHttpReplies server({RawHttpReplies::reply(
        200, "x-request-id: req-\xFF\xFE\r\nretry-after: \xE9\r\n",
        "{\"choices\":[{\"message\":{\"content\":\"caf\xE9\"},\"finish_reason\":\"stop\"}],"
        "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}")});
    const ChatResult result = chat_once(server);
    EXPECT_EQ(server.requests(), 1);
    ASSERT_TRUE(result.ok) << (result.error ? result.error->message : "");
    EXPECT_EQ(result.text, "caf" + kFffd);
    ASSERT_EQ(result.attempts.size(), 1U);
    EXPECT_EQ(result.attempts[0].request_id, "req-" + kFffd + kFffd);
    EXPECT_NO_THROW((void)result.to_json().dump()) << "the boundary made text of the bytes, not the writer";
    const json j = json::parse(outputs(result).front());
    EXPECT_EQ(j["attempts"][0]["request_id"], "req-" + kFffd + kFffd);
    bool event_has_id = false;
    for (const TelemetryEvent& e : events)
        event_has_id = event_has_id || e.request_id == "req-" + kFffd + kFffd;
    EXPECT_TRUE(event_has_id);
}

TEST_F(ByteBoundaryTest, AnErrorBodyHoldingAHugeKeyShapeIsRedactedNotACrash) {
    const QByteArray key = "sk-" + QByteArray(200000, 'a');
    RawHttpReplies server({RawHttpReplies::reply(
        500, "x-request-id: req-\xFF\r\n",
        "{\"error\":{\"message\":\"Incorrect API key provided: " + key + "\",\"type\":\"server_error\"}}")});
    const ChatResult result = chat_once(server);
    ASSERT_FALSE(result.ok);
    ASSERT_TRUE(result.error);
    EXPECT_EQ(result.error->error_class, ErrorClass::ServerError);
    EXPECT_NE(result.error->message.find("[REDACTED]"), std::string::npos)
        << result.error->message.substr(0, 200);
    for (const std::string& text : outputs(result))
        EXPECT_EQ(text.find("sk-aaaaaaaa"), std::string::npos) << text.substr(0, 200);
}

}  // namespace
}  // namespace stormproof
