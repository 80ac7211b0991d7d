#pragma once

#include <QByteArray>
#include <QList>

#include <http_parser.h>

namespace cutover {

struct HttpHeader
{
    QByteArray name;
    QByteArray value;
};

// The head of one HTTP/1.x message as the bridge needs it to route and to write it on.
struct HttpHead
{
    QByteArray method; // requests
    QByteArray target; // requests: the request-target as sent
    int status = 0;    // responses
    QByteArray reason; // responses
    int versionMajor = 1;
    int versionMinor = 1;
    QList<HttpHeader> headers;
    bool keepAlive = true;  // both ends may keep the connection after this message
    bool chunked = false;   // Transfer-Encoding: chunked
    bool upgrade = false;   // request: Upgrade or CONNECT; response: 101
    bool hasLength = false; // Content-Length given

    [[nodiscard]] QByteArray header(QByteArrayView name) const;
    [[nodiscard]] bool isIdempotent() const;
};

enum class HttpParseError
{
    None,
    Malformed,          // 400
    RequestLineTooLong, // 414
    HeaderTooLarge,     // 431
};

// Frames HTTP/1.x messages with Debian's http_parser (nodejs http_parser 2.9) and writes each
// message's body on in the framing it arrived in: a Content-Length or close-delimited body as
// is, a chunked one re-chunked piece by piece with its trailers, so that the bridge never
// holds a whole body. feed() stops after a head (so that the caller can route before any of
// the body moves) and after a message (so that pipelined messages wait their turn).
class HttpMessageParser final
{
public:
    enum class Kind
    {
        Request,
        Response,
    };
    enum class Event
    {
        NeedMore,        // everything given was consumed
        HeadComplete,    // head() is the new message's head
        MessageComplete, // the message (and its body) ended
        Error,           // error() says what; the connection is to be closed
    };
    struct Step
    {
        qsizetype consumed = 0;
        Event event = Event::NeedMore;
    };
    struct Limits
    {
        int maxRequestLine = 8 * 1024;
        int maxHeaderBytes = 32 * 1024;
        int maxHeaders = 100;
    };

    HttpMessageParser(Kind kind, Limits limits);
    ~HttpMessageParser() = default;
    Q_DISABLE_COPY_MOVE(HttpMessageParser)

    // Parses from `data` until one of the events; body bytes go re-framed to `body`.
    Step feed(const char *data, qsizetype size, QByteArray &body);
    // The peer closed: ends a close-delimited body (MessageComplete) or is an Error when a
    // message was cut short; NeedMore when between messages.
    Event finish(QByteArray &body);
    // Starts over, for a new stream (a response on another backend connection).
    void reset();
    // Responses: the request was HEAD, so the next response has no body whatever it says.
    void setBodyless(bool on) { m_bodyless = on; }

    [[nodiscard]] const HttpHead &head() const { return m_head; }
    [[nodiscard]] HttpParseError error() const { return m_error; }
    [[nodiscard]] QByteArray errorText() const;
    // Bytes of the current message seen so far (0: between messages).
    [[nodiscard]] bool inMessage() const { return m_inMessage; }
    // The response's body lasts until the connection closes (no length, not chunked).
    [[nodiscard]] bool closeDelimited() const;

private:
    static int onMessageBegin(http_parser *p);
    static int onUrl(http_parser *p, const char *at, size_t length);
    static int onStatus(http_parser *p, const char *at, size_t length);
    static int onHeaderField(http_parser *p, const char *at, size_t length);
    static int onHeaderValue(http_parser *p, const char *at, size_t length);
    static int onHeadersComplete(http_parser *p);
    static int onBody(http_parser *p, const char *at, size_t length);
    static int onMessageComplete(http_parser *p);
    bool countHeaderBytes(size_t length);

    const Kind m_kind;
    const Limits m_limits;
    http_parser m_parser{};
    http_parser_settings m_settings{};
    HttpHead m_head;
    QList<HttpHeader> m_trailers;
    QByteArray *m_body = nullptr;
    Event m_event = Event::NeedMore;
    HttpParseError m_error = HttpParseError::None;
    qsizetype m_headerBytes = 0;
    bool m_lastWasValue = false;
    bool m_inHead = false;
    bool m_inMessage = false;
    bool m_bodyless = false;
};

} // namespace cutover
