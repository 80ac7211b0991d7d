#pragma once

#include <QHash>
#include <QJsonObject>
#include <QWidget>

#include <array>

class QAction;
class QLabel;
class QSortFilterProxyModel;
class QSplitter;

namespace cutover {

class DaemonConnection;
class DataTable;
class JsonTableModel;
class MaintenanceModel;
class MessageBanner;

// The maintenance requests (issue 19 item 4): create one (targets, order, version or package,
// state sync, window, routing), follow it live — its state and progress, each target's step
// and run, and where each target's requests go right now with both generations' request
// figures — cancel it while it is scheduled, and open a step's run (its steps, chart and
// report) in the switchover view.
class MaintenanceView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MaintenanceView)

public:
    enum class Action
    {
        New,
        Cancel,
        OpenRun,
        Refresh,
        Count
    };

    explicit MaintenanceView(DaemonConnection &connection, QWidget *parent = nullptr);
    ~MaintenanceView() override;

    [[nodiscard]] QAction *action(Action which) const { return m_actions[size_t(which)]; }
    [[nodiscard]] MaintenanceModel *model() const { return m_model; }
    [[nodiscard]] JsonTableModel *stepsModel() const { return m_steps; }
    [[nodiscard]] JsonTableModel *routesModel() const { return m_routes; }
    [[nodiscard]] DataTable *table() const { return m_table; }
    [[nodiscard]] DataTable *stepsTable() const { return m_stepsTable; }
    [[nodiscard]] MessageBanner *banner() const { return m_banner; }
    [[nodiscard]] QLabel *summaryLabel() const { return m_summary; }
    // The selected request; empty when none is selected.
    [[nodiscard]] QJsonObject selectedRequest() const;

    // One row of the routes table for a service object (and its latest bridge figures): where
    // its requests go now and why, whether a request holds them, and per generation the
    // version and the requests (http mode) or connections (tcp mode) it has taken.
    [[nodiscard]] static QJsonObject routeRow(const QJsonObject &service);

public Q_SLOTS:
    void reload();
    void selectRequest(qint64 id);

Q_SIGNALS:
    // The operator asked to see a run (a step's): the main window shows it in the switchover view.
    void runActivated(qint64 runId);

private:
    void createActions();
    void onEvent(const QString &type, const QJsonObject &data);
    void onCurrentChanged();
    void loadTargets();
    void showRoutes();
    void updateActions();
    void showError(const QString &message);
    void newRequest();
    void cancelRequest();
    void openRun();
    [[nodiscard]] qint64 selectedRunId() const;

    DaemonConnection &m_connection;
    MaintenanceModel *m_model;
    QSortFilterProxyModel *m_proxy;
    JsonTableModel *m_steps;
    JsonTableModel *m_routes;
    MessageBanner *m_banner;
    QSplitter *m_splitter;
    QLabel *m_summary;
    DataTable *m_table = nullptr;
    DataTable *m_stepsTable = nullptr;
    DataTable *m_routesTable = nullptr;
    // The selected request's targets, by name, as the API and the events last showed them.
    QHash<QString, QJsonObject> m_services;
    std::array<QAction *, size_t(Action::Count)> m_actions{};
};

} // namespace cutover
