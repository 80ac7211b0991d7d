#pragma once

#include <QJsonArray>
#include <QWidget>

class QPushButton;
class QTableView;

namespace cutover {

class DaemonConnection;
class MessageLabel;
class RouteRulesModel;

// The Rules tab of a service: its route rules (http mode) in a table to edit in place, with
// add, remove, move up and down, and Save, which sends the whole list with PUT
// /api/v1/services/{name}/rules; Revert goes back to what cutoverd has. While there are
// unsaved edits, a change cutoverd announces does not overwrite them.
class RouteRulesEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RouteRulesEditor)

public:
    explicit RouteRulesEditor(DaemonConnection &connection, QWidget *parent = nullptr);
    ~RouteRulesEditor() override;

    // The service (name, route_rules, route_rules_effective and settings.protocol from its
    // object).
    void setService(const QString &name, const QJsonArray &rules, bool httpMode,
                    const QJsonArray &effective = {});
    [[nodiscard]] RouteRulesModel *model() const { return m_model; }
    [[nodiscard]] QTableView *table() const { return m_table; }
    [[nodiscard]] QString message() const;

    // Sends the rules; false when nothing is to be sent or a request is on its way.
    bool save();
    void revert();
    void addRule();
    void removeSelected();
    void moveSelected(int delta);

Q_SIGNALS:
    // cutoverd stored them (its answer's rules).
    void saved(const QJsonArray &rules);

private:
    void updateButtons();
    [[nodiscard]] int selectedRow() const;

    DaemonConnection &m_connection;
    QString m_service;
    QJsonArray m_stored;
    bool m_httpMode = false;
    bool m_busy = false;
    RouteRulesModel *m_model;
    QTableView *m_table;
    MessageLabel *m_message;
    QPushButton *m_add;
    QPushButton *m_remove;
    QPushButton *m_up;
    QPushButton *m_down;
    QPushButton *m_revert;
    QPushButton *m_save;
};

} // namespace cutover
