#pragma once

#include <QDialog>
#include <QJsonObject>

class QLineEdit;

namespace cutover {

// Shows a feed's push secret, which cutoverd returns only once, when the feed is added: the
// data server signs its notify requests with it (X-Cutover-Signature). The operator copies it
// now or never sees it again.
class SecretDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretDialog)

public:
    SecretDialog(const QJsonObject &feed, const QString &secret, QWidget *parent = nullptr);
    ~SecretDialog() override;

    [[nodiscard]] QString secret() const;

private:
    QLineEdit *m_secret;
};

} // namespace cutover
