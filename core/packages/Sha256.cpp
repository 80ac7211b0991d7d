#include "packages/Sha256.h"

#include <QCryptographicHash>
#include <QFile>

namespace cutover {

Result<QString> sha256File(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::io(
            QStringLiteral("cannot read %1 to hash it: %2").arg(path, file.errorString())));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray buffer(256 * 1024, Qt::Uninitialized);
    for (;;) {
        const qint64 n = file.read(buffer.data(), buffer.size());
        if (n < 0)
            return fail(Error::io(
                QStringLiteral("cannot read %1 to hash it: %2").arg(path, file.errorString())));
        if (n == 0)
            break;
        hash.addData(QByteArrayView(buffer.constData(), n));
    }
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace cutover
