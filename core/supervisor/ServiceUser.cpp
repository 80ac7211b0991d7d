#include "supervisor/ServiceUser.h"

#include <QByteArray>

#include <cerrno>
#include <cstring>
#include <pwd.h>
#include <vector>

namespace cutover {

Result<ServiceUser> ServiceUser::lookup(const QString &name)
{
    const QByteArray encoded = name.toLocal8Bit();
    passwd entry{};
    passwd *found = nullptr;
    std::vector<char> buffer(16384);
    const int rc = ::getpwnam_r(encoded.constData(), &entry, buffer.data(), buffer.size(), &found);
    if (rc != 0)
        return fail(Error::io(QStringLiteral("cannot look up user '%1': %2")
                                  .arg(name, QString::fromLocal8Bit(std::strerror(rc)))));
    if (!found)
        return fail(Error::notFound(QStringLiteral("no user '%1' on this host").arg(name)));
    if (entry.pw_uid == 0 || entry.pw_gid == 0)
        return fail(Error::invalid(
            QStringLiteral("user '%1' has uid %2 and gid %3: instances are not run as root or "
                           "group root through the user setting")
                .arg(name)
                .arg(entry.pw_uid)
                .arg(entry.pw_gid)));
    return ServiceUser{name, entry.pw_uid, entry.pw_gid};
}

} // namespace cutover
