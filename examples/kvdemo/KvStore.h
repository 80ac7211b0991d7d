#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <expected>

namespace cutover::kvdemo {

// The key-value data and its state file (see docs/kvdemo.md, "State file").
class KvStore final
{
public:
    static constexpr qsizetype MaxKeyBytes = 1024;

    [[nodiscard]] const QByteArray *find(const QByteArray &key) const;
    void put(const QByteArray &key, QByteArray value) { m_data.insert(key, std::move(value)); }
    bool remove(const QByteArray &key) { return m_data.remove(key); }
    [[nodiscard]] qsizetype size() const { return m_data.size(); }

    // Sorted keys starting with `prefix`, at most `limit` of them.
    [[nodiscard]] QList<QByteArray> keysWithPrefix(const QByteArray &prefix, qsizetype limit,
                                                   bool *truncated) const;

    // A missing file is an empty store; a file that cannot be read is an error, because
    // starting empty would silently discard the data.
    std::expected<void, QString> load(const QString &path);

    // Writes through a temporary file, fsync and rename, then fsyncs the directory, so a
    // crash leaves the previous file or the new one, never a mix.
    [[nodiscard]] std::expected<void, QString> save(const QString &path) const;

private:
    [[nodiscard]] QByteArray serialize() const;

    QHash<QByteArray, QByteArray> m_data;
};

} // namespace cutover::kvdemo
