#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace cutover::kvdemo {

// Incremental parser for one HTTP/1.x response framed by Content-Length (or bodiless 204).
// Enough for kvdemo and anything that answers like it; it never trusts the peer's sizes.
class HttpResponseParser final
{
public:
    enum class Outcome
    {
        NeedMore,
        Complete,
        Error
    };

    static constexpr qsizetype MaxHeadBytes = 64 * 1024;
    static constexpr qsizetype MaxBodyBytes = 64 * 1024 * 1024;

    Outcome parse(QByteArrayView available, qsizetype *consumed);
    void reset();

    [[nodiscard]] int status() const { return m_status; }
    [[nodiscard]] bool keepAlive() const { return m_keepAlive; }
    [[nodiscard]] const QByteArray &version() const { return m_version; } // X-Kvdemo-Version
    [[nodiscard]] const QByteArray &body() const { return m_body; }
    [[nodiscard]] const QByteArray &error() const { return m_error; }

private:
    Outcome fail(QByteArray why);
    bool parseHead(QByteArrayView head);

    qsizetype m_headLength = 0;
    qint64 m_bodyLength = 0;
    int m_status = 0;
    bool m_keepAlive = true;
    QByteArray m_version;
    QByteArray m_body;
    QByteArray m_error;
};

} // namespace cutover::kvdemo
