#include "ConversationStore.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>
#include <algorithm>

namespace stormproof {

namespace {

QVariant opt(const std::optional<double>& v) {
    return v ? QVariant(*v) : QVariant();
}
QVariant opt(const std::optional<int>& v) {
    return v ? QVariant(*v) : QVariant();
}
QVariant opt(const std::optional<std::int64_t>& v) {
    return v ? QVariant(static_cast<qlonglong>(*v)) : QVariant();
}
QString q(const std::string& s) {
    return QString::fromStdString(s);
}
std::string s(const QVariant& v) {
    return v.toString().toStdString();
}
std::int64_t now_ms() {
    return QDateTime::currentMSecsSinceEpoch();
}

// Runs fn in a transaction: all or nothing.
template <typename Fn>
bool transaction(QSqlDatabase db, QString& error, Fn fn) {
    if (!db.transaction()) {
        error = db.lastError().text();
        return false;
    }
    if (!fn()) {
        db.rollback();
        return false;
    }
    if (!db.commit()) {
        error = db.lastError().text();
        db.rollback();
        return false;
    }
    return true;
}

bool exec(QSqlQuery& query, QString& error) {
    if (!query.exec()) {
        error = query.lastError().text();
        return false;
    }
    return true;
}

const char* kSchemaV1[] = {
    "CREATE TABLE conversations (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL,"
    " created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, system_prompt TEXT NOT NULL DEFAULT '',"
    " temperature REAL, top_p REAL, max_tokens INTEGER)",
    "CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
    " role TEXT NOT NULL, content TEXT NOT NULL, created_ms INTEGER NOT NULL, status TEXT NOT NULL,"
    " served_target TEXT, served_model TEXT, fallback_used INTEGER NOT NULL DEFAULT 0, trace_id TEXT,"
    " ttft_ms INTEGER, total_ms INTEGER, input_tokens INTEGER NOT NULL DEFAULT 0,"
    " output_tokens INTEGER NOT NULL DEFAULT 0, error_class TEXT, error_message TEXT, error_hint TEXT)",
    "CREATE INDEX messages_by_conversation ON messages(conversation_id, id)",
    "CREATE TABLE attempts (message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,"
    " idx INTEGER NOT NULL, target TEXT, model TEXT, started_ms INTEGER, duration_ms INTEGER, status INTEGER,"
    " error_class TEXT, request_id TEXT, decision TEXT, delay_ms INTEGER, delay_source TEXT, ttft_ms INTEGER,"
    " hedge INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (message_id, idx))",
};

// Schema 2: a draft per chat; answer versions (each reply knows the user message it answers, and the versions
// not shown are hidden). Replies written before know no user message: the nearest one before them is theirs.
const char* kSchemaV2[] = {
    "ALTER TABLE conversations ADD COLUMN draft TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE messages ADD COLUMN reply_to INTEGER",
    "ALTER TABLE messages ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE messages ADD COLUMN error_reason TEXT",
    "UPDATE messages SET reply_to = (SELECT MAX(u.id) FROM messages u WHERE u.conversation_id ="
    " messages.conversation_id AND u.role = 'user' AND u.id < messages.id) WHERE role = 'assistant'",
    "CREATE INDEX messages_by_reply ON messages(reply_to)",
};

// Schema 3: the model's reasoning apart from its answer; a compare's replies (each answers the same user
// message side by side, in its column, labelled with what it ran). Earlier replies had neither.
const char* kSchemaV3[] = {
    "ALTER TABLE messages ADD COLUMN reasoning TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE messages ADD COLUMN compare_of INTEGER",
    "ALTER TABLE messages ADD COLUMN compare_column INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE messages ADD COLUMN compare_label TEXT NOT NULL DEFAULT ''",
};

// Attempt fields are typed in memory and names in SQL (the names of docs/INTERFACES.md).
template <typename Enum, std::size_t N>
std::optional<Enum> enum_from_name(const std::string& name, const Enum (&values)[N]) {
    for (const Enum value : values) {
        if (to_string(value) == name)
            return value;
    }
    return std::nullopt;
}
constexpr DecisionKind kDecisionKinds[] = {DecisionKind::Success,  DecisionKind::Retry, DecisionKind::NextKey,
                                           DecisionKind::Fallback, DecisionKind::Fail,  DecisionKind::Hedge,
                                           DecisionKind::Cancelled};
constexpr DelaySource kDelaySources[] = {DelaySource::None,           DelaySource::Backoff,
                                         DelaySource::RetryAfter,     DelaySource::RetryAfterMs,
                                         DelaySource::RateLimitReset, DelaySource::BodyRetryDelay};

// A search result's snippet: this many characters of context either side of the words found.
constexpr int kSnippetContextChars = 40;

QString like_pattern(const std::string& text) {
    QString pattern = QString::fromStdString(text);
    pattern.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('%'), QStringLiteral("\\%"))
        .replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return QLatin1Char('%') + pattern + QLatin1Char('%');
}

std::string snippet_of(const QString& content, const QString& needle) {
    const QString flat = content.simplified();
    const int at = flat.indexOf(needle, 0, Qt::CaseInsensitive);
    if (at < 0)
        return {};
    const int from = std::max(0, at - kSnippetContextChars);
    const int to =
        std::min(static_cast<int>(flat.size()), at + static_cast<int>(needle.size()) + kSnippetContextChars);
    QString out = flat.mid(from, to - from);
    if (from > 0)
        out.prepend(QChar(0x2026));
    if (to < flat.size())
        out.append(QChar(0x2026));
    return out.toStdString();
}

ConversationInfo conversation_from(const QSqlQuery& query) {
    ConversationInfo c;
    c.id = query.value(0).toLongLong();
    c.title = query.value(1).toString().toStdString();
    c.created_ms = query.value(2).toLongLong();
    c.updated_ms = query.value(3).toLongLong();
    c.system_prompt = query.value(4).toString().toStdString();
    if (!query.value(5).isNull())
        c.temperature = query.value(5).toDouble();
    if (!query.value(6).isNull())
        c.top_p = query.value(6).toDouble();
    if (!query.value(7).isNull())
        c.max_tokens = query.value(7).toInt();
    c.draft = query.value(8).toString().toStdString();
    return c;
}

}  // namespace

ConversationStore::ConversationStore()
    : connection_(QStringLiteral("stormproof-store-") + QUuid::createUuid().toString(QUuid::WithoutBraces)) {}

ConversationStore::~ConversationStore() {
    {
        QSqlDatabase db = QSqlDatabase::database(connection_, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(connection_);
}

bool ConversationStore::is_open() const {
    return QSqlDatabase::database(connection_, false).isOpen();
}

Status ConversationStore::open(const QString& path) {
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection_);
    db.setDatabaseName(path);
    if (!db.open()) {
        return make_error("cannot open the conversation database: " + db.lastError().text().toStdString(),
                          path.toStdString());
    }
    QSqlQuery pragma(db);
    // WAL: readers never block the writer, and a crash leaves every committed transaction intact.
    pragma.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
    pragma.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
    pragma.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    QSqlQuery check(db);
    if (!check.exec(QStringLiteral("PRAGMA quick_check")) || !check.next() ||
        check.value(0).toString() != QLatin1String("ok")) {
        const std::string why = check.lastError().isValid() ? check.lastError().text().toStdString()
                                                            : check.value(0).toString().toStdString();
        db.close();
        return make_error("the conversation database is damaged (" + why +
                              "); it was left untouched — move it aside to start afresh",
                          path.toStdString());
    }
    if (!migrate()) {
        const std::string why = last_error_.toStdString();
        db.close();
        return make_error("cannot prepare the conversation database: " + why, path.toStdString());
    }
    QSqlQuery recover(db);
    recover.prepare(QStringLiteral("UPDATE messages SET status='partial' WHERE status='streaming'"));
    if (recover.exec())
        recovered_partials_ = recover.numRowsAffected();
    return {};
}

bool ConversationStore::migrate() {
    QSqlDatabase db = QSqlDatabase::database(connection_);
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
        last_error_ = query.lastError().text();
        return false;
    }
    const int version = query.value(0).toInt();
    if (version > kSchemaVersion) {
        last_error_ = QStringLiteral("it was written by a newer Stormproof (schema %1, this one reads %2)")
                          .arg(version)
                          .arg(kSchemaVersion);
        return false;
    }
    if (version == kSchemaVersion)
        return true;
    return transaction(db, last_error_, [&] {
        if (version < 1) {
            for (const char* statement : kSchemaV1) {
                QSqlQuery create(db);
                if (!create.exec(QString::fromLatin1(statement))) {
                    last_error_ = create.lastError().text();
                    return false;
                }
            }
        }
        if (version < 2) {
            for (const char* statement : kSchemaV2) {
                QSqlQuery step(db);
                if (!step.exec(QString::fromLatin1(statement))) {
                    last_error_ = step.lastError().text();
                    return false;
                }
            }
        }
        if (version < 3) {
            for (const char* statement : kSchemaV3) {
                QSqlQuery step(db);
                if (!step.exec(QString::fromLatin1(statement))) {
                    last_error_ = step.lastError().text();
                    return false;
                }
            }
        }
        QSqlQuery set(db);
        if (!set.exec(QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion))) {
            last_error_ = set.lastError().text();
            return false;
        }
        return true;
    });
}

std::vector<ConversationInfo> ConversationStore::conversations(const std::string& search) const {
    std::vector<ConversationInfo> out;
    QSqlQuery query(QSqlDatabase::database(connection_));
    if (search.empty()) {
        query.prepare(
            QStringLiteral("SELECT id, title, created_ms, updated_ms, system_prompt, temperature, top_p,"
                           " max_tokens, draft FROM conversations ORDER BY updated_ms DESC, id DESC"));
    } else {
        // Titles and message text both count: people remember what was said, not what the chat was called.
        query.prepare(
            QStringLiteral("SELECT id, title, created_ms, updated_ms, system_prompt, temperature, top_p, "
                           "max_tokens, draft FROM conversations c"
                           " WHERE title LIKE :p ESCAPE '\\' OR EXISTS (SELECT 1 FROM messages m WHERE "
                           "m.conversation_id = c.id AND m.hidden = 0"
                           " AND m.content LIKE :p ESCAPE '\\') ORDER BY updated_ms DESC, id DESC"));
        query.bindValue(QStringLiteral(":p"), like_pattern(search));
    }
    if (!exec(query, last_error_))
        return out;
    while (query.next())
        out.push_back(conversation_from(query));
    return out;
}

std::vector<SearchHit> ConversationStore::search(const std::string& text) const {
    std::vector<SearchHit> hits;
    const QString needle = QString::fromStdString(text).simplified();
    for (ConversationInfo& info : conversations(text)) {
        SearchHit hit{std::move(info), {}};
        QSqlQuery query(QSqlDatabase::database(connection_));
        query.prepare(QStringLiteral(
            "SELECT content FROM messages WHERE conversation_id=? AND hidden=0 AND content LIKE ?"
            " ESCAPE '\\' ORDER BY id LIMIT 1"));
        query.addBindValue(static_cast<qlonglong>(hit.info.id));
        query.addBindValue(like_pattern(text));
        if (exec(query, last_error_) && query.next())
            hit.snippet = snippet_of(query.value(0).toString(), needle);
        hits.push_back(std::move(hit));
    }
    return hits;
}

std::int64_t ConversationStore::empty_conversation() const {
    QSqlQuery query(QSqlDatabase::database(connection_));
    query.prepare(
        QStringLiteral("SELECT id FROM conversations c WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE"
                       " m.conversation_id = c.id) ORDER BY updated_ms DESC, id DESC LIMIT 1"));
    if (!exec(query, last_error_) || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

bool ConversationStore::set_draft(std::int64_t conversation_id, const std::string& text) {
    QSqlQuery query(QSqlDatabase::database(connection_));
    query.prepare(QStringLiteral("UPDATE conversations SET draft=? WHERE id=?"));
    query.addBindValue(q(text));
    query.addBindValue(static_cast<qlonglong>(conversation_id));
    return exec(query, last_error_);
}

std::optional<ConversationInfo> ConversationStore::conversation(std::int64_t id) const {
    for (const auto& c : conversations()) {
        if (c.id == id)
            return c;
    }
    return std::nullopt;
}

std::int64_t ConversationStore::create_conversation(const std::string& title) {
    QSqlDatabase db = QSqlDatabase::database(connection_);
    std::int64_t id = 0;
    transaction(db, last_error_, [&] {
        QSqlQuery query(db);
        query.prepare(
            QStringLiteral("INSERT INTO conversations (title, created_ms, updated_ms) VALUES (?, ?, ?)"));
        const auto t = now_ms();
        query.addBindValue(q(title));
        query.addBindValue(static_cast<qlonglong>(t));
        query.addBindValue(static_cast<qlonglong>(t));
        if (!exec(query, last_error_))
            return false;
        id = query.lastInsertId().toLongLong();
        return true;
    });
    return id;
}

bool ConversationStore::update_conversation(const ConversationInfo& info) {
    QSqlDatabase db = QSqlDatabase::database(connection_);
    return transaction(db, last_error_, [&] {
        QSqlQuery query(db);
        query.prepare(
            QStringLiteral("UPDATE conversations SET title=?, updated_ms=?, system_prompt=?, temperature=?,"
                           " top_p=?, max_tokens=? WHERE id=?"));
        query.addBindValue(q(info.title));
        query.addBindValue(static_cast<qlonglong>(now_ms()));
        query.addBindValue(q(info.system_prompt));
        query.addBindValue(opt(info.temperature));
        query.addBindValue(opt(info.top_p));
        query.addBindValue(opt(info.max_tokens));
        query.addBindValue(static_cast<qlonglong>(info.id));
        return exec(query, last_error_);
    });
}

bool ConversationStore::delete_conversation(std::int64_t id) {
    QSqlDatabase db = QSqlDatabase::database(connection_);
    return transaction(db, last_error_, [&] {
        QSqlQuery query(db);
        query.prepare(QStringLiteral("DELETE FROM conversations WHERE id=?"));
        query.addBindValue(static_cast<qlonglong>(id));
        return exec(query, last_error_);
    });
}

std::optional<std::pair<std::int64_t, std::int64_t>> ConversationStore::find_trace(
    const std::string& trace_id) const {
    if (trace_id.empty())
        return std::nullopt;
    QSqlQuery query(QSqlDatabase::database(connection_));
    query.prepare(
        QStringLiteral("SELECT conversation_id, id FROM messages WHERE trace_id=? ORDER BY id DESC LIMIT 1"));
    query.addBindValue(QString::fromStdString(trace_id));
    if (!exec(query, last_error_) || !query.next())
        return std::nullopt;
    return std::make_pair(static_cast<std::int64_t>(query.value(0).toLongLong()),
                          static_cast<std::int64_t>(query.value(1).toLongLong()));
}

std::vector<StoredMessage> ConversationStore::messages(std::int64_t conversation_id) const {
    std::vector<StoredMessage> out;
    QSqlDatabase db = QSqlDatabase::database(connection_);
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "SELECT id, role, content, created_ms, status, served_target, served_model, fallback_used, trace_id, "
        "ttft_ms, total_ms, input_tokens, output_tokens, error_class, error_message, error_hint, reply_to,"

        " (SELECT COUNT(*) FROM messages v WHERE v.reply_to = m.reply_to AND v.id <= m.id),"
        " (SELECT COUNT(*) FROM messages v WHERE v.reply_to = m.reply_to), error_reason, reasoning,"
        " compare_of, compare_column, compare_label"
        " FROM messages m WHERE conversation_id=? AND hidden=0 ORDER BY id"));
    query.addBindValue(static_cast<qlonglong>(conversation_id));
    if (!exec(query, last_error_))
        return out;
    while (query.next()) {
        StoredMessage m;
        m.id = query.value(0).toLongLong();
        m.conversation_id = conversation_id;
        m.role = s(query.value(1));
        m.content = s(query.value(2));
        m.created_ms = query.value(3).toLongLong();
        m.status = s(query.value(4));
        m.served_target = s(query.value(5));
        m.served_model = s(query.value(6));
        m.fallback_used = query.value(7).toBool();
        m.trace_id = s(query.value(8));
        if (!query.value(9).isNull())
            m.ttft_ms = query.value(9).toLongLong();
        if (!query.value(10).isNull())
            m.total_ms = query.value(10).toLongLong();
        m.input_tokens = query.value(11).toInt();
        m.output_tokens = query.value(12).toInt();
        m.error_class = s(query.value(13));
        m.error_message = s(query.value(14));
        m.error_hint = s(query.value(15));
        if (!query.value(16).isNull()) {
            m.reply_to = query.value(16).toLongLong();
            m.version = std::max(1, query.value(17).toInt());
            m.version_count = std::max(1, query.value(18).toInt());
        }
        m.error_reason = s(query.value(19));
        m.reasoning = s(query.value(20));
        m.compare_of = query.value(21).toLongLong();
        m.compare_column = query.value(22).toInt();
        m.compare_label = s(query.value(23));
        out.push_back(std::move(m));
    }
    QSqlQuery attempts(db);
    attempts.prepare(QStringLiteral(
        "SELECT a.message_id, a.idx, a.target, a.model, a.started_ms, a.duration_ms, a.status, a.error_class,"
        " a.request_id, a.decision, a.delay_ms, a.delay_source, a.ttft_ms, a.hedge FROM attempts a"
        " JOIN messages m ON m.id = a.message_id WHERE m.conversation_id=? ORDER BY a.message_id, a.idx"));
    attempts.addBindValue(static_cast<qlonglong>(conversation_id));
    if (!exec(attempts, last_error_))
        return out;
    while (attempts.next()) {
        const auto message_id = attempts.value(0).toLongLong();
        for (auto& m : out) {
            if (m.id != message_id)
                continue;
            AttemptRecord a;
            a.index = attempts.value(1).toInt();
            a.target = s(attempts.value(2));
            a.model = s(attempts.value(3));
            a.started_ms = attempts.value(4).toLongLong();
            a.duration_ms = attempts.value(5).toLongLong();
            if (!attempts.value(6).isNull())
                a.status = attempts.value(6).toInt();
            a.error_class = error_class_from_string(s(attempts.value(7)));
            a.request_id = s(attempts.value(8));
            a.decision = enum_from_name(s(attempts.value(9)), kDecisionKinds);
            a.delay_ms = attempts.value(10).toLongLong();
            a.delay_source = enum_from_name(s(attempts.value(11)), kDelaySources).value_or(DelaySource::None);
            if (!attempts.value(12).isNull())
                a.ttft_ms = attempts.value(12).toLongLong();
            a.hedge = attempts.value(13).toBool();
            m.attempts.push_back(a);
        }
    }
    return out;
}

std::int64_t ConversationStore::add_message(const StoredMessage& message) {
    QSqlDatabase db = QSqlDatabase::database(connection_);
    std::int64_t id = 0;
    transaction(db, last_error_, [&] {
        QSqlQuery query(db);
        query.prepare(QStringLiteral(
            "INSERT INTO messages (conversation_id, role, content, created_ms, status, reply_to, reasoning,"
            " compare_of, compare_column, compare_label) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        query.addBindValue(static_cast<qlonglong>(message.conversation_id));
        query.addBindValue(q(message.role));
        query.addBindValue(q(message.content));
        query.addBindValue(static_cast<qlonglong>(message.created_ms ? message.created_ms : now_ms()));
        query.addBindValue(q(message.status));
        query.addBindValue(message.reply_to ? QVariant(static_cast<qlonglong>(message.reply_to))
                                            : QVariant());
        query.addBindValue(q(message.reasoning));
        query.addBindValue(message.compare_of ? QVariant(static_cast<qlonglong>(message.compare_of))
                                              : QVariant());
        query.addBindValue(message.compare_column);
        query.addBindValue(q(message.compare_label));
        if (!exec(query, last_error_))
            return false;
        id = query.lastInsertId().toLongLong();
        QSqlQuery touch(db);
        touch.prepare(QStringLiteral("UPDATE conversations SET updated_ms=? WHERE id=?"));
        touch.addBindValue(static_cast<qlonglong>(now_ms()));
        touch.addBindValue(static_cast<qlonglong>(message.conversation_id));
        return exec(touch, last_error_);
    });
    return id;
}

bool ConversationStore::update_content(std::int64_t message_id, const std::string& content) {
    QSqlQuery query(QSqlDatabase::database(connection_));
    query.prepare(QStringLiteral("UPDATE messages SET content=? WHERE id=?"));
    query.addBindValue(q(content));
    query.addBindValue(static_cast<qlonglong>(message_id));
    return exec(query, last_error_);
}

bool ConversationStore::update_streamed(std::int64_t message_id, const std::string& content,
                                        const std::string& reasoning) {
    QSqlQuery query(QSqlDatabase::database(connection_));
    query.prepare(QStringLiteral("UPDATE messages SET content=?, reasoning=? WHERE id=?"));
    query.addBindValue(q(content));
    query.addBindValue(q(reasoning));
    query.addBindValue(static_cast<qlonglong>(message_id));
    return exec(query, last_error_);
}

bool ConversationStore::update_message(const StoredMessage& m) {
    QSqlDatabase db = QSqlDatabase::database(connection_);
    return transaction(db, last_error_, [&] {
        QSqlQuery query(db);
        query.prepare(
            QStringLiteral("UPDATE messages SET content=?, status=?, served_target=?, served_model=?, "
                           "fallback_used=?, trace_id=?,"
                           " ttft_ms=?, total_ms=?, input_tokens=?, output_tokens=?, error_class=?, "
                           "error_message=?, error_hint=?, error_reason=?, reasoning=?"
                           " WHERE id=?"));
        query.addBindValue(q(m.content));
        query.addBindValue(q(m.status));
        query.addBindValue(q(m.served_target));
        query.addBindValue(q(m.served_model));
        query.addBindValue(m.fallback_used ? 1 : 0);
        query.addBindValue(q(m.trace_id));
        query.addBindValue(opt(m.ttft_ms));
        query.addBindValue(opt(m.total_ms));
        query.addBindValue(m.input_tokens);
        query.addBindValue(m.output_tokens);
        query.addBindValue(q(m.error_class));
        query.addBindValue(q(m.error_message));
        query.addBindValue(q(m.error_hint));
        query.addBindValue(q(m.error_reason));
        query.addBindValue(q(m.reasoning));
        query.addBindValue(static_cast<qlonglong>(m.id));
        if (!exec(query, last_error_))
            return false;
        QSqlQuery clear(db);
        clear.prepare(QStringLiteral("DELETE FROM attempts WHERE message_id=?"));
        clear.addBindValue(static_cast<qlonglong>(m.id));
        if (!exec(clear, last_error_))
            return false;
        for (const AttemptRecord& a : m.attempts) {
            QSqlQuery insert(db);
            insert.prepare(
                QStringLiteral("INSERT INTO attempts (message_id, idx, target, model, started_ms, "
                               "duration_ms, status, error_class,"
                               " request_id, decision, delay_ms, delay_source, ttft_ms, hedge) VALUES "
                               "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
            insert.addBindValue(static_cast<qlonglong>(m.id));
            insert.addBindValue(a.index);
            insert.addBindValue(q(a.target));
            insert.addBindValue(q(a.model));
            insert.addBindValue(static_cast<qlonglong>(a.started_ms));
            insert.addBindValue(static_cast<qlonglong>(a.duration_ms));
            insert.addBindValue(a.status ? QVariant(*a.status) : QVariant());
            insert.addBindValue(a.error_class ? QString::fromLatin1(to_string(*a.error_class)) : QString());
            insert.addBindValue(q(a.request_id));
            insert.addBindValue(a.decision ? QString::fromLatin1(to_string(*a.decision)) : QString());
            insert.addBindValue(static_cast<qlonglong>(a.delay_ms));
            insert.addBindValue(QString::fromLatin1(to_string(a.delay_source)));
            insert.addBindValue(opt(a.ttft_ms));
            insert.addBindValue(a.hedge ? 1 : 0);
            if (!exec(insert, last_error_))
                return false;
        }
        return true;
    });
}

bool ConversationStore::delete_messages_from(std::int64_t conversation_id, std::int64_t first_message_id) {
    QSqlDatabase db = QSqlDatabase::database(connection_);
    return transaction(db, last_error_, [&] {
        QSqlQuery query(db);
        query.prepare(QStringLiteral("DELETE FROM messages WHERE conversation_id=? AND id>=?"));
        query.addBindValue(static_cast<qlonglong>(conversation_id));
        query.addBindValue(static_cast<qlonglong>(first_message_id));
        return exec(query, last_error_);
    });
}

bool ConversationStore::delete_message(std::int64_t message_id) {
    QSqlDatabase db = QSqlDatabase::database(connection_);
    return transaction(db, last_error_, [&] {
        QSqlQuery query(db);
        query.prepare(QStringLiteral("DELETE FROM messages WHERE id=?"));
        query.addBindValue(static_cast<qlonglong>(message_id));
        return exec(query, last_error_);
    });
}

bool ConversationStore::hide_answers_to(std::int64_t user_message_id) {
    QSqlQuery query(QSqlDatabase::database(connection_));
    query.prepare(QStringLiteral("UPDATE messages SET hidden=1 WHERE reply_to=?"));
    query.addBindValue(static_cast<qlonglong>(user_message_id));
    return exec(query, last_error_);
}

bool ConversationStore::show_version(std::int64_t message_id) {
    QSqlDatabase db = QSqlDatabase::database(connection_);
    return transaction(db, last_error_, [&] {
        QSqlQuery query(db);
        query.prepare(
            QStringLiteral("UPDATE messages SET hidden = (id <> ?) WHERE reply_to = (SELECT reply_to FROM"
                           " messages WHERE id=?) AND reply_to IS NOT NULL"));
        query.addBindValue(static_cast<qlonglong>(message_id));
        query.addBindValue(static_cast<qlonglong>(message_id));
        return exec(query, last_error_);
    });
}

std::vector<std::int64_t> ConversationStore::versions_of(std::int64_t user_message_id) const {
    std::vector<std::int64_t> ids;
    QSqlQuery query(QSqlDatabase::database(connection_));
    query.prepare(QStringLiteral("SELECT id FROM messages WHERE reply_to=? ORDER BY id"));
    query.addBindValue(static_cast<qlonglong>(user_message_id));
    if (!exec(query, last_error_))
        return ids;
    while (query.next())
        ids.push_back(query.value(0).toLongLong());
    return ids;
}

}  // namespace stormproof
