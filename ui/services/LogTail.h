#pragma once

#include <QStringList>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;

namespace cutover {

class DaemonConnection;

// The live end of a service's log (GET /api/v1/services/{name}/logs), polled every second
// while the widget is visible. New lines are appended; the view follows the end unless the
// operator has scrolled up to read something.
class LogTail final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogTail)

public:
    static constexpr int kLines = 500;
    static constexpr std::chrono::milliseconds kInterval{1000};

    explicit LogTail(DaemonConnection &connection, QWidget *parent = nullptr);
    ~LogTail() override;

    // Shows `service`'s log (the active instance's unless a release is picked); empty: none.
    void setService(const QString &service);
    // The releases the operator may pick a log of (the active instance's stays the default).
    void setVersions(const QStringList &versions);
    [[nodiscard]] QString service() const { return m_service; }
    [[nodiscard]] QStringList lines() const { return m_lines; }
    [[nodiscard]] QPlainTextEdit *text() const { return m_text; }
    [[nodiscard]] bool isPolling() const { return m_timer.isActive(); }

    // One poll now (the timer calls this).
    void refresh();

    // The number of leading lines of `next` that repeat the end of `previous`; 0 when the two
    // do not overlap (the file was rotated or another one is shown).
    [[nodiscard]] static qsizetype overlap(const QStringList &previous, const QStringList &next);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void display(const QStringList &lines, const QString &status);
    void updatePolling();

    DaemonConnection &m_connection;
    QComboBox *m_version;
    QLabel *m_status;
    QPlainTextEdit *m_text;
    QTimer m_timer;
    QString m_service;
    QStringList m_lines;
    bool m_inFlight = false;
    quint64 m_generation = 0; // answers for an earlier service or version are dropped
};

} // namespace cutover
