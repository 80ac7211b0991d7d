#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QWidget>

class QLabel;
class QTabWidget;

namespace cutover {

class DaemonConnection;
class DataTable;
class FeedSummary;
class JsonTableModel;
class LogTail;
class RouteRulesEditor;

// What the services view shows about the selected service: its instances, installed releases
// (with a rollback to an older one), its feed, its recent runs and the live end of its log.
// The service object comes from the view; releases, runs and the feed are fetched here and
// fetched again when an event says they changed.
class ServiceDetailPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceDetailPane)

public:
    static constexpr int kRecentRuns = 10;

    explicit ServiceDetailPane(DaemonConnection &connection, QWidget *parent = nullptr);
    ~ServiceDetailPane() override;

    // The selected service (its object as GET /api/v1/services answers); empty: none.
    void setService(const QJsonObject &service);
    [[nodiscard]] QString serviceName() const;
    // Everything fetched again (after a reconnection).
    void reload();
    void handleEvent(const QString &type, const QJsonObject &data);

    [[nodiscard]] QJsonArray releases() const { return m_releases; }
    // The service's feed; empty without one.
    [[nodiscard]] QJsonObject feed() const { return m_feed; }
    // The release selected in the Releases tab; empty when none.
    [[nodiscard]] QString selectedRelease() const;

    [[nodiscard]] JsonTableModel *instancesModel() const { return m_instancesModel; }
    [[nodiscard]] JsonTableModel *releasesModel() const { return m_releasesModel; }
    [[nodiscard]] JsonTableModel *runsModel() const { return m_runsModel; }
    [[nodiscard]] DataTable *releasesTable() const { return m_releasesTable; }
    [[nodiscard]] DataTable *runsTable() const { return m_runsTable; }
    [[nodiscard]] LogTail *logTail() const { return m_log; }
    [[nodiscard]] RouteRulesEditor *rulesEditor() const { return m_rules; }
    [[nodiscard]] QTabWidget *tabs() const { return m_tabs; }
    // The tabs by key, in order: instances, releases, feed, runs, log, rules.
    [[nodiscard]] static const QStringList &tabKeys();
    // Shows the tab of `key`; false for an unknown key.
    bool showTab(const QString &key);

Q_SIGNALS:
    void runActivated(qint64 runId);
    // The operator asked for a rollback to this release (Releases tab).
    void rollbackRequested(const QString &version);
    void releasesChanged();
    void feedChanged();

private:
    void loadReleases();
    void loadRuns();
    void loadFeed();
    void setFeed(const QJsonObject &feed);
    void updateHeader();
    void releasesMenu(const QPoint &pos);
    [[nodiscard]] bool canRollBackTo(const QString &version) const;

    DaemonConnection &m_connection;
    QJsonObject m_service;
    QJsonArray m_releases;
    QJsonObject m_feed;
    QLabel *m_title;
    QLabel *m_summary;
    QTabWidget *m_tabs;
    JsonTableModel *m_instancesModel;
    JsonTableModel *m_releasesModel;
    JsonTableModel *m_runsModel;
    DataTable *m_instancesTable;
    DataTable *m_releasesTable;
    DataTable *m_runsTable;
    FeedSummary *m_feedSummary;
    LogTail *m_log;
    RouteRulesEditor *m_rules;
    quint64 m_generation = 0; // answers for a previously selected service are dropped
};

} // namespace cutover
