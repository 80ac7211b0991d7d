// wsecho PORT VERSION: a WebSocket echo service for test_websocket_switchover. Every text
// message comes back as "VERSION:message", so that the test can tell which release answered.
#include <QCoreApplication>
#include <QHostAddress>
#include <QWebSocket>
#include <QWebSocketServer>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    bool ok = false;
    const uint port = args.value(1).toUInt(&ok);
    if (args.size() != 3 || !ok || port == 0 || port > 65535) {
        qCritical("usage: wsecho PORT VERSION");
        return 2;
    }
    const QString version = args.at(2);
    QWebSocketServer server(QStringLiteral("wsecho"), QWebSocketServer::NonSecureMode);
    if (!server.listen(QHostAddress::LocalHost, quint16(port))) {
        qCritical("wsecho: cannot listen on port %u: %s", port, qPrintable(server.errorString()));
        return 1;
    }
    QObject::connect(&server, &QWebSocketServer::newConnection, &server, [&server, &version] {
        while (QWebSocket *socket = server.nextPendingConnection()) {
            QObject::connect(socket, &QWebSocket::textMessageReceived, socket,
                             [socket, &version](const QString &message) {
                                 socket->sendTextMessage(version + u':' + message);
                             });
            QObject::connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    return QCoreApplication::exec();
}
