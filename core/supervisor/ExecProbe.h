#pragma once

#include "supervisor/ReadinessProbe.h"

#include <QPointer>
#include <QProcessEnvironment>
#include <QStringList>

class QProcess;

namespace cutover {

// Ready when a command exits with 0. The command is short-lived and belongs to the daemon,
// so QProcess is fine here (unlike for instances).
class ExecProbe final : public ReadinessProbe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExecProbe)

public:
    // command[0] is the program; it runs in `workingDir` with `environment`.
    ExecProbe(QStringList command, QProcessEnvironment environment, QString workingDir,
              QObject *parent = nullptr);
    ~ExecProbe() override;

    [[nodiscard]] QString describe() const override;

protected:
    void startAttempt() override;
    void abortAttempt() override;

private:
    void dropProcess();

    QStringList m_command;
    QProcessEnvironment m_environment;
    QString m_workingDir;
    QPointer<QProcess> m_process;
    QByteArray m_outputTail; // the last bytes the command printed
};

} // namespace cutover
