#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QProgressBar;
QT_END_NAMESPACE

namespace cutover {

// What a switchover waits for before it starts: its release being downloaded from the
// service's feed (download.progress) or installed from a path (install.progress), with bytes,
// rate and time left, then how that ended. A transfer in progress is shown whatever run the
// view shows; once it ended it stays with the run it led to (same service and version).
class TransferPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TransferPanel)

public:
    explicit TransferPanel(QWidget *parent = nullptr);
    ~TransferPanel() override;

    void onEvent(const QString &type, const QJsonObject &data);
    // The run the view shows (its service and target version).
    void setRun(const QString &service, const QString &toVersion);

    [[nodiscard]] QString text() const;
    [[nodiscard]] QProgressBar *bar() const { return m_bar; }
    [[nodiscard]] bool isTransferring() const { return m_phase == Phase::Running; }

private:
    enum class Kind
    {
        Download,
        Install
    };
    enum class Phase
    {
        None,
        Running,
        Succeeded,
        Failed
    };

    void onProgress(Kind kind, const QJsonObject &data);
    void finish(bool ok, const QString &failure);
    void render();
    [[nodiscard]] QString runningText() const;
    [[nodiscard]] QString endedText() const;

    QLabel *m_label;
    QProgressBar *m_bar;
    Kind m_kind = Kind::Download;
    Phase m_phase = Phase::None;
    QString m_service;
    QString m_version;
    QJsonObject m_progress; // the latest progress event
    QString m_failure;
    QElapsedTimer m_time; // since the transfer's first event
    qint64 m_seconds = 0; // how long it took, once ended
    QString m_runService;
    QString m_runVersion;
};

} // namespace cutover
