#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QTemporaryDir;
QT_END_NAMESPACE

namespace cutover {

class DaemonConnection;

// Run reports to files, in every format (docs/reports.md): JSON, CSV, HTML and zip as cutoverd
// renders them (GET /api/v1/runs/{id}/report), PDF made here from the JSON report
// (ReportPdf, as cutoverctl does), and the CSV of a date range (GET /api/v1/reports). One
// export at a time; the outcome arrives as a signal with a sentence for the status bar.
class ReportExport final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReportExport)

public:
    enum class Format
    {
        Json,
        Csv,
        Html,
        Pdf,
        Zip
    };
    Q_ENUM(Format)

    explicit ReportExport(DaemonConnection &connection, QObject *parent = nullptr);
    ~ReportExport() override;

    [[nodiscard]] static QList<Format> formats();
    [[nodiscard]] static QString suffix(Format format);
    // "PDF document (*.pdf)", for file dialogs.
    [[nodiscard]] static QString fileFilter(Format format);
    [[nodiscard]] static std::optional<Format> formatForPath(const QString &path);
    // run-<id>-<service>-<to>.<ext>, the name cutoverd's automatic export uses.
    [[nodiscard]] static QString defaultFileName(const QJsonObject &run, Format format);

    [[nodiscard]] bool isBusy() const { return m_busy; }

    void exportRun(qint64 runId, Format format, const QString &path);
    // CSV, one row per run started in [since, until).
    void exportRange(const QDateTime &since, const QDateTime &until, const QString &path);
    // The HTML report in a temporary file (kept while this object lives), for a browser:
    // htmlReady(path) when written.
    void fetchHtmlForViewing(qint64 runId);

signals:
    void started(const QString &message);
    void finished(const QString &path, const QString &message);
    void htmlReady(const QString &path);
    void failed(const QString &message);

private:
    bool begin(const QString &message);
    void write(const QString &path, const QByteArray &data, const QString &what);
    void writePdf(const QString &path, const QByteArray &json, const QString &what);
    void reportFailure(const QString &message);

    DaemonConnection &m_connection;
    std::unique_ptr<QTemporaryDir> m_viewDir;
    bool m_busy = false;
};

} // namespace cutover
