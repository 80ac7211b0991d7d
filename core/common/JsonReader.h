#pragma once

#include "common/Error.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QStringList>

#include <optional>

namespace cutover {

// Reads a JSON object strictly: type errors and unknown fields become one Error that names the
// field ("readiness.timeout_ms must be a number"). Callers read every field they know, then ask
// finish(), which refuses the fields nobody read.
class JsonReader final
{
public:
    explicit JsonReader(QJsonObject object, QString path = {});

    static Result<QJsonObject> parseObject(const QByteArray &bytes, const QString &what);

    QString requiredString(const QString &key);
    QString optionalString(const QString &key, const QString &fallback = {});
    qint64 optionalInt(const QString &key, qint64 fallback);
    qint64 requiredInt(const QString &key);
    bool optionalBool(const QString &key, bool fallback);
    // nullopt when absent or null.
    std::optional<double> optionalDouble(const QString &key);
    QStringList optionalStringList(const QString &key);
    std::optional<QJsonObject> optionalObject(const QString &key);
    std::optional<QJsonArray> optionalArray(const QString &key);
    bool has(const QString &key) const { return m_object.contains(key); }

    // The first problem met, or an unknown field.
    [[nodiscard]] Status finish();
    [[nodiscard]] bool ok() const { return !m_error.has_value(); }
    [[nodiscard]] QString fieldPath(const QString &key) const;

private:
    void setError(const QString &message);
    QJsonValue take(const QString &key);

    QJsonObject m_object;
    QString m_path;
    QSet<QString> m_read;
    std::optional<Error> m_error;
};

} // namespace cutover
