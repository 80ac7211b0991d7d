#include "HttpResponseParser.h"

namespace cutover::kvdemo {

namespace {

bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && qstrnicmp(a.data(), a.size(), b.data(), b.size()) == 0;
}

QByteArrayView trimmed(QByteArrayView s)
{
    while (!s.isEmpty() && (s.front() == ' ' || s.front() == '\t'))
        s = s.sliced(1);
    while (!s.isEmpty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.chop(1);
    return s;
}

} // namespace

void HttpResponseParser::reset()
{
    m_headLength = 0;
    m_bodyLength = 0;
    m_status = 0;
    m_keepAlive = true;
    m_version.clear();
    m_body.clear();
    m_error.clear();
}

HttpResponseParser::Outcome HttpResponseParser::fail(QByteArray why)
{
    m_error = std::move(why);
    return Outcome::Error;
}

HttpResponseParser::Outcome HttpResponseParser::parse(QByteArrayView available, qsizetype *consumed)
{
    *consumed = 0;
    if (m_headLength == 0) {
        qsizetype end = available.indexOf("\r\n\r\n");
        if (end < 0) {
            if (available.size() > MaxHeadBytes)
                return fail("response head larger than " + QByteArray::number(MaxHeadBytes));
            return Outcome::NeedMore;
        }
        if (!parseHead(available.first(end + 2)))
            return Outcome::Error;
        m_headLength = end + 4;
    }
    if (available.size() - m_headLength < m_bodyLength)
        return Outcome::NeedMore;
    m_body = available.sliced(m_headLength, m_bodyLength).toByteArray();
    *consumed = m_headLength + m_bodyLength;
    m_headLength = 0;
    return Outcome::Complete;
}

bool HttpResponseParser::parseHead(QByteArrayView head)
{
    m_status = 0;
    m_version.clear();
    m_bodyLength = -1;
    qsizetype pos = head.indexOf("\r\n");
    const QByteArrayView statusLine = head.first(pos);
    // "HTTP/1.1 200 OK"
    if (statusLine.size() < 12 || !statusLine.startsWith("HTTP/1.") || statusLine[8] != ' ') {
        fail("malformed status line '" +
             statusLine.first(qMin<qsizetype>(statusLine.size(), 60)).toByteArray() + '\'');
        return false;
    }
    bool ok = false;
    m_status = statusLine.sliced(9, 3).toInt(&ok);
    if (!ok || m_status < 100 || m_status > 599) {
        fail("malformed status code in '" +
             statusLine.first(qMin<qsizetype>(statusLine.size(), 60)).toByteArray() + '\'');
        return false;
    }
    m_keepAlive = statusLine[7] == '1';
    pos += 2;
    while (pos < head.size()) {
        qsizetype nl = head.indexOf("\r\n", pos);
        if (nl < 0)
            nl = head.size();
        const QByteArrayView line = head.sliced(pos, nl - pos);
        pos = nl + 2;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            fail("malformed header line '" +
                 line.first(qMin<qsizetype>(line.size(), 60)).toByteArray() + '\'');
            return false;
        }
        const QByteArrayView name = line.first(colon);
        const QByteArrayView value = trimmed(line.sliced(colon + 1));
        if (equalsIgnoreCase(name, "content-length")) {
            m_bodyLength = value.toLongLong(&ok);
            if (!ok || m_bodyLength < 0 || m_bodyLength > MaxBodyBytes) {
                fail("bad Content-Length '" +
                     value.first(qMin<qsizetype>(value.size(), 30)).toByteArray() + '\'');
                return false;
            }
        } else if (equalsIgnoreCase(name, "connection")) {
            if (equalsIgnoreCase(value, "close"))
                m_keepAlive = false;
            else if (equalsIgnoreCase(value, "keep-alive"))
                m_keepAlive = true;
        } else if (equalsIgnoreCase(name, "x-kvdemo-version")) {
            m_version = value.toByteArray();
        }
    }
    const bool bodiless = m_status == 204 || m_status == 304 || m_status < 200;
    if (bodiless) {
        m_bodyLength = 0;
    } else if (m_bodyLength < 0) {
        fail("response " + QByteArray::number(m_status) + " without Content-Length");
        return false;
    }
    return true;
}

} // namespace cutover::kvdemo
