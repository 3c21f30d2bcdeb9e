#include "Language.h"

#include <QCoreApplication>
#include <QTranslator>
#include <memory>

namespace stormproof {

AppSettings::Language resolve_language(AppSettings::Language choice, const QLocale& system) {
    if (choice != AppSettings::Language::System)
        return choice;
    const QStringList ui_languages = system.uiLanguages();
    const QString first = ui_languages.isEmpty() ? system.name() : ui_languages.front();
    return QLocale(first).language() == QLocale::Vietnamese ? AppSettings::Language::Vietnamese
                                                            : AppSettings::Language::English;
}

QString translation_file(AppSettings::Language language) {
    return QStringLiteral(":/i18n/stormproof_%1.qm")
        .arg(QString::fromUtf8(AppSettings::to_string(resolve_language(language)).data()));
}

bool load_translation(QTranslator& translator, AppSettings::Language language, QString* why) {
    const QString file = translation_file(language);
    if (translator.load(file))
        return true;
    if (why)
        *why = QStringLiteral("cannot load the translation %1").arg(file);
    return false;
}

namespace {
AppSettings::Language in_force = AppSettings::Language::English;
}  // namespace

QLocale interface_locale() {
    return in_force == AppSettings::Language::Vietnamese ? QLocale(QLocale::Vietnamese, QLocale::Vietnam)
                                                         : QLocale(QLocale::English, QLocale::UnitedStates);
}

AppSettings::Language install_language(AppSettings::Language choice) {
    static std::unique_ptr<QTranslator> installed;
    const AppSettings::Language language = resolve_language(choice);
    if (installed)
        QCoreApplication::removeTranslator(installed.get());
    installed = std::make_unique<QTranslator>();
    QString why;
    if (!load_translation(*installed, language, &why)) {
        qWarning("stormproof: %s", qUtf8Printable(why));
        installed.reset();
        return in_force = AppSettings::Language::English;
    }
    QCoreApplication::installTranslator(installed.get());
    return in_force = language;
}

}  // namespace stormproof
