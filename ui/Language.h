#pragma once

#include <QLocale>
#include <QString>

#include "config/AppSettings.h"

class QTranslator;

namespace stormproof {

// The interface's language (issue 21 item 6): English (the source strings, with its plural forms) or
// Vietnamese, from translations/stormproof_<code>.ts, compiled into the application as :/i18n/*.qm.

// The language in force for a choice: System follows the locale's first UI language (LANGUAGE, LC_ALL,
// LC_MESSAGES, LANG): Vietnamese when it is Vietnamese, English otherwise (the only two there are).
AppSettings::Language resolve_language(AppSettings::Language choice,
                                       const QLocale& system = QLocale::system());

// The embedded translation of a resolved language (":/i18n/stormproof_vi.qm"); System is resolved first.
QString translation_file(AppSettings::Language language);

// Loads that translation into translator; false (with the file named in *why) when it is not there.
bool load_translation(QTranslator& translator, AppSettings::Language language, QString* why = nullptr);

// The locale of the language in force, for dates a person reads ("2 Dec" / "2 thg 12"): English's month names
// are those QDateTime::toString writes; numbers keep the system's locale.
QLocale interface_locale();

// Puts the language in force for the whole application before its windows are built: the one translator
// this function owns is replaced (widgets already built keep their words until the next start). Returns the
// language in force.
AppSettings::Language install_language(AppSettings::Language choice);

}  // namespace stormproof
