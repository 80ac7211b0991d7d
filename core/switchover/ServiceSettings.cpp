#include "common/JsonReader.h"
#include "switchover/EngineContext.h"

namespace cutover {

Result<ServiceSettings> ServiceSettings::fromJson(const QJsonObject &json)
{
    ServiceSettings s;
    JsonReader r(json, QStringLiteral("settings"));
    s.bridge = r.optionalBool(QStringLiteral("bridge"), s.bridge);
    s.drainTimeoutMs = int(r.optionalInt(QStringLiteral("drain_timeout_ms"), s.drainTimeoutMs));
    s.bakeMs = int(r.optionalInt(QStringLiteral("bake_ms"), s.bakeMs));
    s.checkpointTimeoutMs =
        int(r.optionalInt(QStringLiteral("checkpoint_timeout_ms"), s.checkpointTimeoutMs));
    s.readinessTimeoutMs =
        int(r.optionalInt(QStringLiteral("readiness_timeout_ms"), s.readinessTimeoutMs));
    s.restartOnExit = r.optionalBool(QStringLiteral("restart_on_exit"), s.restartOnExit);
    s.restartInitialDelayMs =
        int(r.optionalInt(QStringLiteral("restart_initial_delay_ms"), s.restartInitialDelayMs));
    s.restartMaxDelayMs =
        int(r.optionalInt(QStringLiteral("restart_max_delay_ms"), s.restartMaxDelayMs));
    s.restartStartLimit =
        int(r.optionalInt(QStringLiteral("restart_start_limit"), s.restartStartLimit));
    s.restartStartLimitIntervalMs = int(r.optionalInt(
        QStringLiteral("restart_start_limit_interval_ms"), s.restartStartLimitIntervalMs));
    s.criticalOutsideWindow =
        r.optionalBool(QStringLiteral("critical_outside_window"), s.criticalOutsideWindow);
    if (auto st = r.finish(); !st)
        return fail(st.error());
    for (const auto &[value, name] :
         {std::pair{s.drainTimeoutMs, "drain_timeout_ms"}, std::pair{s.bakeMs, "bake_ms"},
          std::pair{s.checkpointTimeoutMs, "checkpoint_timeout_ms"},
          std::pair{s.readinessTimeoutMs, "readiness_timeout_ms"},
          std::pair{s.restartInitialDelayMs, "restart_initial_delay_ms"},
          std::pair{s.restartMaxDelayMs, "restart_max_delay_ms"},
          std::pair{s.restartStartLimit, "restart_start_limit"},
          std::pair{s.restartStartLimitIntervalMs, "restart_start_limit_interval_ms"}}) {
        if (value < 0)
            return fail(Error::invalid(
                QStringLiteral("settings.%1 must not be negative").arg(QLatin1StringView(name))));
    }
    return s;
}

QJsonObject ServiceSettings::toJson() const
{
    return QJsonObject{
        {QStringLiteral("bridge"), bridge},
        {QStringLiteral("drain_timeout_ms"), drainTimeoutMs},
        {QStringLiteral("bake_ms"), bakeMs},
        {QStringLiteral("checkpoint_timeout_ms"), checkpointTimeoutMs},
        {QStringLiteral("readiness_timeout_ms"), readinessTimeoutMs},
        {QStringLiteral("restart_on_exit"), restartOnExit},
        {QStringLiteral("restart_initial_delay_ms"), restartInitialDelayMs},
        {QStringLiteral("restart_max_delay_ms"), restartMaxDelayMs},
        {QStringLiteral("restart_start_limit"), restartStartLimit},
        {QStringLiteral("restart_start_limit_interval_ms"), restartStartLimitIntervalMs},
        {QStringLiteral("critical_outside_window"), criticalOutsideWindow},
    };
}

} // namespace cutover
