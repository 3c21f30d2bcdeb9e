// stormproof [--profile DIR] [--demo SCENARIO [--demo-compare N]] [--screenshot-dir DIR] [--quit-after-ms N]
//            [--lang system|en|vi] [--gateway-port PORT [--gateway-token-env VAR]]
#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QDir>
#include <QDockWidget>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "Language.h"
#include "MainWindow.h"
#include "chat/ChatSession.h"
#include "config/AppSettings.h"
#include "config/PolicyLoader.h"
#include "config/ProfileFile.h"
#include "dashboard/DashboardView.h"
#include "gateway/GatewayPanel.h"
#include "llm/Comparison.h"
#include "llm/KeyringSecretStore.h"
#include "llm/QtKeychainBackend.h"
#include "llm/ResilientClient.h"
#include "platform/QtTimeSystem.h"
#include "resilience/SeededRandom.h"
#include "shared/SharedStateLink.h"
#include "simulator/ScenarioLoader.h"
#include "simulator/SimulatorServer.h"
#include "storage/ConversationStore.h"

using namespace stormproof;

namespace {

// The embedded simulator's request log in the GUI: a few minutes of a demo load.
constexpr std::size_t kGuiSimulatorLogRecords = 2000;

// No policy file yet: the simulator (works with no key and no network), plus a target per provider whose key
// is in the environment.
Policy first_run_policy() {
    Policy policy = Policy::default_policy();
    if (const char* key = std::getenv("OPENAI_API_KEY"); key && *key) {
        policy.targets.push_back({"openai",
                                  ProviderKind::OpenAI,
                                  "",
                                  "gpt-4o-mini",
                                  {{KeyRef::Source::Env, "OPENAI_API_KEY"}},
                                  false,
                                  ""});
    }
    if (const char* key = std::getenv("ANTHROPIC_API_KEY"); key && *key) {
        policy.targets.push_back({"anthropic",
                                  ProviderKind::Anthropic,
                                  "",
                                  "claude-3-5-haiku-latest",
                                  {{KeyRef::Source::Env, "ANTHROPIC_API_KEY"}},
                                  false,
                                  ""});
    }
    return policy;
}

// The demo's prompts, in the interface's language (a person watching the demo reads them as their own).
const char* const kDemoPrompts[] = {
    QT_TRANSLATE_NOOP("main", "What is exponential backoff with full jitter?"),
    QT_TRANSLATE_NOOP("main", "Why should a client honour Retry-After?"),
    QT_TRANSLATE_NOOP("main", "Explain a circuit breaker's half-open state."),
    QT_TRANSLATE_NOOP("main", "When is a fallback model better than a retry?"),
    QT_TRANSLATE_NOOP("main", "What does an idempotency key protect against?"),
    QT_TRANSLATE_NOOP("main", "How does a retry budget stop a retry storm?"),
    QT_TRANSLATE_NOOP("main", "Summarise what a deadline does for a chat request."),
    QT_TRANSLATE_NOOP("main", "Write a haiku about rate limits."),
};

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("stormproof"));
    QApplication::setApplicationDisplayName(QStringLiteral("Stormproof"));
    QApplication::setOrganizationName(QStringLiteral("stormproof"));
    QApplication::setDesktopFileName(QStringLiteral("stormproof"));

    // The system's language until the settings say otherwise (--help is read before them).
    install_language(AppSettings::Language::System);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "LLM playground with a live resilience dashboard"));
    parser.addHelpOption();
    const QCommandLineOption profile(
        {QStringLiteral("profile")},
        QCoreApplication::translate("main", "Keep settings, conversations and logs under DIR."),
        QStringLiteral("DIR"));
    const QCommandLineOption demo(
        {QStringLiteral("demo")},
        QCoreApplication::translate("main",
                                    "Send a scripted set of prompts to the simulator running SCENARIO."),
        QStringLiteral("SCENARIO"));
    const QCommandLineOption screenshots(
        {QStringLiteral("screenshot-dir")},
        QCoreApplication::translate("main", "Save a PNG of each main view into DIR before quitting."),
        QStringLiteral("DIR"));
    const QCommandLineOption quit_after({QStringLiteral("quit-after-ms")},
                                        QCoreApplication::translate("main", "Quit after N milliseconds."),
                                        QStringLiteral("N"));
    const QCommandLineOption demo_load(
        {QStringLiteral("demo-load")},
        QCoreApplication::translate(
            "main",
            "With --demo: also send N background requests a second through the same chain (a busy "
            "dashboard; the soak benchmark uses it)."),
        QStringLiteral("N"));
    const QCommandLineOption gateway_port(
        {QStringLiteral("gateway-port")},
        QCoreApplication::translate(
            "main",
            "Start the Gateway panel's local OpenAI/Anthropic endpoint at launch, on 127.0.0.1:PORT "
            "(0: any free port; the URL is printed on stderr)."),
        QStringLiteral("PORT"));
    const QCommandLineOption gateway_token_env(
        {QStringLiteral("gateway-token-env")},
        QCoreApplication::translate(
            "main",
            "With --gateway-port: the token callers must send is the value of environment variable "
            "VAR (default: a new random one, shown in the panel)."),
        QStringLiteral("VAR"));
    const QCommandLineOption lang(
        {QStringLiteral("lang")},
        QCoreApplication::translate("main",
                                    "The interface's language for this run: system, en or vi (default: the "
                                    "choice in Settings > Appearance, else the system's)."),
        QStringLiteral("LANG"));
    parser.addOptions(
        {profile, demo, screenshots, quit_after, demo_load, gateway_port, gateway_token_env, lang});
    const QCommandLineOption demo_compare(
        {QStringLiteral("demo-compare")},
        QCoreApplication::translate(
            "main",
            "With --demo: send a scripted prompt as one compare of N simulator targets "
            "(2-4) running SCENARIO, side by side (Chat > Compare targets)."),
        QStringLiteral("N"));
    parser.addOption(demo_compare);
    parser.process(app);

    int quit_ms = -1;
    if (parser.isSet(quit_after)) {
        bool ok = false;
        quit_ms = parser.value(quit_after).toInt(&ok);
        if (!ok || quit_ms < 0) {
            qCritical("stormproof: --quit-after-ms must be a non-negative integer");
            return 2;
        }
    }
    const double demo_rps = parser.value(demo_load).toDouble();
    if (parser.isSet(demo_load) && (demo_rps <= 0 || demo_rps > 1000)) {
        qCritical("stormproof: --demo-load must be 0 < N <= 1000 requests a second");
        return 2;
    }
    std::optional<AppSettings::Language> lang_choice;
    if (parser.isSet(lang)) {
        lang_choice = AppSettings::language_from_string(parser.value(lang).toStdString());
        if (!lang_choice) {
            qCritical("stormproof: --lang must be system, en or vi");
            return 2;
        }
        install_language(*lang_choice);
    }
    const QString demo_scenario = parser.value(demo);
    if (!demo_scenario.isEmpty() && !ScenarioLoader::load(demo_scenario.toStdString()).ok()) {
        qCritical("stormproof: --demo: no scenario named %s", qPrintable(demo_scenario));
        return 2;
    }

    const QString profile_dir = parser.isSet(profile)
                                    ? parser.value(profile)
                                    : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!QDir().mkpath(profile_dir)) {
        qCritical("stormproof: cannot create the profile directory %s", qPrintable(profile_dir));
        return 2;
    }
    QSettings settings(QDir(profile_dir).filePath(QStringLiteral("ui.ini")), QSettings::IniFormat);

    QStringList problems;
    // Hand-edited files that no longer load: say which file, line and problem, keep them (and the last good
    // copy) untouched, and start with defaults.
    const auto report = [&problems](const ProfileFile::Loaded& loaded, const QString& what) {
        problems << QObject::tr(
                        "%1 has problems and was not applied; the defaults are in force until you "
                        "fix it or save new settings.%2\n\n%3")
                        .arg(what,
                             loaded.last_good.empty() ? QString()
                                                      : QObject::tr(" The last good copy is kept in %1.")
                                                            .arg(QString::fromStdString(loaded.last_good)),
                             QString::fromStdString(loaded.problem));
    };
    Policy policy = first_run_policy();
    const ProfileFile policy_file(QDir(profile_dir).filePath(QStringLiteral("policy.json")).toStdString());
    const auto loaded_policy =
        policy_file.load([](std::string_view text) { return PolicyLoader::from_text(text).errors; });
    if (loaded_policy.ok) {
        policy = *PolicyLoader::from_text(loaded_policy.text).policy;
    } else if (loaded_policy.exists) {
        report(loaded_policy, QObject::tr("The policy file"));
    }
    AppSettings app_settings;
    const ProfileFile settings_file(
        QDir(profile_dir).filePath(QStringLiteral("settings.json")).toStdString());
    const auto loaded_settings = settings_file.load([](std::string_view text) {
        AppSettings scratch;
        return AppSettings::parse(text, scratch);
    });
    if (loaded_settings.ok) {
        AppSettings::parse(loaded_settings.text, app_settings);
    } else if (loaded_settings.exists) {
        report(loaded_settings, QObject::tr("The settings file"));
    }
    // Settings > Appearance's language (or --lang), before any window is built.
    install_language(lang_choice.value_or(app_settings.language));

    QtTimeSystem time;
    SeededRandom random(SeededRandom::entropy_seed());
    EventBus bus;
    // Keys: environment variables, and {"keychain": LABEL} from the desktop keyring -- or, where none
    // answers, held for this session only (Settings > Targets says which).
    QtKeychainBackend keyring_backend;
    KeyringSecretStore keyring(&keyring_backend);
    EnvironmentSecretStore secrets(&keyring);
    SimulatorServer simulator(time, time, SeededRandom::entropy_seed());
    // Nothing in the GUI reads the simulator's request log; /_sim/requests only needs the recent past here.
    // The default 20,000 records (for benchmark harnesses) took 7 MB and 22 minutes to fill at 15 requests/s,
    // which the soak measured as growth.
    simulator.set_log_capacity(kGuiSimulatorLogRecords);
    if (const Result<quint16> listening = simulator.start(QHostAddress::LocalHost, 0); !listening) {
        problems << QObject::tr("The built-in simulator could not start: %1")
                        .arg(QString::fromStdString(listening.error().to_string()));
    }
    const ClientContext context{time, time, random, bus, secrets};
    ResilientClient client(context);
    const std::string sim_url = simulator.base_url().toStdString();
    client.set_simulator_url([sim_url] { return sim_url; });

    ConversationStore store;
    if (const Status opened = store.open(QDir(profile_dir).filePath(QStringLiteral("conversations.db")));
        !opened) {
        // Keep going with a throwaway database so the app still chats; nothing of the damaged file is
        // touched.
        problems << QString::fromStdString(opened.error().to_string()) +
                        QObject::tr("\n\nThis session's chats are kept in memory only.");
        if (const Status in_memory = store.open(QStringLiteral(":memory:")); !in_memory)
            problems << QString::fromStdString(in_memory.error().to_string());
    }

    const int compare_columns = parser.isSet(demo_compare) ? parser.value(demo_compare).toInt() : 0;
    if (parser.isSet(demo_compare) && (demo_scenario.isEmpty() || compare_columns < kMinCompareColumns ||
                                       compare_columns > kMaxCompareColumns)) {
        qCritical("stormproof: --demo-compare N needs --demo SCENARIO and 2 <= N <= 4");
        return 2;
    }
    QStringList compare_targets;
    if (compare_columns > 0) {
        // The compare's columns: the built-in simulator and N-1 more like it, every one running the scenario.
        compare_targets << QStringLiteral("simulator");
        for (int i = 2; i <= compare_columns; ++i) {
            const std::string name = "simulator-" + std::to_string(i);
            compare_targets << QString::fromStdString(name);
            bool exists = false;
            for (const auto& t : policy.targets)
                exists |= t.name == name;
            if (!exists) {
                policy.targets.push_back(
                    {name, ProviderKind::Simulator, "", "", {}, false, demo_scenario.toStdString()});
            }
        }
    }
    if (!demo_scenario.isEmpty()) {
        // The demo shows a whole chain: the scenario on the built-in simulator, and a healthy simulator
        // behind it so the fallback can take over when the first one fails.
        TargetConfig backup{"simulator-backup", ProviderKind::Simulator, "", "sim-healthy", {}, false,
                            "healthy"};
        bool has_backup = false;
        for (const auto& t : policy.targets)
            has_backup |= t.name == backup.name;
        if (!has_backup)
            policy.targets.insert(policy.targets.begin() + 1, backup);
    }
    MainWindow window(client, context, store, policy, &settings);
    // shared_state (docs/SHARED_STATE.md): this window's breaker trips and provider waits shared with other
    // Stormproof processes through Redis; the dashboard shows the link. Read at start (a change in the
    // settings takes effect at the next start); never waited for.
    SharedStateLink shared_state(context, client);
    if (const Status linked = shared_state.apply_policy(policy); !linked)
        problems << QString::fromStdString(linked.error().to_string());
    // The Gateway panel (View > Gateway): other applications' calls through this window's client and
    // dashboard.
    auto* gateway_panel = new GatewayPanel(client, context, &window);
    window.add_panel(gateway_panel, QObject::tr("Gateway"), QStringLiteral("gatewayDock"));
    if (parser.isSet(gateway_port)) {
        bool port_ok = false;
        const int port = parser.value(gateway_port).toInt(&port_ok);
        if (!port_ok || port < 0 || port > 65535) {
            std::fprintf(stderr, "stormproof: --gateway-port must be 0..65535, got %s\n",
                         qUtf8Printable(parser.value(gateway_port)));
            return 2;
        }
        QString token;
        if (parser.isSet(gateway_token_env)) {
            token = qEnvironmentVariable(qUtf8Printable(parser.value(gateway_token_env)));
            if (token.isEmpty()) {
                std::fprintf(stderr, "stormproof: --gateway-token-env: %s is not set\n",
                             qUtf8Printable(parser.value(gateway_token_env)));
                return 2;
            }
        }
        gateway_panel->set_port(port);
        if (gateway_panel->start_with_token(token))
            std::fprintf(stderr, "stormproof: gateway listening on %s\n",
                         qUtf8Printable(gateway_panel->url()));
        else
            problems << gateway_panel->last_error();
    }
    window.dashboard().set_price_file(QDir(profile_dir).filePath(QStringLiteral("prices.json")));
    window.set_scenario_registrar([&simulator](const std::string& name, const Scenario& s) {
        // Settings > Simulator saves only valid names; a file renamed by hand is said on stderr.
        if (const Status added = simulator.register_scenario(name, s); !added)
            std::fprintf(stderr, "stormproof: profile scenario: %s\n", added.error().to_string().c_str());
    });
    window.set_profile(profile_dir, &keyring, app_settings);
    if (!settings.contains(QStringLiteral("window/geometry"))) {
        // First run: the simulator on its own is the target that works with no key and no network.
        window.target_picker().setCurrentIndex(
            window.target_picker().findData(QStringLiteral("simulator")) >= 0
                ? window.target_picker().findData(QStringLiteral("simulator"))
                : 0);
    }
    window.show();
    // Also on stderr: a launcher's log, a headless run or a person starting from a terminal keeps what the
    // dialog said (each problem names its file, line and column).
    for (const QString& problem : problems)
        std::fprintf(stderr, "stormproof: %s\n", qUtf8Printable(problem));
    if (!problems.isEmpty()) {
        QTimer::singleShot(0, &window, [&window, problems] {
            QMessageBox::warning(&window, QObject::tr("Stormproof"), problems.join(QStringLiteral("\n\n")));
        });
    }

    if (!compare_targets.isEmpty()) {
        // The compare's columns get the window's width (View > Dashboard and View > Gateway bring the docks
        // back).
        for (QDockWidget* dock : window.findChildren<QDockWidget*>())
            dock->hide();
    }
    if (!demo_scenario.isEmpty()) {
        window.target_picker().setCurrentIndex(0);  // the whole chain
        window.set_scenario(demo_scenario);
        window.new_chat();
        auto* next = new QTimer(&window);
        next->setSingleShot(true);
        next->setInterval(1200);
        auto prompt_index = std::make_shared<std::size_t>(0);
        QObject::connect(next, &QTimer::timeout, &window, [&window, prompt_index, compare_targets] {
            if (window.session().busy() || (!compare_targets.isEmpty() && *prompt_index > 0))
                return;  // a compare demo sends one compare: the window shows it whole
            const QString prompt = QCoreApplication::translate(
                "main", kDemoPrompts[(*prompt_index)++ % std::size(kDemoPrompts)]);
            if (compare_targets.isEmpty())
                window.send(prompt);
            else
                window.compare(prompt, compare_targets);
        });
        QObject::connect(&window.session(), &ChatSession::busy_changed, &window, [next](bool busy) {
            if (!busy)
                next->start();
        });
        QTimer::singleShot(300, &window, [next] { next->start(); });
    }

    if (!demo_scenario.isEmpty() && demo_rps > 0) {
        // Background traffic through the client the window uses: every request shows on the dashboard.
        auto* load = new QTimer(&window);
        load->setInterval(std::max(1, static_cast<int>(1000.0 / demo_rps)));
        QObject::connect(load, &QTimer::timeout, &window, [&client, load] {
            ChatRequest request;
            request.messages = {{"user", "background load"}};
            request.stream = true;
            ChatCall* call = client.chat(std::move(request)).release();
            call->setParent(load);  // gone with the window, before the client, if still running at quit
            QObject::connect(call, &ChatCall::finished, call, &QObject::deleteLater);
            call->start();
        });
        load->start();
    }

    const QString shot_dir = parser.value(screenshots);
    auto finish = [&window, shot_dir] {
        if (!shot_dir.isEmpty()) {
            QDir().mkpath(shot_dir);
            for (const QString& view : window.view_names()) {
                window.grab_view(view).save(QDir(shot_dir).filePath(view + QStringLiteral(".png")));
            }
        }
        window.close();
        QApplication::quit();
    };
    if (quit_ms >= 0)
        QTimer::singleShot(quit_ms, &app, finish);
    return QApplication::exec();
}
