#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace cutover {

// A strip above a view's content that shows the last error (or notice) until the operator
// closes it or the next one replaces it, so that refusals from cutoverd are never lost in a
// log and never block the window like a modal box would.
class MessageBanner final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageBanner)

public:
    enum class Kind
    {
        Error,
        Notice
    };

    explicit MessageBanner(QWidget *parent = nullptr);
    ~MessageBanner() override;

    void showMessage(const QString &text, Kind kind = Kind::Error);
    [[nodiscard]] QString text() const;
    [[nodiscard]] Kind kind() const { return m_kind; }

private:
    QLabel *m_icon;
    QLabel *m_text;
    QToolButton *m_close;
    Kind m_kind = Kind::Error;
};

} // namespace cutover
