#include "KvStore.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace cutover::kvdemo {

namespace {

constexpr QLatin1StringView FormatName("kvdemo-state");
constexpr QLatin1StringView DeltaFormatName("kvdemo-delta");
constexpr int FormatVersion = 1;
// A delta with more changed keys than this (or than the store holds) is written as a snapshot.
constexpr qsizetype MaxDeltaKeys = 1'000'000;

void appendJsonString(QByteArray &out, QByteArrayView utf8)
{
    static const char hex[] = "0123456789abcdef";
    out.append('"');
    for (char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out.append('\\').append(c);
        } else if (u < 0x20) {
            out.append("\\u00").append(hex[u >> 4]).append(hex[u & 0xf]);
        } else {
            out.append(c);
        }
    }
    out.append('"');
}

QString systemError(const QString &what, const QString &path)
{
    return QStringLiteral("%1 %2: %3")
        .arg(what, path, QString::fromLocal8Bit(std::strerror(errno)));
}

std::expected<void, QString> fsyncDirectoryOf(const QString &path)
{
    const QByteArray dir = QFile::encodeName(QFileInfo(path).absolutePath());
    const int dirFd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd < 0 || ::fsync(dirFd) != 0) {
        const auto error =
            systemError(QStringLiteral("cannot fsync directory"), QString::fromLocal8Bit(dir));
        if (dirFd >= 0)
            ::close(dirFd);
        return std::unexpected(error);
    }
    ::close(dirFd);
    return {};
}

QByteArray newSnapshotId()
{
    const quint64 a = QRandomGenerator::system()->generate64();
    return QByteArray::number(a, 16).rightJustified(16, '0');
}

// Through a temporary file, fsync and rename, then an fsync of the directory: a crash leaves
// the previous file or the new one, never a mix.
std::expected<void, QString> writeAtomically(const QString &path, const QByteArray &data)
{
    const QString tmp = path + QStringLiteral(".tmp-%1").arg(::getpid());
    const QByteArray tmpName = QFile::encodeName(tmp);
    const int fd = ::open(tmpName.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return std::unexpected(systemError(QStringLiteral("cannot create"), tmp));
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + done, size_t(data.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const auto error = systemError(QStringLiteral("cannot write"), tmp);
            ::close(fd);
            ::unlink(tmpName.constData());
            return std::unexpected(error);
        }
        done += n;
    }
    if (::fsync(fd) != 0) {
        const auto error = systemError(QStringLiteral("cannot fsync"), tmp);
        ::close(fd);
        ::unlink(tmpName.constData());
        return std::unexpected(error);
    }
    ::close(fd);
    if (::rename(tmpName.constData(), QFile::encodeName(path).constData()) != 0) {
        const auto error =
            systemError(QStringLiteral("cannot rename"), tmp + QStringLiteral(" to ") + path);
        ::unlink(tmpName.constData());
        return std::unexpected(error);
    }
    return fsyncDirectoryOf(path);
}

} // namespace

const QByteArray *KvStore::find(const QByteArray &key) const
{
    const auto it = m_data.constFind(key);
    return it == m_data.cend() ? nullptr : &it.value();
}

QList<QByteArray> KvStore::keysWithPrefix(const QByteArray &prefix, qsizetype limit,
                                          bool *truncated) const
{
    QList<QByteArray> keys;
    for (auto it = m_data.cbegin(); it != m_data.cend(); ++it) {
        if (it.key().startsWith(prefix))
            keys.append(it.key());
    }
    std::sort(keys.begin(), keys.end());
    *truncated = keys.size() > limit;
    if (*truncated)
        keys.resize(limit);
    return keys;
}

std::expected<void, QString> KvStore::load(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(QStringLiteral("state file %1: %2").arg(path, file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    const auto bad = [&path](const QString &why) {
        return std::unexpected(QStringLiteral("state file %1: %2").arg(path, why));
    };
    if (doc.isNull())
        return bad(QStringLiteral("not valid JSON at offset %1 (%2)")
                       .arg(parseError.offset)
                       .arg(parseError.errorString()));
    const QJsonObject root = doc.object();
    if (root.value(u"format").toString() != FormatName)
        return bad(QStringLiteral("\"format\" is not \"kvdemo-state\""));
    if (root.value(u"format_version").toInt(-1) != FormatVersion)
        return bad(QStringLiteral("\"format_version\" %1 is not supported (this build reads %2)")
                       .arg(root.value(u"format_version").toVariant().toString())
                       .arg(FormatVersion));
    if (!root.value(u"entries").isArray())
        return bad(QStringLiteral("\"entries\" is missing or not an array"));
    const QJsonArray entries = root.value(u"entries").toArray();
    QHash<QByteArray, QByteArray> data;
    data.reserve(entries.size());
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonArray pair = entries.at(i).toArray();
        if (pair.size() != 2 || !pair.at(0).isString() || !pair.at(1).isString())
            return bad(QStringLiteral("entries[%1] is not a [key, base64 value] pair").arg(i));
        auto value = QByteArray::fromBase64Encoding(pair.at(1).toString().toLatin1(),
                                                    QByteArray::AbortOnBase64DecodingErrors);
        if (!value)
            return bad(QStringLiteral("entries[%1] (key \"%2\"): value is not valid base64")
                           .arg(i)
                           .arg(pair.at(0).toString()));
        data.insert(pair.at(0).toString().toUtf8(), std::move(value.decoded));
    }
    const qint64 count = root.value(u"count").toInteger(-1);
    if (count != data.size())
        return bad(QStringLiteral("\"count\" says %1 entries but %2 distinct keys were read; the "
                                  "file is truncated or was edited")
                       .arg(count)
                       .arg(data.size()));
    m_data = std::move(data);
    m_snapshotId = root.value(u"snapshot_id").toString().toLatin1();
    m_dirty.clear();
    m_dirtyOverflow = false;
    if (m_snapshotId.isEmpty())
        return {}; // written before snapshots had ids: no delta can refer to it
    bool applied = false;
    return applyDelta(deltaPath(path), m_snapshotId, &applied);
}

QString KvStore::deltaPath(const QString &snapshotPath)
{
    QString p = snapshotPath;
    if (p.endsWith(QLatin1StringView(".json")))
        p.chop(5);
    return p + QStringLiteral(".delta");
}

void KvStore::touch(const QByteArray &key)
{
    if (m_dirtyOverflow)
        return;
    m_dirty.insert(key);
    if (m_dirty.size() > MaxDeltaKeys) {
        m_dirty.clear();
        m_dirtyOverflow = true;
    }
}

std::expected<void, QString> KvStore::applyDelta(const QString &path, const QByteArray &base,
                                                 bool *applied)
{
    *applied = false;
    QFile file(path);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(QStringLiteral("delta file %1: %2").arg(path, file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    const auto bad = [&path](const QString &why) {
        return std::unexpected(QStringLiteral("delta file %1: %2").arg(path, why));
    };
    if (doc.isNull())
        return bad(QStringLiteral("not valid JSON at offset %1 (%2)")
                       .arg(parseError.offset)
                       .arg(parseError.errorString()));
    const QJsonObject root = doc.object();
    if (root.value(u"format").toString() != DeltaFormatName ||
        root.value(u"format_version").toInt(-1) != FormatVersion)
        return bad(QStringLiteral("not a kvdemo-delta version %1 file").arg(FormatVersion));
    if (root.value(u"base").toString().toLatin1() != base)
        return {}; // stale: refers to an older snapshot, which the current one supersedes
    const QJsonArray puts = root.value(u"puts").toArray();
    const QJsonArray deletes = root.value(u"deletes").toArray();
    QList<std::pair<QByteArray, QByteArray>> decoded;
    decoded.reserve(puts.size());
    for (qsizetype i = 0; i < puts.size(); ++i) {
        const QJsonArray pair = puts.at(i).toArray();
        if (pair.size() != 2 || !pair.at(0).isString() || !pair.at(1).isString())
            return bad(QStringLiteral("puts[%1] is not a [key, base64 value] pair").arg(i));
        auto value = QByteArray::fromBase64Encoding(pair.at(1).toString().toLatin1(),
                                                    QByteArray::AbortOnBase64DecodingErrors);
        if (!value)
            return bad(QStringLiteral("puts[%1]: value is not valid base64").arg(i));
        decoded.append({pair.at(0).toString().toUtf8(), std::move(value.decoded)});
    }
    // Checked whole before anything is applied: a bad file changes nothing.
    for (qsizetype i = 0; i < deletes.size(); ++i) {
        if (!deletes.at(i).isString())
            return bad(QStringLiteral("deletes[%1] is not a key").arg(i));
    }
    for (auto &[key, value] : decoded)
        put(key, std::move(value));
    for (const QJsonValue &key : deletes)
        remove(key.toString().toUtf8());
    *applied = true;
    return {};
}

QByteArray KvStore::serializeDelta() const
{
    QByteArray out;
    out.append("{\"format\":\"kvdemo-delta\",\"format_version\":1,\"base\":\"");
    out.append(m_snapshotId).append("\",\"puts\":[");
    QList<QByteArray> deleted;
    bool first = true;
    for (const QByteArray &key : m_dirty) {
        const auto it = m_data.constFind(key);
        if (it == m_data.cend()) {
            deleted.append(key);
            continue;
        }
        out.append(first ? "\n[" : ",\n[");
        first = false;
        appendJsonString(out, key);
        out.append(",\"").append(it.value().toBase64()).append("\"]");
    }
    out.append("\n],\"deletes\":[");
    first = true;
    for (const QByteArray &key : deleted) {
        out.append(first ? "\n" : ",\n");
        first = false;
        appendJsonString(out, key);
    }
    out.append("\n]}\n");
    return out;
}

std::expected<void, QString> KvStore::saveFinal(const QString &path, QString *what)
{
    if (m_snapshotId.isEmpty() || m_dirtyOverflow || !QFile::exists(path) ||
        m_dirty.size() > std::max<qsizetype>(m_data.size(), 1024)) {
        *what = QStringLiteral("snapshot of %1 keys").arg(m_data.size());
        return save(path);
    }
    *what = QStringLiteral("delta of %1 changed keys").arg(m_dirty.size());
    return writeAtomically(deltaPath(path), serializeDelta());
}

std::expected<void, QString> KvStore::takeOver(const QString &path, const QString &ownPath,
                                               QString *what)
{
    bool applied = false;
    if (!m_snapshotId.isEmpty()) {
        const qsizetype before = m_dirty.size();
        if (auto st = applyDelta(deltaPath(path), m_snapshotId, &applied); !st)
            return st;
        if (applied) {
            *what = QStringLiteral("applied a delta of %1 keys").arg(m_dirty.size() - before);
            // Our own directory starts as a copy of the same snapshot: the delta beside it
            // makes it the handed-over state, durably.
            QFile delta(deltaPath(path));
            if (!delta.open(QIODevice::ReadOnly))
                return std::unexpected(
                    QStringLiteral("delta file %1: %2").arg(delta.fileName(), delta.errorString()));
            if (QFile::exists(ownPath))
                return writeAtomically(deltaPath(ownPath), delta.readAll());
            return save(ownPath);
        }
    }
    if (auto st = load(path); !st)
        return st;
    *what = QStringLiteral("loaded a snapshot of %1 keys").arg(m_data.size());
    return save(ownPath);
}

QByteArray KvStore::serialize() const
{
    QByteArray out;
    out.reserve(64 + m_data.size() * 48);
    out.append(
        "{\"format\":\"kvdemo-state\",\"format_version\":1,\"written_by\":\"kvdemo " KVDEMO_VERSION
        "\",\"snapshot_id\":\"");
    out.append(m_snapshotId).append("\",\"count\":");
    out.append(QByteArray::number(m_data.size())).append(",\"entries\":[");
    bool first = true;
    for (auto it = m_data.cbegin(); it != m_data.cend(); ++it) {
        out.append(first ? "\n[" : ",\n[");
        first = false;
        appendJsonString(out, it.key());
        out.append(",\"").append(it.value().toBase64()).append("\"]");
    }
    out.append("\n]}\n");
    return out;
}

std::expected<void, QString> KvStore::save(const QString &path)
{
    const QByteArray previousId = m_snapshotId;
    m_snapshotId = newSnapshotId();
    if (auto st = writeAtomically(path, serialize()); !st) {
        m_snapshotId = previousId;
        return st;
    }
    m_dirty.clear();
    m_dirtyOverflow = false;
    // The delta refers to the snapshot just replaced; the new one holds its changes.
    const QString delta = deltaPath(path);
    if (QFile::exists(delta) && !QFile::remove(delta))
        return std::unexpected(QStringLiteral("cannot remove the stale delta %1").arg(delta));
    return {};
}

} // namespace cutover::kvdemo
