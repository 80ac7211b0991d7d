#pragma once

#include <QJsonObject>
#include <QWidget>

class QLabel;

namespace cutover {

// The feed of one service in the detail pane: where it is polled, which key it trusts, and
// what the last check found.
class FeedSummary final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FeedSummary)

public:
    explicit FeedSummary(QWidget *parent = nullptr);
    ~FeedSummary() override;

    // An empty object: the service has no feed.
    void setFeed(const QJsonObject &feed);
    [[nodiscard]] QString resultText() const;

private:
    QLabel *m_none;
    QWidget *m_fields;
    QLabel *m_url;
    QLabel *m_keys;
    QLabel *m_channel;
    QLabel *m_resultIcon;
    QLabel *m_result;
    QLabel *m_lastCheck;
    QLabel *m_nextCheck;
    QLabel *m_counters;
};

} // namespace cutover
