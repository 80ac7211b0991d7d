#pragma once

#include <QByteArray>
#include <QComboBox>

namespace cutover {

// A combo of every IANA time zone id the system knows (QTimeZone::availableTimeZoneIds()),
// searchable by typing any part of the id ("tokyo" finds Asia/Tokyo). With `offerLocal` the
// first entry is the system's own zone, shown as such.
class TimeZoneCombo final : public QComboBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimeZoneCombo)

public:
    explicit TimeZoneCombo(bool offerLocal, QWidget *parent = nullptr);
    ~TimeZoneCombo() override;

    // The selected IANA id; the system zone's id for the local entry.
    [[nodiscard]] QByteArray zoneId() const;
    // False (and nothing changes) for an id the system does not know.
    bool setZoneId(const QByteArray &id);

Q_SIGNALS:
    void zoneChanged(const QByteArray &id);

protected:
    void focusOutEvent(QFocusEvent *event) override;
};

} // namespace cutover
