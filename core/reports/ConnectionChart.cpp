#include "reports/ConnectionChart.h"

#include <QJsonArray>

namespace cutover {

ConnectionChart ConnectionChart::fromReport(const QJsonObject &report)
{
    ConnectionChart chart;
    const QJsonObject bridge = report.value(QStringLiteral("bridge")).toObject();
    const QJsonObject run = report.value(QStringLiteral("run")).toObject();
    QHash<qint64, QString> roles;
    for (const QJsonValue &g : bridge.value(QStringLiteral("generations")).toArray()) {
        const QJsonObject o = g.toObject();
        const QString role = o.value(QStringLiteral("role")).toString();
        if (role.isEmpty())
            continue;
        const QString version = run.value(role == QLatin1StringView("old") ? QStringLiteral("from")
                                                                           : QStringLiteral("to"))
                                    .toString();
        roles.insert(o.value(QStringLiteral("generation")).toInteger(),
                     QStringLiteral("%1 (%2)").arg(version, role));
    }

    QMap<qint64, qsizetype> indexOf; // generation -> series, in generation order
    const QJsonArray samples = bridge.value(QStringLiteral("samples")).toArray();
    for (const QJsonValue &s : samples) {
        for (const QJsonValue &g : s.toObject().value(QStringLiteral("generations")).toArray())
            indexOf.insert(g.toObject().value(QStringLiteral("generation")).toInteger(), 0);
    }
    for (auto it = indexOf.begin(); it != indexOf.end(); ++it) {
        it.value() = chart.m_series.size();
        Series series;
        series.generation = it.key();
        series.label = roles.value(it.key(), QStringLiteral("generation %1").arg(it.key()));
        chart.m_series.append(series);
    }
    for (const QJsonValue &s : samples) {
        const QJsonObject sample = s.toObject();
        const qint64 t = sample.value(QStringLiteral("t_ms")).toInteger();
        chart.m_durationMs = std::max(chart.m_durationMs, t);
        for (const QJsonValue &g : sample.value(QStringLiteral("generations")).toArray()) {
            const QJsonObject o = g.toObject();
            const qint64 open = o.value(QStringLiteral("open")).toInteger();
            chart.m_maxOpen = std::max(chart.m_maxOpen, open);
            chart.m_series[indexOf.value(o.value(QStringLiteral("generation")).toInteger())]
                .points.append(QPointF(double(t), double(open)));
        }
    }
    return chart;
}

QRectF ConnectionChart::plotArea()
{
    return QRectF(48, 12, kWidth - 48 - 12, kHeight - 12 - 36);
}

QList<QPointF> ConnectionChart::polyline(qsizetype index) const
{
    const QRectF area = plotArea();
    const double xScale = m_durationMs > 0 ? area.width() / double(m_durationMs) : 0.0;
    const double yScale = area.height() / double(m_maxOpen);
    QList<QPointF> out;
    for (const QPointF &p : m_series.at(index).points)
        out.append(QPointF(area.left() + p.x() * xScale, area.bottom() - p.y() * yScale));
    return out;
}

QString ConnectionChart::color(qsizetype index)
{
    static const char *const palette[] = {"#1f5fa8", "#d0641c", "#2a8c3c", "#8e44ad", "#7f7f7f"};
    return QString::fromLatin1(palette[index % qsizetype(std::size(palette))]);
}

} // namespace cutover
