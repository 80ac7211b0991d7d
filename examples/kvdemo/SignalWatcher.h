#pragma once

#include <QList>
#include <QObject>

class QSocketNotifier;

namespace cutover::kvdemo {

// Turns POSIX signals into a Qt signal through a self-pipe: the handler only write()s the
// signal number (async-signal-safe); the event loop reads it and emits signalReceived().
// One instance per process.
class SignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)

public:
    explicit SignalWatcher(const QList<int> &signalNumbers, QObject *parent = nullptr);
    ~SignalWatcher() override;

    // False when the pipe or a handler could not be installed; errorString() says why.
    [[nodiscard]] bool isValid() const { return m_notifier != nullptr; }
    [[nodiscard]] QString errorString() const { return m_error; }

signals:
    void signalReceived(int signalNumber);

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
    QList<int> m_signals;
    bool m_ownsPipe = false;
    QString m_error;
};

} // namespace cutover::kvdemo
