#include "common/JsonReader.h"
#include "common/SemVer.h"
#include "common/Vocabulary.h"
#include "switchover/VersionManager.h"

#include <QHostAddress>

namespace cutover {

Result<ServiceRegistration> ServiceRegistration::fromJson(const QJsonObject &json)
{
    ServiceRegistration reg;
    JsonReader r(json);
    reg.name = r.requiredString(QStringLiteral("name"));
    reg.address = r.requiredString(QStringLiteral("address"));
    reg.strategy = r.optionalString(QStringLiteral("strategy"), reg.strategy);
    reg.policy = r.optionalString(QStringLiteral("policy"), reg.policy);
    reg.keepReleases = int(r.optionalInt(QStringLiteral("keep_releases"), reg.keepReleases));
    reg.settings = r.optionalObject(QStringLiteral("settings")).value_or(QJsonObject());
    if (auto st = r.finish(); !st)
        return fail(st.error());
    if (auto st = validateHostedServiceName(reg.name); !st)
        return fail(st.error());
    if (auto known = fromText<Strategy>(reg.strategy); !known)
        return fail(known.error());
    if (auto known = fromText<UpgradePolicy>(reg.policy); !known)
        return fail(known.error());
    if (reg.keepReleases < 1 || reg.keepReleases > 100)
        return fail(Error::invalid(QStringLiteral("keep_releases must be between 1 and 100, got %1")
                                       .arg(reg.keepReleases)));
    return reg;
}

Result<std::pair<QHostAddress, quint16>> parseAddress(const QString &text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    bool ok = false;
    const uint port = colon > 0 ? text.mid(colon + 1).toUInt(&ok) : 0;
    QString host = colon > 0 ? text.left(colon) : QString();
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    const QHostAddress address(host == QLatin1StringView("localhost") ? QStringLiteral("127.0.0.1")
                                                                      : host);
    if (!ok || port == 0 || port > 65535 || address.isNull())
        return fail(Error::invalid(
            QStringLiteral("address '%1' is not HOST:PORT with a numeric host and a port from 1 "
                           "to 65535 (e.g. 127.0.0.1:7070)")
                .arg(text)));
    return std::pair{address, quint16(port)};
}

} // namespace cutover
