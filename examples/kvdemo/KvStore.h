#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <expected>

namespace cutover::kvdemo {

// The key-value data and its state files (see docs/kvdemo.md, "State files"): a snapshot
// (kvdemo-state.json) with a random id, and a delta (kvdemo-state.delta) that names the
// snapshot it applies to. The delta is what makes the lossless handoff's hold short: the old
// instance writes only the keys changed since its checkpoint, the new one applies them on top
// of the copy of that checkpoint it started from.
class KvStore final
{
public:
    static constexpr qsizetype MaxKeyBytes = 1024;

    [[nodiscard]] const QByteArray *find(const QByteArray &key) const;
    void put(const QByteArray &key, QByteArray value)
    {
        touch(key);
        m_data.insert(key, std::move(value));
    }
    bool remove(const QByteArray &key)
    {
        touch(key);
        return m_data.remove(key);
    }
    [[nodiscard]] qsizetype size() const { return m_data.size(); }
    // The id of the snapshot this store was last loaded from or saved to; empty if none.
    [[nodiscard]] QByteArray snapshotId() const { return m_snapshotId; }
    // Keys changed since that snapshot (what the next delta holds).
    [[nodiscard]] qsizetype changedSinceSnapshot() const { return m_dirty.size(); }

    // Sorted keys starting with `prefix`, at most `limit` of them.
    [[nodiscard]] QList<QByteArray> keysWithPrefix(const QByteArray &prefix, qsizetype limit,
                                                   bool *truncated) const;

    // Loads the snapshot at `path` and then the delta beside it when that delta names this
    // snapshot (a delta naming another snapshot is stale: the snapshot was rewritten after it
    // and already holds its changes). A missing snapshot is an empty store; a file that
    // cannot be read is an error, because starting empty would silently discard the data.
    std::expected<void, QString> load(const QString &path);

    // Writes a new snapshot (new id) through a temporary file, fsync and rename, fsyncs the
    // directory, then removes the now stale delta: a crash leaves the previous files or the
    // new ones, never a mix. Forgets the changed keys.
    [[nodiscard]] std::expected<void, QString> save(const QString &path);

    // The final state of a handoff, written beside the snapshot at `path`: a delta of the keys
    // changed since the snapshot, or a whole new snapshot when there is none to refer to or
    // too many keys changed. Says which in `what`.
    [[nodiscard]] std::expected<void, QString> saveFinal(const QString &path, QString *what);

    // Takes over the final state another instance wrote at `path` (its snapshot path): applies
    // its delta when it refers to this store's snapshot, else loads its snapshot whole. The
    // result is made durable in `ownPath` (the delta copied, or a snapshot written), so that
    // this instance restarts from it. Says which in `what`.
    [[nodiscard]] std::expected<void, QString> takeOver(const QString &path, const QString &ownPath,
                                                        QString *what);

    [[nodiscard]] static QString deltaPath(const QString &snapshotPath);

private:
    void touch(const QByteArray &key);
    [[nodiscard]] QByteArray serialize() const;
    [[nodiscard]] QByteArray serializeDelta() const;
    // Reads the delta at `path`; NotFound-like (empty error, false) when it does not exist.
    // Applies it only when its base is `base`; `applied` says whether it did.
    [[nodiscard]] std::expected<void, QString> applyDelta(const QString &path,
                                                          const QByteArray &base, bool *applied);

    QHash<QByteArray, QByteArray> m_data;
    QByteArray m_snapshotId;
    QSet<QByteArray> m_dirty;
    // Past this many changed keys a delta is no cheaper than a snapshot; tracking stops, so
    // that a client touching endless unique keys cannot grow the set without bound.
    bool m_dirtyOverflow = false;
};

} // namespace cutover::kvdemo
