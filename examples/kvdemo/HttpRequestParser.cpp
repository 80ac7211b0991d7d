#include "HttpRequestParser.h"

#include <cstring>

namespace cutover::kvdemo {

namespace {

// RFC 9110 token characters (method and header names).
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        char x = a[i];
        char y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = char(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = char(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

QByteArrayView trimmedOws(QByteArrayView s)
{
    while (!s.isEmpty() && (s.front() == ' ' || s.front() == '\t'))
        s = s.sliced(1);
    while (!s.isEmpty() && (s.back() == ' ' || s.back() == '\t'))
        s.chop(1);
    return s;
}

// Finds the end of the head (the byte after the empty line), or -1. Accepts bare LF line
// ends as RFC 9112 section 2.2 allows.
qsizetype findHeadEnd(QByteArrayView data, qsizetype from)
{
    const char *begin = data.data();
    const qsizetype size = data.size();
    qsizetype pos = from;
    while (pos < size) {
        const void *hit = std::memchr(begin + pos, '\n', size_t(size - pos));
        if (!hit)
            return -1;
        const qsizetype nl = static_cast<const char *>(hit) - begin;
        if (nl + 1 < size && begin[nl + 1] == '\n')
            return nl + 2;
        if (nl + 2 < size && begin[nl + 1] == '\r' && begin[nl + 2] == '\n')
            return nl + 3;
        pos = nl + 1;
    }
    return -1;
}

QByteArray quoted(QByteArrayView s)
{
    QByteArray out = s.first(qMin<qsizetype>(s.size(), 80)).toByteArray();
    for (char &c : out) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            c = '?';
    }
    return '\'' + out + (s.size() > 80 ? "...'" : "'");
}

} // namespace

HttpRequestParser::Outcome HttpRequestParser::parse(QByteArrayView available, qsizetype *consumed)
{
    *consumed = 0;
    QByteArrayView data = available;
    if (m_headLength == 0) {
        if (m_scanned == 0) {
            // Tolerate stray line ends between pipelined requests (RFC 9112 section 2.2).
            qsizetype skip = 0;
            while (skip < data.size() && (data[skip] == '\r' || data[skip] == '\n'))
                ++skip;
            *consumed = skip;
            data = data.sliced(skip);
            if (data.isEmpty())
                return Outcome::NeedMore;
        }
        const qsizetype headEnd = findHeadEnd(data, qMax<qsizetype>(0, m_scanned - 2));
        if (headEnd < 0) {
            m_scanned = data.size();
            if (m_scanned > m_limits.maxHeadBytes)
                return fail(431, "request head is larger than " +
                                     QByteArray::number(m_limits.maxHeadBytes) + " bytes");
            return Outcome::NeedMore;
        }
        if (headEnd > m_limits.maxHeadBytes)
            return fail(431, "request head is larger than " +
                                 QByteArray::number(m_limits.maxHeadBytes) + " bytes");
        if (!parseHead(data.first(headEnd)))
            return Outcome::Error;
        m_headLength = headEnd;
        m_scanned = headEnd;
    }
    if (data.size() - m_headLength < m_bodyLength)
        return Outcome::NeedMore;
    m_request.body = data.sliced(m_headLength, m_bodyLength).toByteArray();
    *consumed += m_headLength + m_bodyLength;
    reset();
    return Outcome::Complete;
}

HttpRequestParser::Outcome HttpRequestParser::fail(int status, QByteArray message)
{
    m_errorStatus = status;
    m_errorMessage = std::move(message);
    return Outcome::Error;
}

bool HttpRequestParser::reject(int status, QByteArray message)
{
    fail(status, std::move(message));
    return false;
}

bool HttpRequestParser::parseHead(QByteArrayView head)
{
    m_request = HttpRequest{};
    m_sawContentLength = false;
    m_sawHost = false;
    m_bodyLength = 0;
    m_headerCount = 0;
    bool closeToken = false;
    bool keepAliveToken = false;

    int lineNumber = 0;
    qsizetype pos = 0;
    while (pos < head.size()) {
        qsizetype nl = head.indexOf('\n', pos);
        if (nl < 0)
            nl = head.size();
        QByteArrayView line = head.sliced(pos, nl - pos);
        pos = nl + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        ++lineNumber;
        if (lineNumber == 1) {
            if (!parseRequestLine(line))
                return false;
            continue;
        }
        if (line.isEmpty())
            break;
        if (++m_headerCount > m_limits.maxHeaders) {
            return reject(431, "more than " + QByteArray::number(m_limits.maxHeaders) +
                                   " header fields");
        }
        if (!parseHeader(line, lineNumber))
            return false;
        const qsizetype colon = line.indexOf(':');
        const QByteArrayView name = line.first(colon);
        if (equalsIgnoreCase(name, "connection")) {
            QByteArrayView rest = line.sliced(colon + 1);
            while (!rest.isEmpty()) {
                qsizetype comma = rest.indexOf(',');
                if (comma < 0)
                    comma = rest.size();
                const QByteArrayView option = trimmedOws(rest.first(comma));
                closeToken = closeToken || equalsIgnoreCase(option, "close");
                keepAliveToken = keepAliveToken || equalsIgnoreCase(option, "keep-alive");
                rest = comma < rest.size() ? rest.sliced(comma + 1) : QByteArrayView();
            }
        }
    }
    if (m_request.minorVersion >= 1 && !m_sawHost)
        return reject(400, "HTTP/1.1 request without a Host header");
    m_request.keepAlive = m_request.minorVersion >= 1 ? !closeToken : keepAliveToken && !closeToken;
    return true;
}

bool HttpRequestParser::parseRequestLine(QByteArrayView line)
{
    const qsizetype sp1 = line.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp1 < 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0)
        return reject(400, "request line " + quoted(line) + " is not 'METHOD TARGET HTTP/1.x'");
    const QByteArrayView method = line.first(sp1);
    const QByteArrayView target = line.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = line.sliced(sp2 + 1);
    if (!isToken(method))
        return reject(400, "request method " + quoted(method) + " is not a token");
    if (target.isEmpty() || target.front() != '/')
        return reject(400, "request target " + quoted(target) + " does not start with '/'");
    for (char c : target) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f)
            return reject(400,
                          "request target " + quoted(target) + " contains a control character");
    }
    if (version.size() != 8 || !version.startsWith("HTTP/") || version[6] != '.' ||
        version[5] < '0' || version[5] > '9' || version[7] < '0' || version[7] > '9')
        return reject(400, "protocol version " + quoted(version) + " is not HTTP/x.y");
    if (version[5] != '1')
        return reject(505, "HTTP version " + version.toByteArray() + " is not supported (use 1.x)");
    m_request.method = method.toByteArray();
    m_request.target = target.toByteArray();
    m_request.minorVersion = version[7] - '0';
    return true;
}

bool HttpRequestParser::parseHeader(QByteArrayView line, int lineNumber)
{
    const QByteArray where = "header line " + QByteArray::number(lineNumber) + ' ';
    if (line.front() == ' ' || line.front() == '\t')
        return reject(400, where + "is a folded continuation line (obsolete, not accepted)");
    const qsizetype colon = line.indexOf(':');
    if (colon < 0)
        return reject(400, where + quoted(line) + " has no ':'");
    const QByteArrayView name = line.first(colon);
    if (!isToken(name))
        return reject(400, where + "has an invalid field name " + quoted(name));
    const QByteArrayView value = trimmedOws(line.sliced(colon + 1));
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return reject(400, where + "(" + name.toByteArray() + ") contains a control character");
    }

    if (equalsIgnoreCase(name, "content-length")) {
        bool digits = !value.isEmpty() && value.size() <= 18;
        for (char c : value)
            digits = digits && c >= '0' && c <= '9';
        if (!digits)
            return reject(400, "Content-Length " + quoted(value) + " is not a decimal number");
        const qint64 length = value.toLongLong();
        if (m_sawContentLength && length != m_bodyLength)
            return reject(400, "conflicting Content-Length headers");
        if (length > m_limits.maxBodyBytes)
            return reject(413, "request body of " + value.toByteArray() +
                                   " bytes exceeds the limit of " +
                                   QByteArray::number(m_limits.maxBodyBytes) + " bytes");
        m_sawContentLength = true;
        m_bodyLength = length;
    } else if (equalsIgnoreCase(name, "transfer-encoding")) {
        return reject(501, "Transfer-Encoding is not supported; send the body with Content-Length");
    } else if (equalsIgnoreCase(name, "host")) {
        if (m_sawHost)
            return reject(400, "more than one Host header");
        m_sawHost = true;
    }
    return true;
}

void HttpRequestParser::reset()
{
    m_scanned = 0;
    m_headLength = 0;
    m_bodyLength = 0;
}

} // namespace cutover::kvdemo
