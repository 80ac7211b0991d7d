#include "KvStore.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace cutover::kvdemo {

namespace {

constexpr QLatin1StringView FormatName("kvdemo-state");
constexpr int FormatVersion = 1;

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
    return {};
}

QByteArray KvStore::serialize() const
{
    QByteArray out;
    out.reserve(64 + m_data.size() * 48);
    out.append(
        "{\"format\":\"kvdemo-state\",\"format_version\":1,\"written_by\":\"kvdemo " KVDEMO_VERSION
        "\",\"count\":");
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

std::expected<void, QString> KvStore::save(const QString &path) const
{
    const QByteArray data = serialize();
    const QString tmp = path + QStringLiteral(".tmp-%1").arg(::getpid());
    const QByteArray tmpName = QFile::encodeName(tmp);
    const int fd = ::open(tmpName.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
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

} // namespace cutover::kvdemo
