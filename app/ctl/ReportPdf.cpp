#include "ReportPdf.h"

#include "reports/ConnectionChart.h"
#include "reports/HtmlReport.h"
#include "reports/HtmlWriter.h"

#include <QFile>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QPolygonF>
#include <QTextDocument>
#include <QUrl>

namespace cutover::ctl {

namespace {
constexpr int kScale = 2;
const QString kChartName = QStringLiteral("cutover-chart.png");
} // namespace

QImage ReportPdf::chartImage(const QJsonObject &report)
{
    const ConnectionChart chart = ConnectionChart::fromReport(report);
    if (chart.isEmpty())
        return {};
    QImage image(int(ConnectionChart::kWidth) * kScale, int(ConnectionChart::kHeight) * kScale,
                 QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(kScale, kScale);
    QFont font = p.font();
    font.setPixelSize(11);
    p.setFont(font);
    const QRectF a = ConnectionChart::plotArea();
    p.setPen(QColor(0x99, 0x99, 0x99));
    p.setBrush(QColor(0xfa, 0xfa, 0xfa));
    p.drawRect(a);
    p.setPen(Qt::black);
    const QRectF left(0, a.top() - 2, a.left() - 4, 14);
    p.drawText(left, Qt::AlignRight | Qt::AlignTop, QString::number(chart.maxOpen()));
    p.drawText(QRectF(0, a.bottom() - 12, a.left() - 4, 14), Qt::AlignRight | Qt::AlignBottom,
               QStringLiteral("0"));
    p.drawText(QPointF(a.left(), a.bottom() + 14), QStringLiteral("0 s"));
    p.drawText(QRectF(a.right() - 200, a.bottom() + 2, 200, 14), Qt::AlignRight | Qt::AlignTop,
               HtmlWriter::duration(chart.durationMs()));
    for (qsizetype i = 0; i < chart.series().size(); ++i) {
        const QColor color(ConnectionChart::color(i));
        p.setPen(QPen(color, 2));
        p.setBrush(Qt::NoBrush);
        p.drawPolyline(QPolygonF(chart.polyline(i)));
        const double x = a.left() + 150.0 * double(i);
        p.fillRect(QRectF(x, a.bottom() + 24, 12, 4), color);
        p.setPen(Qt::black);
        p.drawText(QPointF(x + 16, a.bottom() + 30), chart.series().at(i).label);
    }
    return image;
}

Status ReportPdf::write(const QJsonObject &report, const QString &path)
{
    QTextDocument doc;
    const QImage chart = chartImage(report);
    if (!chart.isNull())
        doc.addResource(QTextDocument::ImageResource, QUrl(kChartName), chart);
    // Narrower than on screen: the A4 text width at QTextDocument's print scale.
    doc.setHtml(HtmlReport::render(report, {HtmlReport::Chart::Image, kChartName, 460}));
    if (!chart.isNull())
        doc.addResource(QTextDocument::ImageResource, QUrl(kChartName), chart);

    QPdfWriter writer(path);
    // Screen resolution, so that the HTML's pixel sizes (borders, image widths) mean what they
    // mean in a browser; the PDF stays vector text either way.
    writer.setResolution(96);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
    writer.setTitle(doc.metaInformation(QTextDocument::DocumentTitle));
    writer.setCreator(QStringLiteral("cutoverctl"));
    doc.print(&writer);
    if (!QFile::exists(path) || QFile(path).size() == 0)
        return fail(Error::io(QStringLiteral("cannot write the PDF %1").arg(path)));
    return {};
}

} // namespace cutover::ctl
