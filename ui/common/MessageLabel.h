#pragma once

#include <QLabel>

namespace cutover {

// A sentence under a form or a table saying what went wrong (cutoverd's refusal, a field that
// is not right) or, as a notice, what was done; hidden while there is nothing to say. Errors
// are red, in a shade that reads on the light and the dark theme.
class MessageLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageLabel)

public:
    enum class Kind
    {
        Error,
        Notice
    };

    explicit MessageLabel(QWidget *parent = nullptr);
    ~MessageLabel() override;

    // An empty text hides the label.
    void showMessage(const QString &text, Kind kind = Kind::Error);
    void clearMessage() { showMessage(QString()); }
    // The text shown; empty while hidden.
    [[nodiscard]] QString message() const;
    [[nodiscard]] Kind kind() const { return m_kind; }

    // A form row's widget: `field` (with `trailing` beside it, a Browse button say) and
    // `message` under it, where the problem with the field is said.
    [[nodiscard]] static QWidget *fieldWithMessage(QWidget *field, MessageLabel *message,
                                                   QWidget *trailing = nullptr);

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyColour();

    Kind m_kind = Kind::Error;
    bool m_colouring = false;
};

} // namespace cutover
