#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace cutover {

// Decodes a chunked request body (RFC 9112 7.1) incrementally and within bounds: the decoded
// body at most `maxBodyBytes` (413 as soon as a chunk size says more), a chunk-size line at most
// kMaxLineBytes, trailers at most `maxTrailerBytes` (431). It never consumes past the end of
// the message, so a pipelined request behind it stays in the socket.
class HttpChunkedDecoder final
{
public:
    static constexpr qsizetype kMaxLineBytes = 1024;

    enum class Outcome
    {
        NeedMore,
        Complete,
        Refused,
    };

    HttpChunkedDecoder(qint64 maxBodyBytes, qsizetype maxTrailerBytes);

    // Consumes what it can of `data` (see consumed()), appending the decoded bytes to `body`.
    Outcome feed(QByteArrayView data, QByteArray &body);
    // Bytes of the last feed() that belong to the message.
    [[nodiscard]] qsizetype consumed() const { return m_consumed; }
    [[nodiscard]] int status() const { return m_status; }
    [[nodiscard]] QString errorName() const { return m_errorName; }
    [[nodiscard]] QString message() const { return m_message; }

private:
    enum class State
    {
        Size,     // a chunk-size line
        Data,     // `m_remaining` bytes of chunk data
        DataEnd,  // the CRLF after the data
        Trailers, // trailer lines up to the blank one
        Done,
    };

    Outcome refuse(int status, const QString &errorName, const QString &message);
    bool takeSizeLine(QByteArrayView line);

    qint64 m_maxBodyBytes;
    qsizetype m_maxTrailerBytes;
    State m_state = State::Size;
    qint64 m_remaining = 0;
    qsizetype m_trailerBytes = 0;
    qsizetype m_consumed = 0;
    int m_status = 0;
    QString m_errorName;
    QString m_message;
};

} // namespace cutover
