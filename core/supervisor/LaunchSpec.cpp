#include "supervisor/LaunchSpec.h"

#include "supervisor/ArgumentTemplate.h"

namespace cutover {

QString LaunchSpec::label() const
{
    return version.isEmpty() ? service : service + u' ' + version;
}

QString LaunchSpec::listenAddress() const
{
    const QString host = listenHost.contains(u':') ? u'[' + listenHost + u']' : listenHost;
    return host + u':' + QString::number(port);
}

TemplateVars LaunchSpec::templateVars() const
{
    return TemplateVars{.host = listenHost,
                        .port = port,
                        .stateDir = stateDir,
                        .service = service,
                        .version = version};
}

QProcessEnvironment LaunchSpec::environment() const
{
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("CUTOVER_LISTEN"), listenAddress());
    e.insert(QStringLiteral("CUTOVER_STATE_DIR"), stateDir);
    e.insert(QStringLiteral("CUTOVER_SERVICE"), service);
    e.insert(QStringLiteral("CUTOVER_VERSION"), version);
    if (handoffFrom.isEmpty())
        e.remove(QStringLiteral("CUTOVER_HANDOFF_FROM"));
    else
        e.insert(QStringLiteral("CUTOVER_HANDOFF_FROM"), handoffFrom);
    if (notifySocketPath.isEmpty())
        e.remove(QStringLiteral("NOTIFY_SOCKET"));
    else
        e.insert(QStringLiteral("NOTIFY_SOCKET"), notifySocketPath);
    for (auto it = env.cbegin(); it != env.cend(); ++it)
        e.insert(it.key(), it.value());
    return e;
}

} // namespace cutover
