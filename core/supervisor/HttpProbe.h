#pragma once

#include "supervisor/ReadinessProbe.h"

#include <QByteArray>
#include <QPointer>

class QTcpSocket;

namespace cutover {

// Ready when GET <path> on host:port answers 2xx. Speaks HTTP/1.0 over a raw socket, because
// only the status line matters and a probe should not depend on proxies or redirects.
class HttpProbe final : public ReadinessProbe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpProbe)

public:
    HttpProbe(QString host, quint16 port, QString path, QObject *parent = nullptr);
    ~HttpProbe() override;

    [[nodiscard]] QString describe() const override;

protected:
    void startAttempt() override;
    void abortAttempt() override;

private:
    void onReadyRead();
    void dropSocket();

    QString m_host;
    quint16 m_port = 0;
    QString m_path;
    QPointer<QTcpSocket> m_socket;
    QByteArray m_buffer;
};

} // namespace cutover
