#pragma once

#include "supervisor/ReadinessProbe.h"

#include <QPointer>

class QTcpSocket;

namespace cutover {

// Ready when a TCP connection to host:port is accepted.
class TcpProbe final : public ReadinessProbe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TcpProbe)

public:
    TcpProbe(QString host, quint16 port, QObject *parent = nullptr);
    ~TcpProbe() override;

    [[nodiscard]] QString describe() const override;

protected:
    void startAttempt() override;
    void abortAttempt() override;

private:
    void dropSocket();

    QString m_host;
    quint16 m_port = 0;
    QPointer<QTcpSocket> m_socket;
};

} // namespace cutover
