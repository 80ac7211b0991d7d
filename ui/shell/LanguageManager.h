#pragma once

#include <QString>
#include <QStringList>
#include <QTranslator>

#include <memory>

namespace cutover {

// Loads the console's translation (embedded :/i18n/cutover_<lang>.qm) and Qt's own, and swaps
// them live: installing or removing a translator sends QEvent::LanguageChange to every widget,
// which retranslates itself.
class LanguageManager final
{
    Q_DISABLE_COPY_MOVE(LanguageManager)

public:
    LanguageManager() = default;
    ~LanguageManager();

    // `language`: "" follows the system locale, else "en" or "ja". Returns the language now in
    // effect.
    QString apply(const QString &language);
    [[nodiscard]] QString current() const { return m_current; }

    // "ja" when the system's UI languages put Japanese before English, else "en".
    [[nodiscard]] static QString systemLanguage();
    // The languages the console is translated into; English is the source.
    [[nodiscard]] static QStringList available()
    {
        return {QStringLiteral("en"), QStringLiteral("ja")};
    }

private:
    void removeTranslators();

    std::unique_ptr<QTranslator> m_console;
    std::unique_ptr<QTranslator> m_qt;
    QString m_current = QStringLiteral("en");
};

} // namespace cutover
