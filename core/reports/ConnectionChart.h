#pragma once

#include <QJsonObject>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QString>

namespace cutover {

// Open connections per bridge generation over the run, from a report's bridge.samples. The one
// place where the chart's geometry is decided: the HTML report draws these polylines as inline
// SVG and the clients' PDF path paints the same polylines with QPainter.
class ConnectionChart final
{
public:
    struct Series
    {
        qint64 generation = 0;
        QString label;         // "1.0.0 (old)" when the report tells which release it was
        QList<QPointF> points; // x = ms since the run started, y = open connections
    };

    // Plot size in the chart's own units (SVG user units, PDF image pixels).
    static constexpr double kWidth = 640;
    static constexpr double kHeight = 220;

    // `report` is a report document (ReportBuilder); no bridge samples -> isEmpty().
    static ConnectionChart fromReport(const QJsonObject &report);

    [[nodiscard]] bool isEmpty() const { return m_series.isEmpty(); }
    [[nodiscard]] const QList<Series> &series() const { return m_series; }
    [[nodiscard]] qint64 durationMs() const { return m_durationMs; }
    // The y axis' top: the largest open count, at least 1.
    [[nodiscard]] qint64 maxOpen() const { return m_maxOpen; }

    // Where the data area sits inside kWidth x kHeight (room left for axis labels).
    [[nodiscard]] static QRectF plotArea();
    // Series `index` mapped into plotArea(), y growing downwards as in SVG and QPainter.
    [[nodiscard]] QList<QPointF> polyline(qsizetype index) const;
    // A colour per series, "#rrggbb", distinguishable in print.
    [[nodiscard]] static QString color(qsizetype index);

private:
    QList<Series> m_series;
    qint64 m_durationMs = 0;
    qint64 m_maxOpen = 1;
};

} // namespace cutover
