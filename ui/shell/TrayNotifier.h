#pragma once

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QSystemTrayIcon>

#include <optional>

QT_BEGIN_NAMESPACE
class QAction;
class QMenu;
QT_END_NAMESPACE

namespace cutover {

class DaemonConnection;

// One desktop notification, made from an event of the stream.
struct TrayNotification
{
    QString title;
    QString message;
    QSystemTrayIcon::MessageIcon icon = QSystemTrayIcon::Information;
    qint64 runId = 0; // a run notification: clicking it opens the run
    QString service;

    bool operator==(const TrayNotification &) const = default;
};

// The console in the system tray: its icon (with the connection state as tool tip), a menu
// (show, quit), and notifications for new releases and switchovers. Without a system tray
// (no StatusNotifier host, offscreen) it does nothing at all.
class TrayNotifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayNotifier)

public:
    explicit TrayNotifier(DaemonConnection &connection, QObject *parent = nullptr);
    ~TrayNotifier() override;

    // False without a system tray: no icon and no notifications.
    [[nodiscard]] bool isAvailable() const { return m_tray != nullptr; }
    [[nodiscard]] static std::optional<TrayNotification> notificationFor(const QString &type,
                                                                         const QJsonObject &data);
    // The texts of the menu, after a language change (a QObject gets no LanguageChange).
    void retranslate();

Q_SIGNALS:
    void showRequested();
    void quitRequested();
    // A run notification was clicked.
    void runActivated(qint64 runId);
    // A release notification was clicked.
    void serviceActivated(const QString &service);

private:
    void onEvent(const QString &type, const QJsonObject &data);
    void onMessageClicked();

    DaemonConnection &m_connection;
    QSystemTrayIcon *m_tray = nullptr;
    QMenu *m_menu = nullptr;
    QAction *m_show = nullptr;
    QAction *m_quit = nullptr;
    // What the last notification was about, for messageClicked (which carries nothing).
    TrayNotification m_last;
    // Each release is announced once, even when it is installed again or an event is replayed
    // after the stream reconnected.
    QSet<QString> m_announced;
};

} // namespace cutover
