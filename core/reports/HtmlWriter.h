#pragma once

#include <QString>
#include <QStringList>

namespace cutover {

// Builds an HTML document in which every piece of text is escaped on the way in: callers pass
// plain strings (journal values, log lines) and only the fixed markup of this class is raw.
class HtmlWriter final
{
public:
    [[nodiscard]] static QString escape(const QString &text);
    // "250 ms", "1.5 s", "2 min 5 s", "1 h 52 min"; "-" for a negative (unknown) duration.
    [[nodiscard]] static QString duration(qint64 ms);

    void raw(const QString &markup) { m_html += markup; }
    void text(const QString &plain) { m_html += escape(plain); }
    void element(const QString &tag, const QString &plain, const QString &cssClass = {});
    void heading(int level, const QString &plain);
    // A two-column table of label/value rows; rows with an empty value are left out.
    void keyValues(const QList<std::pair<QString, QString>> &rows);
    // A table: `header` then the rows; cells are plain text.
    void table(const QStringList &header, const QList<QStringList> &rows,
               const QString &cssClass = {});
    void preformatted(const QStringList &lines);

    [[nodiscard]] const QString &html() const { return m_html; }

private:
    QString m_html;
};

} // namespace cutover
