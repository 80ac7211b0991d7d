#pragma once

#include <QWidget>

#include <array>

class QAction;
class QLabel;
class QSortFilterProxyModel;
class QSplitter;

namespace cutover {

class DaemonConnection;
class DataTable;
class FeedsModel;
class JsonTableModel;
class MessageBanner;

// The data servers' feeds: per feed its service, URL, pinned keys, what the last check found
// (304, 200 or an error, told apart by icon and colour), the next check, counters and a running
// download's progress; below, the releases of the selected feed's last verified manifest.
class FeedsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FeedsView)

public:
    enum class Action
    {
        CheckNow,
        Add,
        Remove,
        Refresh,
        Count
    };

    explicit FeedsView(DaemonConnection &connection, QWidget *parent = nullptr);
    ~FeedsView() override;

    [[nodiscard]] QAction *action(Action which) const { return m_actions[size_t(which)]; }
    [[nodiscard]] FeedsModel *model() const { return m_model; }
    [[nodiscard]] JsonTableModel *releasesModel() const { return m_releases; }
    [[nodiscard]] DataTable *table() const { return m_table; }
    [[nodiscard]] MessageBanner *banner() const { return m_banner; }
    // The selected feed's object; empty when none is selected.
    [[nodiscard]] QJsonObject selectedFeed() const;

public Q_SLOTS:
    void reload();
    void selectFeed(qint64 id);

private:
    void createActions();
    void onCurrentChanged();
    void updateActions();
    void showError(const QString &message);
    void checkNow();
    void addFeed();
    void removeFeed();

    DaemonConnection &m_connection;
    FeedsModel *m_model;
    QSortFilterProxyModel *m_proxy;
    JsonTableModel *m_releases;
    MessageBanner *m_banner;
    QSplitter *m_splitter;
    QLabel *m_releasesTitle;
    DataTable *m_table = nullptr;
    DataTable *m_releasesTable = nullptr;
    std::array<QAction *, size_t(Action::Count)> m_actions{};
};

} // namespace cutover
