#pragma once

#include <QDialog>
#include <QJsonArray>
#include <QJsonObject>

class QComboBox;
class QLabel;

namespace cutover {

// Upgrade now… and Roll back…: the operator picks an installed release (newer than the active
// one for an upgrade, older for a rollback, newest first) and the strategy (hot only behind
// the bridge).
class SwitchDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SwitchDialog)

public:
    enum class Direction
    {
        Upgrade,
        Rollback
    };

    // `service` is the service object, `releases` the answer of GET .../releases.
    SwitchDialog(Direction direction, const QJsonObject &service, const QJsonArray &releases,
                 QWidget *parent = nullptr);
    ~SwitchDialog() override;

    // Installed versions the operator may pick, newest first.
    [[nodiscard]] static QStringList candidates(Direction direction, const QString &active,
                                                const QJsonArray &releases);

    void setVersion(const QString &version);
    [[nodiscard]] QString version() const;
    [[nodiscard]] QString strategy() const;
    // Rollback: "newest" (the serving release's state goes back with the code) or "snapshot"
    // (the state the target release left when traffic moved away from it).
    [[nodiscard]] QString stateSource() const;
    [[nodiscard]] QComboBox *versionBox() const { return m_version; }
    [[nodiscard]] QComboBox *strategyBox() const { return m_strategy; }
    [[nodiscard]] QComboBox *stateBox() const { return m_state; }

private:
    QComboBox *m_version;
    QComboBox *m_strategy;
    QComboBox *m_state = nullptr; // rollback only
};

} // namespace cutover
