// stormproof [--profile DIR] [--demo SCENARIO] [--screenshot-dir DIR] [--quit-after-ms N]
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTimer>

#include "MainWindow.h"
#include "config/PolicyLoader.h"

using namespace stormproof;

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("stormproof"));
    QApplication::setApplicationDisplayName(QStringLiteral("Stormproof"));
    QApplication::setOrganizationName(QStringLiteral("stormproof"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("LLM playground with a live resilience dashboard"));
    parser.addHelpOption();
    const QCommandLineOption profile({QStringLiteral("profile")},
                                     QStringLiteral("Keep settings, conversations and logs under DIR."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption demo({QStringLiteral("demo")},
                                  QStringLiteral("Send a scripted set of prompts to the simulator running SCENARIO."),
                                  QStringLiteral("SCENARIO"));
    const QCommandLineOption screenshots({QStringLiteral("screenshot-dir")},
                                         QStringLiteral("Save a PNG of each main view into DIR before quitting."),
                                         QStringLiteral("DIR"));
    const QCommandLineOption quit_after({QStringLiteral("quit-after-ms")},
                                        QStringLiteral("Quit after N milliseconds."), QStringLiteral("N"));
    parser.addOptions({profile, demo, screenshots, quit_after});
    parser.process(app);

    const QString profile_dir = parser.isSet(profile)
                                    ? parser.value(profile)
                                    : QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    QDir().mkpath(profile_dir);

    Policy policy = Policy::default_policy();
    QString policy_problem;
    const QString policy_path = QDir(profile_dir).filePath(QStringLiteral("policy.json"));
    if (QFile::exists(policy_path)) {
        const auto loaded = PolicyLoader::from_file(policy_path.toStdString());
        if (loaded.ok()) {
            policy = *loaded.policy;
        } else {
            policy_problem = QString::fromStdString(join_errors(loaded.errors, policy_path.toStdString()));
        }
    }

    MainWindow window(policy);
    window.show();
    if (!policy_problem.isEmpty()) {
        // Start anyway, on defaults: a broken file must not lock a person out of the app.
        QTimer::singleShot(0, &window, [&window, policy_problem] {
            QMessageBox::warning(&window, QObject::tr("Policy file not loaded"),
                                 QObject::tr("The policy file has problems and was not applied; the built-in "
                                             "defaults are in force.\n\n%1")
                                     .arg(policy_problem));
        });
    }

    const QString shot_dir = parser.value(screenshots);
    auto finish = [&window, &app, shot_dir] {
        if (!shot_dir.isEmpty()) {
            QDir().mkpath(shot_dir);
            for (const QString& view : window.view_names()) {
                window.show_view(view);
                QApplication::processEvents();
                window.grab().save(QDir(shot_dir).filePath(view + QStringLiteral(".png")));
            }
        }
        app.quit();
    };
    if (parser.isSet(quit_after)) {
        bool ok = false;
        const int ms = parser.value(quit_after).toInt(&ok);
        if (!ok || ms < 0) {
            qCritical("stormproof: --quit-after-ms must be a non-negative integer");
            return 2;
        }
        QTimer::singleShot(ms, &app, finish);
    }
    return QApplication::exec();
}
