#pragma once

#include <QObject>
#include <QString>

class QTimer;

namespace cutover {

// One way of asking "can this instance take traffic yet?". ReadinessWaiter calls attempt()
// repeatedly; each attempt ends with exactly one attemptFinished(), at the latest after
// attemptTimeoutMs. `detail` names what was probed and what happened, e.g.
// "tcp 127.0.0.1:40123: connection refused".
class ReadinessProbe : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReadinessProbe)

public:
    explicit ReadinessProbe(QObject *parent = nullptr);
    ~ReadinessProbe() override;

    // Ignored while an attempt is in flight.
    void attempt();
    // Ends an attempt in flight without a result (no attemptFinished).
    void cancel();
    [[nodiscard]] bool isBusy() const { return m_busy; }

    void setAttemptTimeoutMs(int ms) { m_attemptTimeoutMs = ms; }
    [[nodiscard]] int attemptTimeoutMs() const { return m_attemptTimeoutMs; }

    // "tcp 127.0.0.1:40123", the prefix of every detail.
    [[nodiscard]] virtual QString describe() const = 0;

Q_SIGNALS:
    void attemptFinished(bool ok, const QString &detail);

protected:
    virtual void startAttempt() = 0;
    // Release whatever the attempt in flight holds; its late callbacks must not call finish().
    virtual void abortAttempt() = 0;
    // Reports the attempt's outcome; `detail` without the describe() prefix.
    void finish(bool ok, const QString &detail);

private:
    void onAttemptTimeout();

    bool m_busy = false;
    int m_attemptTimeoutMs = 2000;
    QTimer *m_attemptTimer = nullptr;
};

} // namespace cutover
