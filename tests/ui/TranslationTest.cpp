// The interface in Vietnamese (issue 21 item 6): the embedded translation is loaded as the app loads it, and
// the main window (chat with a reply, its ribbon), the dashboard (overview, events) and every page of the
// settings dialog are built and shown. Two checks, each able to fail on its own:
//   1. every lookup our code makes (tr / QCoreApplication::translate) finds a Vietnamese text: a recording
//      translator around the Vietnamese one keeps each lookup that found none;
//   2. no text on screen is English: each visible text (labels, buttons, menus, tabs, combo items, headers,
//      placeholders, tooltips, chart titles) is split into words, and no word may be one of the English
//      words of translations/stormproof_vi.ts's sources that its translations never use. That catches
//      strings never wrapped in tr(), and words glued in from elsewhere ("1 closed").
// Names a person or the profile chose (targets, models, scenarios) and the few words in kAllowedWords are
// the only exceptions.
#include <gtest/gtest.h>

#include <QAbstractAxis>
#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTextDocumentFragment>
#include <QTextEdit>
#include <QToolBar>
#include <QTranslator>
#include <QXmlStreamReader>
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "IdentifierWords.h"
#include "Language.h"
#include "MainWindow.h"
#include "QtWords.h"
#include "config/AppSettings.h"
#include "config/PolicyFields.h"
#include "settings/SettingsDialog.h"
#include "simulator/ScenarioLoader.h"
#include "support/GuiHarness.h"

namespace stormproof {
namespace {

// The one reviewed list of words left in English on a Vietnamese screen. Each is a name, a unit or a
// technical term used as is in Vietnamese developer interfaces (and written so in stormproof_vi.ts).
// clang-format off
const std::set<QString> kAllowedWords = {
    // product, protocol and format names
    QStringLiteral("stormproof"), QStringLiteral("openai"), QStringLiteral("anthropic"), QStringLiteral("http"),
    QStringLiteral("https"), QStringLiteral("json"), QStringLiteral("jsonl"), QStringLiteral("lines"),
    QStringLiteral("csv"), QStringLiteral("png"), QStringLiteral("markdown"), QStringLiteral("yaml"),
    QStringLiteral("api"), QStringLiteral("url"), QStringLiteral("sdk"), QStringLiteral("redis"),
    QStringLiteral("prometheus"), QStringLiteral("litellm"), QStringLiteral("portkey"), QStringLiteral("english"),
    QStringLiteral("retry-after"), QStringLiteral("retry-after-ms"), QStringLiteral("idempotency-key"),
    QStringLiteral("user-agent"), QStringLiteral("retrydelay"), QStringLiteral("retryinfo"),
    // providers, servers and models as their makers spell them (presets, scenarios, help)
    QStringLiteral("google"), QStringLiteral("gemini"), QStringLiteral("azure"), QStringLiteral("openrouter"),
    QStringLiteral("groq"), QStringLiteral("grok"), QStringLiteral("deepseek"), QStringLiteral("mistral"),
    QStringLiteral("together"), QStringLiteral("fireworks"), QStringLiteral("xai"), QStringLiteral("ollama"),
    QStringLiteral("vllm"), QStringLiteral("llama"), QStringLiteral("cpp"), QStringLiteral("studio"),
    QStringLiteral("finagle"), QStringLiteral("envoy"), QStringLiteral("python"), QStringLiteral("node"),
    // models named in the built-in price table's notes
    QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-mini"),
    // metrics and units as dashboards write them
    QStringLiteral("ttft"), QStringLiteral("p10"), QStringLiteral("p50"), QStringLiteral("p90"),
    QStringLiteral("p95"), QStringLiteral("p99"), QStringLiteral("ms"), QStringLiteral("usd"),
    // key names in shortcuts
    QStringLiteral("ctrl"), QStringLiteral("esc"), QStringLiteral("shift"), QStringLiteral("enter"),
    // terms kept in Vietnamese developer interfaces, in stormproof_vi.ts too (often beside Vietnamese words)
    QStringLiteral("token"), QStringLiteral("tokens"), QStringLiteral("trace"), QStringLiteral("jitter"),
    QStringLiteral("backoff"), QStringLiteral("hedging"), QStringLiteral("streaming"), QStringLiteral("circuit"),
    QStringLiteral("breaker"), QStringLiteral("temperature"), QStringLiteral("top_p"), QStringLiteral("header"),
    QStringLiteral("router"), QStringLiteral("client"), QStringLiteral("loopback"),
};
// clang-format on

// Records every lookup the Vietnamese translation has no text for (context and source).
class RecordingTranslator final : public QTranslator {
public:
    explicit RecordingTranslator(const QTranslator& inner) : inner_(inner) {}
    QString translate(const char* context, const char* source, const char* disambiguation,
                      int n) const override {
        QString out = inner_.translate(context, source, disambiguation, n);
        if (out.isEmpty() && source && *source)
            misses_.insert({QString::fromUtf8(context ? context : ""), QString::fromUtf8(source)});
        return out;
    }
    bool isEmpty() const override { return false; }
    const std::set<std::pair<QString, QString>>& misses() const { return misses_; }

private:
    const QTranslator& inner_;
    mutable std::set<std::pair<QString, QString>> misses_;
};

// Our contexts: those of stormproof_vi.ts (a lookup from a context no string of ours uses -- one of Qt's
// own -- is judged by what it shows, check 2).
struct TsFile {
    std::set<QString> contexts;
    std::vector<QString> unfinished;  // sources with no translation
    std::vector<QString> copied;      // translations that are their English source, with a word not allowed
    std::set<QString> english_words;  // of 3 letters or more, in the English sources
};

QStringList words_of(const QString& text) {
    static const QRegularExpression word(QStringLiteral("[A-Za-z][A-Za-z0-9_\\-]*[A-Za-z0-9]|[A-Za-z]"));
    QStringList out;
    for (auto it = word.globalMatch(text); it.hasNext();)
        out << it.next().captured(0).toLower();
    return out;
}

TsFile read_ts(const QString& path) {
    TsFile ts;
    QFile f(path);
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << path.toStdString();
    QXmlStreamReader xml(&f);
    std::set<QString> source_words;
    QString source;
    while (xml.readNext() != QXmlStreamReader::EndDocument && !xml.hasError()) {
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("name")) {
            ts.contexts.insert(xml.readElementText());
        } else if (xml.name() == QLatin1String("source")) {
            source = xml.readElementText();
            for (const QString& w : words_of(source))
                source_words.insert(w);
        } else if (xml.name() == QLatin1String("translation")) {
            const bool unfinished =
                xml.attributes().value(QLatin1String("type")) == QLatin1String("unfinished");
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
            if (unfinished || text.isEmpty())
                ts.unfinished.push_back(source);
            const QStringList words = words_of(text);
            if (text == source && std::any_of(words.begin(), words.end(), [](const QString& w) {
                    return w.size() >= 3 && !kAllowedWords.count(w);
                }))
                ts.copied.push_back(source);
        }
    }
    EXPECT_FALSE(xml.hasError()) << xml.errorString().toStdString();
    for (const QString& w : source_words)
        if (w.size() >= 3)
            ts.english_words.insert(w);
    return ts;
}

QString plain(QString text) {
    if (Qt::mightBeRichText(text))
        text = QTextDocumentFragment::fromHtml(text).toPlainText();
    text.remove(QRegularExpression(QStringLiteral("&(?=\\S)")));  // mnemonics
    text.replace(QChar(0x2011), QLatin1Char('-'));                // the legends' non-breaking hyphens
    return text;
}

// Every text a person can read in and under a widget (visible ones only).
void collect(QWidget* root, std::vector<std::pair<QString, QString>>& out) {
    const auto add = [&out](const QObject* where, const QString& text) {
        if (!text.trimmed().isEmpty())
            out.emplace_back(QString::fromLatin1(where->metaObject()->className()) + QLatin1Char(' ') +
                                 where->objectName(),
                             plain(text));
    };
    QList<QWidget*> widgets = root->findChildren<QWidget*>();
    widgets.prepend(root);
    for (QWidget* w : widgets) {
        if (!w->isVisibleTo(root->window()) && w != root)
            continue;
        add(w, w->toolTip());
        if (w->isWindow() || qobject_cast<QDockWidget*>(w))
            add(w, w->windowTitle());
        if (auto* l = qobject_cast<QLabel*>(w))
            add(w, l->text());
        if (auto* b = qobject_cast<QAbstractButton*>(w))
            add(w, b->text());
        if (auto* g = qobject_cast<QGroupBox*>(w))
            add(w, g->title());
        if (auto* e = qobject_cast<QLineEdit*>(w))
            add(w, e->placeholderText());
        if (auto* e = qobject_cast<QPlainTextEdit*>(w))
            add(w, e->placeholderText());
        if (auto* e = qobject_cast<QTextEdit*>(w))
            add(w, e->placeholderText());
        if (auto* s = qobject_cast<QSpinBox*>(w)) {
            add(w, s->prefix());
            add(w, s->suffix());
            add(w, s->specialValueText());
        }
        if (auto* s = qobject_cast<QDoubleSpinBox*>(w)) {
            add(w, s->prefix());
            add(w, s->suffix());
            add(w, s->specialValueText());
        }
        if (auto* c = qobject_cast<QComboBox*>(w)) {
            for (int i = 0; i < c->count(); ++i) {
                add(w, c->itemText(i));
                add(w, c->itemData(i, Qt::ToolTipRole).toString());
            }
        }
        if (auto* t = qobject_cast<QTabBar*>(w)) {
            for (int i = 0; i < t->count(); ++i) {
                add(w, t->tabText(i));
                add(w, t->tabToolTip(i));
            }
        }
        if (auto* v = qobject_cast<QAbstractItemView*>(w); v && v->model()) {
            const QAbstractItemModel* m = v->model();
            for (int c = 0; c < m->columnCount(); ++c)
                add(w, m->headerData(c, Qt::Horizontal).toString());
            for (int r = 0; r < std::min(m->rowCount(), 50); ++r)
                for (int c = 0; c < m->columnCount(); ++c) {
                    add(w, m->index(r, c).data().toString());
                    add(w, m->index(r, c).data(Qt::ToolTipRole).toString());
                }
        }
        if (auto* bar = qobject_cast<QMenuBar*>(w)) {
            for (QAction* menu : bar->actions()) {
                add(menu, menu->text());
                if (menu->menu())
                    for (QAction* a : menu->menu()->actions()) {
                        add(a, a->text());
                        add(a, a->toolTip() == plain(a->text()) ? QString() : a->toolTip());
                    }
            }
        }
        if (auto* bar = qobject_cast<QToolBar*>(w)) {
            for (QAction* a : bar->actions()) {
                add(a, a->text());
                add(a, a->toolTip());
            }
        }
        if (auto* chart_view = qobject_cast<QChartView*>(w); chart_view && chart_view->chart()) {
            QChart* chart = chart_view->chart();
            add(w, chart->title());
            for (QAbstractAxis* axis : chart->axes())
                add(axis, axis->titleText());
            for (QAbstractSeries* s : chart->series())
                add(s, s->name());
        }
    }
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& l : lines)
        out += "\n  " + l;
    return out;
}

class TranslationTest : public ::testing::Test {
protected:
    void SetUp() override {
        QString why;
        ASSERT_TRUE(load_translation(vietnamese_, AppSettings::Language::Vietnamese, &why))
            << why.toStdString();
        QCoreApplication::installTranslator(&recorder_);
        ts_ = read_ts(QStringLiteral(STORMPROOF_SOURCE_DIR "/translations/stormproof_vi.ts"));
    }
    void TearDown() override { QCoreApplication::removeTranslator(&recorder_); }

    // Names shown as they are in any language: the targets, models and scenarios of the profile and the
    // built-in ones (names people chose or type), and the policy file's own words for its choices ("full",
    // "time", "restart": what policy.json and the README say, offered as such in the settings' lists).
    void allow_names(const Policy& policy) {
        std::vector<std::string> names = ScenarioLoader::builtin_names();
        for (const TargetConfig& t : policy.targets)
            names.insert(names.end(), {t.name, t.model, t.scenario});
        for (const PolicyField& f : PolicyFields::all())
            names.insert(names.end(), f.choices.begin(), f.choices.end());
        for (const std::string& name : names)
            for (const QString& w : words_of(QString::fromStdString(name)))
                names_.insert(w);
    }

    // Texts with an English word in them, each with the widget it was on.
    std::vector<std::string> english_on_screen(QWidget* root) {
        std::vector<std::pair<QString, QString>> texts;
        collect(root, texts);
        std::vector<std::string> out;
        // What a text quotes as it came over the wire ('the server is busy') is not the interface's words.
        static const QRegularExpression url(QStringLiteral("\\w+://\\S+"));
        static const QRegularExpression quoted(QStringLiteral("'[^']*'|\"[^\"]*\"|“[^”]*”"));
        for (const auto& [where, text] : texts) {
            for (const QString& w : words_of(QString(text).remove(quoted).remove(url))) {
                if (ts_.english_words.count(w) && !kAllowedWords.count(w) && !names_.count(w)) {
                    out.push_back(where.toStdString() + ": \"" + text.toStdString() + "\" (" +
                                  w.toStdString() + ")");
                    break;
                }
            }
        }
        return out;
    }

    std::vector<std::string> our_misses() const {
        std::vector<std::string> out;
        for (const auto& [context, source] : recorder_.misses())
            if (ts_.contexts.count(context) || context.startsWith(QLatin1String("stormproof::")))
                out.push_back(context.toStdString() + ": \"" + source.toStdString() + "\"");
        return out;
    }

    QTranslator vietnamese_;
    RecordingTranslator recorder_{vietnamese_};
    TsFile ts_;
    std::set<QString> names_;
};

TEST_F(TranslationTest, TheTranslationFileIsWhole) {
    // Every string has a Vietnamese text, and none is its English source copied (but for allowed words).
    std::vector<std::string> unfinished, copied;
    for (const QString& s : ts_.unfinished)
        unfinished.push_back(s.toStdString());
    for (const QString& s : ts_.copied)
        copied.push_back(s.toStdString());
    EXPECT_TRUE(unfinished.empty()) << "not translated:" << joined(unfinished);
    EXPECT_TRUE(copied.empty()) << "left in English:" << joined(copied);
    // Every engine name and every Qt word marked for translation has its Vietnamese text.
    std::vector<std::string> names_left;
    for (const char* name : known_identifiers())
        if (vietnamese_.translate("Identifiers", name).isEmpty())
            names_left.push_back(name);
    for (const QtWord& w : qt_words())
        if (vietnamese_.translate(w.context, w.text).isEmpty())
            names_left.push_back(std::string(w.context) + ": " + w.text);
    EXPECT_TRUE(names_left.empty()) << "no Vietnamese for:" << joined(names_left);
    // The test's own footing: it knows English words, and the embedded file answers a known string.
    EXPECT_GT(ts_.english_words.size(), 300u);
    EXPECT_TRUE(ts_.english_words.count(QStringLiteral("dashboard")));
    EXPECT_EQ(QCoreApplication::translate("stormproof::MainWindow", "Ready"), QStringLiteral("Sẵn sàng"));
}

TEST_F(TranslationTest, TheMainWindowAndTheDashboardAreInVietnamese) {
    const Policy policy = Policy::default_policy();
    allow_names(policy);
    test::GuiHarness gui(policy);
    gui.send_and_wait(QStringLiteral("Hello"));
    MainWindow& window = gui.window();
    for (const QString& name : window.view_names()) {
        if (name == QLatin1String("settings"))
            continue;                  // its own test below
        (void)window.grab_view(name);  // shows the view as a screenshot would
        const auto english = english_on_screen(&window);
        EXPECT_TRUE(english.empty()) << name.toStdString() << ": English on screen:" << joined(english);
    }
    // The dashboard's tabs one by one (the window's walk sees the current one).
    if (auto* tabs = window.dashboard_dock().findChild<QTabWidget*>()) {
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            QApplication::processEvents();
            const auto english = english_on_screen(&window.dashboard_dock());
            EXPECT_TRUE(english.empty())
                << "dashboard tab " << i << ": English on screen:" << joined(english);
        }
    }
    const auto misses = our_misses();
    EXPECT_TRUE(misses.empty()) << "no Vietnamese for:" << joined(misses);
}

TEST_F(TranslationTest, EverySettingsPageIsInVietnamese) {
    Policy policy = Policy::default_policy();
    allow_names(policy);
    SettingsDialog dialog(policy, AppSettings{}, {});
    dialog.show();
    auto* nav = dialog.findChild<QListWidget*>();
    ASSERT_TRUE(nav);
    ASSERT_GT(nav->count(), 5);
    for (int i = 0; i < nav->count(); ++i) {
        nav->setCurrentRow(i);
        dialog.flush_preview();
        QApplication::processEvents();
        const auto english = english_on_screen(&dialog);
        EXPECT_TRUE(english.empty()) << "page " << nav->item(i)->text().toStdString()
                                     << ": English on screen:" << joined(english);
    }
    const auto misses = our_misses();
    EXPECT_TRUE(misses.empty()) << "no Vietnamese for:" << joined(misses);
}

// Which language is in force: the choice, or for System the locale's first UI language.
TEST(LanguageTest, SystemFollowsTheLocaleAndAChoiceWins) {
    using L = AppSettings::Language;
    const struct {
        L choice;
        const char* locale;
        L expected;
    } rows[] = {
        {L::System, "vi_VN", L::Vietnamese}, {L::System, "en_US", L::English},
        {L::System, "fr_FR", L::English},    {L::System, "C", L::English},
        {L::English, "vi_VN", L::English},   {L::Vietnamese, "en_US", L::Vietnamese},
    };
    for (const auto& r : rows)
        EXPECT_EQ(AppSettings::to_string(resolve_language(r.choice, QLocale(QString::fromLatin1(r.locale)))),
                  AppSettings::to_string(r.expected))
            << r.locale << ", choice " << AppSettings::to_string(r.choice);
    EXPECT_EQ(translation_file(L::Vietnamese), QStringLiteral(":/i18n/stormproof_vi.qm"));
    QTranslator english;
    ASSERT_TRUE(load_translation(english, L::English));
    // The English file holds the plural forms the sources write as "(s)".
    EXPECT_EQ(english.translate("stormproof::ChatView", "Show %n earlier message(s)", nullptr, 1),
              QStringLiteral("Show %n earlier message"));
    EXPECT_EQ(english.translate("stormproof::ChatView", "Show %n earlier message(s)", nullptr, 3),
              QStringLiteral("Show %n earlier messages"));
}

// The choice is kept in settings.json (appearance.language) and made on the Appearance page.
TEST(LanguageTest, TheChoiceIsSavedAndMadeInAppearance) {
    AppSettings vi;
    vi.language = AppSettings::Language::Vietnamese;
    AppSettings read;
    EXPECT_TRUE(AppSettings::parse(vi.to_text(), read).empty());
    EXPECT_EQ(read.language, AppSettings::Language::Vietnamese);
    const auto errors = AppSettings::parse(R"({"version": 1, "appearance": {"language": "fr"}})", read);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors.front().path, "appearance.language");

    SettingsDialog dialog(Policy::default_policy(), AppSettings{}, {});
    std::optional<AppSettings> applied;
    QObject::connect(&dialog, &SettingsDialog::applied,
                     [&applied](const Policy&, const AppSettings& app) { applied = app; });
    auto* box = dialog.findChild<QComboBox*>(QStringLiteral("appearance.language"));
    ASSERT_NE(box, nullptr);
    EXPECT_EQ(box->currentIndex(), 0) << "the default: the system's";
    box->setCurrentIndex(box->findText(QStringLiteral("Tiếng Việt")));
    ASSERT_TRUE(dialog.apply());
    ASSERT_TRUE(applied.has_value());
    EXPECT_EQ(AppSettings::to_string(applied->language), "vi");
}

}  // namespace
}  // namespace stormproof
