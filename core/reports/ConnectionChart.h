#pragma once

#include <QJsonObject>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QString>

namespace cutover {

// Open connections per bridge generation over the run, from a report's bridge.samples, and the
// periods the bridge was paused (a restart: clients wait in the backlog). The one place where
// the chart's geometry is decided: the HTML report draws these polylines as inline SVG and the
// clients' PDF path paints the same polylines with QPainter. The report's samples hold only the
// run's generations (RunGenerations); their roles come from bridge.generations.
class ConnectionChart final
{
public:
    struct Series
    {
        qint64 generation = 0;
        QString role;          // "old", "new", "earlier" or empty, as in bridge.generations
        QString label;         // "1.0.0 (old)" when the report tells which release it was
        QString color;         // "#rrggbb": old and new always get the palette's first two
        QList<QPointF> points; // x = ms since the run started, y = open connections
    };
    // From a sample where the bridge was paused to the next one where it was not (or the last
    // sample), in ms since the run started: as sampled, to the sampling interval.
    struct Span
    {
        qint64 fromMs = 0;
        qint64 toMs = 0;
    };

    // Plot size in the chart's own units (SVG user units, PDF image pixels).
    static constexpr double kWidth = 640;
    static constexpr double kHeight = 220;
    // The paused spans' fill and legend.
    static constexpr const char *kPausedColor = "#f2dfb8";
    static constexpr const char *kPausedLabel = "bridge paused";

    // `report` is a report document (ReportBuilder); no bridge samples -> isEmpty().
    static ConnectionChart fromReport(const QJsonObject &report);

    [[nodiscard]] bool isEmpty() const { return m_series.isEmpty(); }
    [[nodiscard]] const QList<Series> &series() const { return m_series; }
    [[nodiscard]] qint64 durationMs() const { return m_durationMs; }
    // The y axis' top: the largest open count, at least 1.
    [[nodiscard]] qint64 maxOpen() const { return m_maxOpen; }
    [[nodiscard]] const QList<Span> &pausedSpans() const { return m_paused; }
    // How long the bridge was paused over the samples, in ms; 0 when never.
    [[nodiscard]] qint64 pausedMs() const;

    // Where the data area sits inside kWidth x kHeight (room left for axis labels).
    [[nodiscard]] static QRectF plotArea();
    // Series `index` mapped into plotArea(), y growing downwards as in SVG and QPainter.
    [[nodiscard]] QList<QPointF> polyline(qsizetype index) const;
    // The paused spans mapped into plotArea(), full height.
    [[nodiscard]] QList<QRectF> pausedAreas() const;
    // The legend's entries, left to right: each series, then the paused spans if any.
    struct LegendEntry
    {
        QString color;
        QString label;
    };
    [[nodiscard]] QList<LegendEntry> legend() const;
    // A colour per series, "#rrggbb", distinguishable in print.
    [[nodiscard]] static QString color(qsizetype index);

private:
    QList<Series> m_series;
    QList<Span> m_paused;
    qint64 m_durationMs = 0;
    qint64 m_maxOpen = 1;
};

} // namespace cutover
