#pragma once

#include "DaemonProcess.h"

#include <QJsonObject>
#include <QTemporaryDir>

namespace cutover::test {

// A cutoverd with kvdemo registered behind its bridge, releases installed from the build's
// archives, and helpers to talk to the service through its public address.
class ServiceFixture final
{
    Q_DISABLE_COPY_MOVE(ServiceFixture)

public:
    ServiceFixture();
    ~ServiceFixture();

    // Starts cutoverd, registers kvdemo with `strategy` and `settings`, installs 1.0.0 and
    // 1.1.0, starts 1.0.0. False with a message in error() on failure.
    bool setUp(const QString &strategy = QStringLiteral("restart"),
               const QJsonObject &settings = {});

    // Installs a copy of kvdemo 1.1.0 as `version` whose manifest adds `env`.
    bool installVariant(const QString &version, const QJsonObject &env);

    // POST upgrade and wait for the run to end.
    Result<QJsonObject> upgrade(const QString &version, const QString &strategy);

    // The processes on this machine started from this fixture's releases directory.
    [[nodiscard]] QList<qint64> kvdemoPids() const;

    [[nodiscard]] DaemonProcess &daemon() { return m_daemon; }
    [[nodiscard]] quint16 publicPort() const { return m_port; }
    [[nodiscard]] QString dataDir() const { return m_dir.path(); }
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] QJsonObject service();

private:
    QTemporaryDir m_dir;
    QTemporaryDir m_scratch;
    DaemonProcess m_daemon;
    quint16 m_port = 0;
    QString m_error;
};

// Step names of a run, in journal order.
QStringList stepNames(const QJsonObject &run);

} // namespace cutover::test
