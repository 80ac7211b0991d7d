#include "bridge/HttpSession.h"

#include "bridge/BridgeStats.h"
#include "bridge/BridgeWorker.h"
#include "bridge/HttpBackendLink.h"
#include "bridge/HttpBackendPool.h"

#include <QSocketNotifier>

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace cutover {

namespace {

constexpr qsizetype kChunk = 64 * 1024;

bool wouldBlock(int err)
{
    return err == EAGAIN || err == EWOULDBLOCK || err == EINTR;
}

void setNoDelay(int fd)
{
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

// A notifier may be the sender of the slot running now: disabled at once, deleted later.
void dropNotifiers(QSocketNotifier *&read, QSocketNotifier *&write)
{
    for (QSocketNotifier **n : {&read, &write}) {
        if (*n) {
            (*n)->setEnabled(false);
            (*n)->deleteLater();
            *n = nullptr;
        }
    }
}

QByteArray peerAddress(int fd)
{
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    if (::getpeername(fd, reinterpret_cast<sockaddr *>(&storage), &length) != 0)
        return {};
    char text[INET6_ADDRSTRLEN] = {};
    if (storage.ss_family == AF_INET6)
        ::inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6 *>(&storage)->sin6_addr, text,
                    sizeof text);
    else
        ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in *>(&storage)->sin_addr, text,
                    sizeof text);
    return QByteArray(text);
}

HttpMessageParser::Limits limitsOf(const BridgeOptions &o)
{
    HttpMessageParser::Limits limits;
    limits.maxRequestLine = o.maxRequestLineBytes;
    limits.maxHeaderBytes = o.maxHeaderBytes;
    return limits;
}

} // namespace

HttpSession::HttpSession(int clientFd, BridgeWorker *worker)
    : QObject(worker)
    , m_worker(worker)
    , m_capacity(worker->options().bufferBytes)
    , m_clientFd(clientFd)
    , m_request(HttpMessageParser::Kind::Request, limitsOf(worker->options()))
    , m_response(HttpMessageParser::Kind::Response, limitsOf(worker->options()))
{
    setNoDelay(clientFd);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpSession::onTimer);
    m_forwarded.enabled = worker->options().forwardedHeaders;
    if (m_forwarded.enabled)
        m_forwarded.clientAddress = peerAddress(clientFd);
    m_worker->stats().clientsDelta(1);
}

HttpSession::~HttpSession()
{
    closeNow();
}

void HttpSession::start()
{
    m_clientRead = new QSocketNotifier(m_clientFd, QSocketNotifier::Read, this);
    m_clientWrite = new QSocketNotifier(m_clientFd, QSocketNotifier::Write, this);
    m_clientWrite->setEnabled(false);
    connect(m_clientRead, &QSocketNotifier::activated, this, &HttpSession::onClientReadable);
    connect(m_clientWrite, &QSocketNotifier::activated, this, &HttpSession::onClientWritable);
    armHeaderTimer();
    onClientReadable();
}

std::optional<quint64> HttpSession::backendGeneration() const
{
    if (m_backendFd < 0)
        return std::nullopt;
    return m_target.generation;
}

void HttpSession::armHeaderTimer()
{
    m_headTimerRunning = false;
    m_timer.start(m_worker->options().idleTimeoutMs);
}

void HttpSession::onClientReadable()
{
    readClient();
    process();
}

void HttpSession::onClientWritable()
{
    process();
}

void HttpSession::onBackendReadable()
{
    readBackend();
    process();
}

void HttpSession::onBackendWritable()
{
    if (m_state == State::Connecting) {
        int err = 0;
        socklen_t len = sizeof err;
        if (::getsockopt(m_backendFd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0)
            connectFailed();
        else if (!m_worker->requestTarget())
            parkConnection();
        else
            attachBackend(true);
    }
    if (m_state != State::Finished)
        process();
}

void HttpSession::onTimer()
{
    timerExpired();
    if (m_state != State::Finished)
        process();
}

void HttpSession::timerExpired()
{
    switch (m_state) {
    case State::ReadingHead:
        if (m_headTimerRunning) {
            m_worker->stats().rejectedAtEdge();
            answer(408, "Request Timeout", "the request head did not arrive in time");
        } else {
            finish(); // an idle keep-alive connection
        }
        return;
    case State::Holding:
        m_worker->stats().heldDelta(-1);
        m_worker->stats().holdTimedOut();
        m_holdSinceMs = -1;
        answer(503, "Service Unavailable", "the service is paused; try again", 1);
        return;
    case State::Connecting:
        connectFailed();
        return;
    case State::Closing:
        finish(); // the client did not close after our last answer
        return;
    case State::Exchanging:
    case State::Tunnel:
    case State::Finished:
        return;
    }
}

void HttpSession::readClient()
{
    char buf[kChunk];
    while (m_clientFd >= 0 && !m_clientEof && m_clientIn.size() < m_capacity) {
        const qsizetype want = std::min(kChunk, m_capacity - m_clientIn.size());
        const ssize_t n = ::recv(m_clientFd, buf, size_t(want), 0);
        if (n > 0) {
            if (m_state != State::Closing) // after our last answer input is discarded
                m_clientIn.append(buf, n);
            if (n < want)
                return;
        } else if (n == 0 || !wouldBlock(errno)) {
            m_clientEof = true;
        } else {
            return;
        }
    }
}

void HttpSession::readBackend()
{
    char buf[kChunk];
    while (m_backendFd >= 0 && (m_state == State::Exchanging || m_state == State::Tunnel) &&
           !m_backendEof && m_clientOut.size() < m_capacity) {
        const qsizetype want = std::min(kChunk, m_capacity - m_clientOut.size());
        const ssize_t n = ::recv(m_backendFd, buf, size_t(want), 0);
        if (n > 0) {
            m_responseBytes += n;
            if (m_state == State::Tunnel)
                m_clientOut.append(buf, n);
            else
                handleResponseBytes(buf, n);
            if (n < want)
                return;
        } else if (n == 0) {
            backendClosed(false);
            return;
        } else if (wouldBlock(errno)) {
            return;
        } else {
            backendClosed(true);
            return;
        }
    }
}

void HttpSession::process()
{
    for (int round = 0; round < 32 && m_state != State::Finished; ++round) {
        bool progressed = false;
        if (m_state == State::ReadingHead) {
            progressed = parseHead();
        } else if (m_state == State::Exchanging && !m_requestDone) {
            progressed = pumpRequestBody();
        } else if (m_state == State::Tunnel && !m_clientIn.isEmpty() &&
                   m_backendOut.size() < m_capacity) {
            m_backendOut += m_clientIn;
            m_clientIn.clear();
            progressed = true;
        }
        if (!flush())
            return;
        if (!progressed)
            break;
    }
    if (m_state == State::Finished)
        return;
    // Ends of streams.
    if (m_state == State::Exchanging && m_clientEof && !m_requestDone && m_clientIn.isEmpty()) {
        finish(); // the client left in the middle of its request
        return;
    }
    if (m_state == State::Tunnel) {
        if (m_clientEof && m_clientIn.isEmpty() && m_backendOut.isEmpty() && !m_backendShut) {
            ::shutdown(m_backendFd, SHUT_WR);
            m_backendShut = true;
        }
        if (m_backendEof && m_clientOut.isEmpty() && !m_clientShut) {
            ::shutdown(m_clientFd, SHUT_WR);
            m_clientShut = true;
        }
        if (m_clientShut && m_backendShut) {
            finish();
            return;
        }
    }
    if (m_state == State::Closing) {
        if (m_clientOut.isEmpty() && !m_clientShut) {
            // Half-close, then read until the client closes: closing with its input unread
            // would turn our FIN into a reset that can destroy the answer in flight.
            ::shutdown(m_clientFd, SHUT_WR);
            m_clientShut = true;
            m_timer.start(m_worker->options().lingerMs);
        }
        if (m_clientShut && m_clientEof) {
            finish();
            return;
        }
    }
    updateNotifiers();
}

bool HttpSession::parseHead()
{
    if (m_clientIn.isEmpty()) {
        if (m_clientEof)
            m_state = State::Closing; // what is left to send goes out first
        return false;
    }
    QByteArray unused; // no body before the head is complete
    const HttpMessageParser::Step step =
        m_request.feed(m_clientIn.constData(), m_clientIn.size(), unused);
    m_clientIn.remove(0, step.consumed);
    if (!m_headTimerRunning && m_request.inMessage()) {
        m_headTimerRunning = true;
        m_timer.start(m_worker->options().headerTimeoutMs);
    }
    switch (step.event) {
    case HttpMessageParser::Event::HeadComplete:
        beginRequest();
        return true;
    case HttpMessageParser::Event::Error: {
        m_worker->stats().rejectedAtEdge();
        switch (m_request.error()) {
        case HttpParseError::RequestLineTooLong:
            answer(414, "URI Too Long", m_request.errorText());
            break;
        case HttpParseError::HeaderTooLarge:
            answer(431, "Request Header Fields Too Large", m_request.errorText());
            break;
        default:
            answer(400, "Bad Request", m_request.errorText());
            break;
        }
        return false;
    }
    case HttpMessageParser::Event::NeedMore:
    case HttpMessageParser::Event::MessageComplete:
        break;
    }
    return step.consumed > 0;
}

void HttpSession::beginRequest()
{
    m_timer.stop();
    m_head = m_request.head();
    m_startedUs = m_worker->elapsedUs();
    m_requestStartMs = m_worker->elapsedMs();
    m_requestDone = false;
    m_retried = false;
    m_freshOnly = false;
    m_backendSpoke = false;
    m_closeClient = false;
    m_sentToBackend = 0;
    m_responseBytes = 0;
    m_finalStatus = 0;
    m_attempts = 0;
    m_replay = requestHeadForBackend(m_head, m_forwarded);
    m_replayable = m_replay.size() <= m_worker->options().replayBytes;
    route();
}

void HttpSession::route()
{
    const std::optional<BackendTarget> target = m_worker->requestTarget();
    if (!target) {
        // Paused (or nowhere to go yet): nothing of the request leaves the bridge until the
        // policy lets it, or max_hold_ms has passed.
        if (m_state != State::Holding) {
            m_state = State::Holding;
            m_holdSinceMs = m_worker->elapsedMs();
            m_worker->stats().heldDelta(1);
            m_timer.start(m_worker->options().maxHoldMs);
        }
        return;
    }
    if (m_state == State::Holding) {
        m_timer.stop();
        m_worker->stats().heldDelta(-1);
        m_worker->stats().held(target->generation, m_worker->elapsedMs() - m_holdSinceMs);
        m_holdSinceMs = -1;
    }
    sendTo(*target);
}

void HttpSession::policyChanged()
{
    if (m_state == State::Holding || m_connectRetryPending) {
        m_connectRetryPending = false;
        route();
        process();
    }
}

void HttpSession::sendTo(const BackendTarget &target)
{
    m_target = target;
    m_backendOut = m_replay;
    m_link = m_freshOnly ? nullptr : m_worker->pool().take(target);
    if (m_link) {
        m_link->setOwner(this);
        attachBackend(false);
    } else {
        connectBackend();
    }
}

void HttpSession::connectBackend()
{
    m_state = State::Connecting;
    m_backendFd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_backendFd < 0) {
        connectFailed();
        return;
    }
    setNoDelay(m_backendFd);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(m_target.port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    m_link = m_worker->pool().create(m_backendFd, m_target);
    m_link->setOwner(this);
    if (::connect(m_backendFd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr) == 0) {
        attachBackend(true);
        return;
    }
    if (errno != EINPROGRESS) {
        connectFailed();
        return;
    }
    m_link->watchWrite(true); // writable: the connect completed (or failed)
    m_timer.start(m_worker->options().connectTimeoutMs);
}

void HttpSession::connectFailed()
{
    m_timer.stop();
    if (m_link)
        std::exchange(m_link, nullptr)->retire();
    else if (m_backendFd >= 0)
        ::close(m_backendFd);
    m_backendFd = -1;
    m_worker->backendReleased(m_target.generation, false);
    // A backend that is binding its port, or one that crashed and is about to be routed away
    // from or restarted: try again shortly, on the target current then, for as long as a held
    // request would wait (max_hold_ms) and at least connectAttempts times; a policy change
    // tries at once (policyChanged()).
    const qint64 waited = m_worker->elapsedMs() - m_requestStartMs;
    const qint64 left = m_worker->options().maxHoldMs - waited;
    if (++m_attempts < m_worker->options().connectAttempts || left > 0) {
        constexpr int kMaxDelayMs = 250;
        const int delay = std::min<qint64>(
            {qint64(m_worker->options().retryDelayMs) << std::min(m_attempts - 1, 8), kMaxDelayMs,
             std::max<qint64>(left, 1)});
        m_connectRetryPending = true;
        QTimer::singleShot(delay, this, [this] {
            if (m_connectRetryPending) {
                m_connectRetryPending = false;
                route();
                process();
            }
        });
        return;
    }
    m_worker->stats().refused(m_target.generation);
    m_worker->stats().unrouted();
    answer(502, "Bad Gateway", "the service's backend cannot be reached");
}

void HttpSession::parkConnection()
{
    // The bridge paused while this connection was being made: nothing of the request has
    // left, and nothing may now (the state handoff counts on it). The connection, unused, goes
    // to the pool and the request waits like any other.
    m_timer.stop();
    m_backendFd = -1;
    m_link->setEstablished();
    m_worker->stats().forwarded(m_target.generation, 0);
    m_worker->pool().give(std::exchange(m_link, nullptr));
    m_worker->backendReleased(m_target.generation, false);
    route(); // holds it
}

void HttpSession::attachBackend(bool fresh)
{
    m_timer.stop();
    m_backendFd = m_link->fd();
    if (fresh) {
        m_link->setEstablished();
        m_worker->stats().forwarded(m_target.generation, 0);
    }
    m_backendEof = false;
    m_backendShut = false;
    m_response.reset();
    m_response.setBodyless(m_head.method == "HEAD" || m_head.method == "CONNECT");
    m_state = State::Exchanging;
}

bool HttpSession::pumpRequestBody()
{
    const qsizetype room = m_capacity - m_backendOut.size();
    if (m_clientIn.isEmpty() || room <= 0)
        return false;
    const qsizetype before = m_backendOut.size();
    const HttpMessageParser::Step step =
        m_request.feed(m_clientIn.constData(), std::min(room, m_clientIn.size()), m_backendOut);
    m_clientIn.remove(0, step.consumed);
    if (m_replayable) {
        const qsizetype added = m_backendOut.size() - before;
        if (m_replay.size() + added > m_worker->options().replayBytes) {
            m_replayable = false;
            m_replay.clear();
        } else {
            m_replay.append(m_backendOut.constData() + before, added);
        }
    }
    if (step.event == HttpMessageParser::Event::Error) {
        m_worker->stats().rejectedAtEdge();
        releaseBackend(false);
        if (m_finalStatus == 0 && m_responseBytes == 0)
            answer(400, "Bad Request", m_request.errorText());
        else
            finish();
        return false;
    }
    if (step.event == HttpMessageParser::Event::MessageComplete)
        m_requestDone = true;
    return step.consumed > 0;
}

void HttpSession::handleResponseBytes(const char *data, qsizetype size)
{
    qsizetype offset = 0;
    while (offset < size && m_state == State::Exchanging) {
        const HttpMessageParser::Step step =
            m_response.feed(data + offset, size - offset, m_clientOut);
        offset += step.consumed;
        switch (step.event) {
        case HttpMessageParser::Event::HeadComplete:
            responseHead();
            break;
        case HttpMessageParser::Event::MessageComplete: {
            const int status = m_response.head().status;
            if (status / 100 == 1 && status != 101)
                break; // an interim response: the final one follows
            if (status == 101 || (m_head.method == "CONNECT" && status / 100 == 2)) {
                becomeTunnel(data + offset, size - offset);
                return;
            }
            m_backendSpoke = offset < size;
            responseDone();
            return;
        }
        case HttpMessageParser::Event::Error:
            m_worker->stats().inFlightOnCrash(m_target.generation);
            releaseBackend(false);
            if (m_finalStatus == 0)
                answer(502, "Bad Gateway", m_response.errorText());
            else
                finish(); // half an answer went out: only a close can say it failed
            return;
        case HttpMessageParser::Event::NeedMore:
            return;
        }
    }
}

void HttpSession::responseHead()
{
    const HttpHead &h = m_response.head();
    const bool http10 = m_head.versionMajor == 1 && m_head.versionMinor == 0;
    const bool tunnel = h.status == 101 || (m_head.method == "CONNECT" && h.status / 100 == 2);
    if (h.status / 100 == 1 && !tunnel) {
        m_clientOut += responseHeadForClient(h, false, http10);
        return;
    }
    m_finalStatus = h.status;
    if (!tunnel) {
        // The client's connection stays open when the answer has its own end and the client
        // keeps it; a declined upgrade leaves the client's stream undefined, so it closes.
        m_closeClient = m_closeClient || !m_head.keepAlive || !m_requestDone ||
                        m_response.closeDelimited() || m_head.upgrade || m_clientEof;
    }
    m_clientOut += responseHeadForClient(h, m_closeClient, http10);
}

void HttpSession::responseDone()
{
    m_worker->stats().request(m_target.generation, m_finalStatus,
                              m_worker->elapsedUs() - m_startedUs);
    const bool reusable = m_response.head().keepAlive && m_requestDone && m_backendOut.isEmpty() &&
                          !m_backendSpoke && !m_backendEof;
    releaseBackend(reusable);
    if (m_closeClient) {
        m_state = State::Closing;
        return;
    }
    m_state = State::ReadingHead;
    armHeaderTimer();
}

void HttpSession::becomeTunnel(const char *rest, qsizetype size)
{
    m_worker->stats().request(m_target.generation, m_finalStatus,
                              m_worker->elapsedUs() - m_startedUs);
    m_clientOut.append(rest, size);
    m_timer.stop();
    m_state = State::Tunnel;
}

void HttpSession::backendClosed(bool reset)
{
    m_backendEof = true;
    if (m_state == State::Tunnel) {
        if (reset)
            finish();
        return;
    }
    if (m_state != State::Exchanging)
        return;
    const quint64 generation = m_target.generation;
    if (!reset && m_response.inMessage() && m_response.closeDelimited()) {
        if (m_response.finish(m_clientOut) == HttpMessageParser::Event::MessageComplete) {
            responseDone();
            return;
        }
    }
    releaseBackend(false);
    if (m_responseBytes == 0) {
        // Nothing of an answer came: when sending it again cannot do anything twice (RFC
        // 9110 §9.2.2) or it never left, it goes once more, over a fresh connection to the
        // target current now (which waits if the bridge is paused).
        if (!m_retried && m_replayable && (m_head.isIdempotent() || m_sentToBackend == 0)) {
            m_retried = true;
            m_freshOnly = true;
            m_sentToBackend = 0;
            m_worker->stats().retried(generation);
            route();
            return;
        }
        m_worker->stats().inFlightOnCrash(generation);
        answer(502, "Bad Gateway", "the backend closed the connection without answering");
        return;
    }
    // Cut in the middle of an answer: what arrived goes out, then the close tells the client.
    m_worker->stats().inFlightOnCrash(generation);
    m_closeClient = true;
    m_state = State::Closing;
}

void HttpSession::answer(int status, QByteArrayView reason, QByteArrayView message, int retryAfterS)
{
    releaseBackend(false);
    m_timer.stop();
    m_clientIn.clear();
    m_clientOut += bridgeResponse(status, reason, message, retryAfterS);
    m_state = State::Closing;
}

bool HttpSession::flush()
{
    if (m_clientFd >= 0 && !m_clientOut.isEmpty()) {
        const ssize_t n =
            ::send(m_clientFd, m_clientOut.constData(), size_t(m_clientOut.size()), MSG_NOSIGNAL);
        if (n > 0) {
            m_clientOut.remove(0, n);
        } else if (n < 0 && !wouldBlock(errno)) {
            finish(); // the client is gone
            return false;
        }
    }
    if (m_backendFd >= 0 && (m_state == State::Exchanging || m_state == State::Tunnel) &&
        !m_backendOut.isEmpty()) {
        const ssize_t n = ::send(m_backendFd, m_backendOut.constData(), size_t(m_backendOut.size()),
                                 MSG_NOSIGNAL);
        if (n > 0) {
            m_backendOut.remove(0, n);
            m_sentToBackend += n;
        } else if (n < 0 && !wouldBlock(errno)) {
            backendClosed(true);
            return m_state != State::Finished;
        }
    }
    return m_state != State::Finished;
}

void HttpSession::releaseBackend(bool reusable, bool forced)
{
    if (!m_link)
        return;
    HttpBackendLink *link = std::exchange(m_link, nullptr);
    m_backendFd = -1;
    m_backendOut.clear();
    if (reusable && !m_worker->isDraining(m_target.generation)) {
        m_worker->pool().give(link);
    } else {
        if (link->established())
            m_worker->stats().closed(m_target.generation);
        link->retire();
    }
    m_worker->backendReleased(m_target.generation, forced);
}

void HttpSession::updateNotifiers()
{
    if (m_state == State::Finished)
        return;
    m_clientRead->setEnabled(!m_clientEof && m_clientIn.size() < m_capacity);
    m_clientWrite->setEnabled(!m_clientOut.isEmpty());
    const bool live = m_state == State::Exchanging || m_state == State::Tunnel;
    if (m_link) {
        // The read watch stays on from connect to close but for backpressure and a tunnel's
        // half-close: each switch on or off costs the event loop a wake-up.
        m_link->watchRead(!m_backendEof && m_clientOut.size() < m_capacity);
        m_link->watchWrite(m_state == State::Connecting || (live && !m_backendOut.isEmpty()));
    }
}

void HttpSession::closeForced()
{
    releaseBackend(false, true);
    finish();
}

void HttpSession::finish()
{
    if (m_state == State::Finished)
        return;
    closeNow();
    deleteLater();
}

void HttpSession::closeNow()
{
    if (m_state == State::Finished)
        return;
    if (m_state == State::Holding)
        m_worker->stats().heldDelta(-1);
    releaseBackend(false);
    m_state = State::Finished;
    m_timer.stop();
    dropNotifiers(m_clientRead, m_clientWrite);
    if (m_clientFd >= 0)
        ::close(m_clientFd);
    m_clientFd = -1;
    m_worker->stats().clientsDelta(-1);
    m_worker->sessionEnded(this);
}

} // namespace cutover
