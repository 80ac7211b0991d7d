#pragma once

#include "HttpRequestParser.h"
#include "HttpResponse.h"

#include <QObject>

#include <functional>

class QTcpSocket;

namespace cutover::kvdemo {

// One accepted HTTP/1.x connection. Requests are handled strictly in order, so pipelined
// requests get their responses in order; all responses produced from one read are written
// with a single write.
class HttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)

public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;

    // Takes ownership of `socket`.
    HttpConnection(QTcpSocket *socket, Handler handler, QObject *parent = nullptr);

    // The server is stopping: close now if idle, otherwise answer the request in progress
    // with "Connection: close" and close after it. With `waitForFirstRequest` a connection
    // that has not carried a request yet is not idle: its client is about to send one.
    void beginClose(bool waitForFirstRequest = false);

    // Drops the connection at once (drain deadline passed).
    void abort();

signals:
    void finished();

private:
    void onReadyRead();
    void onBytesWritten();
    void processBuffer();
    void closeGracefully();

    QTcpSocket *m_socket;
    Handler m_handler;
    HttpRequestParser m_parser;
    QByteArray m_buffer;
    qsizetype m_offset = 0;
    bool m_closing = false; // no more requests will be handled
    bool m_closeAfterNext = false;
    bool m_paused = false; // the peer does not read its responses fast enough
    bool m_halfClosed = false;
    bool m_finished = false;
    qint64 m_handled = 0; // requests answered on this connection
};

} // namespace cutover::kvdemo
