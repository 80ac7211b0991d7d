#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace cutover {

// Self-contained HTML (inline CSS, inline SVG chart, no external resource) from report
// documents (ReportBuilder). Every journal string is escaped. The same markup feeds the PDF:
// QTextDocument understands its tables and headings but not SVG, so for the PDF the chart is
// an <img> whose image the client paints from ConnectionChart.
class HtmlReport final
{
public:
    enum class Chart
    {
        InlineSvg,
        // <img src="imageSource">: the client supplies the painted chart. For the PDF: the
        // body has no margin of its own there, the page's margins are the margins.
        Image,
    };
    struct Options
    {
        Chart chart = Chart::InlineSvg;
        QString imageSource = QStringLiteral("cutover-chart.png");
        int imageWidth = 640; // the <img> width attribute; the height keeps the chart's ratio
    };

    [[nodiscard]] static QString render(const QJsonObject &report);
    [[nodiscard]] static QString render(const QJsonObject &report, const Options &options);
    // A table of the runs started in [since, until) with totals per outcome.
    [[nodiscard]] static QString renderDigest(const QList<QJsonObject> &reports,
                                              const QDateTime &since, const QDateTime &until);
    // The chart as an <svg> element; empty when the report has no bridge samples.
    [[nodiscard]] static QString chartSvg(const QJsonObject &report);
};

} // namespace cutover
