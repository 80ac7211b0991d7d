#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

namespace cutover {

// Writes the Prometheus text exposition format (0.0.4): a family's # HELP and # TYPE, then its
// samples, with label values escaped (backslash, double quote, newline), so that a service
// name can never break a line another scraper reads.
class PrometheusText final
{
public:
    using Labels = QList<std::pair<QByteArray, QString>>;

    void family(QByteArrayView name, QByteArrayView type, QByteArrayView help);
    void sample(QByteArrayView name, const Labels &labels, qint64 value);
    void sample(QByteArrayView name, const Labels &labels, double value);
    // One histogram's _bucket (cumulative, `bounds` ascending, then +Inf), _sum and _count.
    void histogram(QByteArrayView name, const Labels &labels, const QList<double> &bounds,
                   const QList<qint64> &cumulative, double sum, qint64 count);

    [[nodiscard]] const QByteArray &text() const { return m_out; }
    [[nodiscard]] static QByteArray escape(const QString &value);
    [[nodiscard]] static QByteArray number(double value);

private:
    void line(QByteArrayView name, const Labels &labels, const QByteArray &value);

    QByteArray m_out;
};

} // namespace cutover
