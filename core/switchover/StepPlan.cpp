#include "switchover/StepPlan.h"

namespace cutover {

QStringList StepPlan::forStrategy(QStringView strategy)
{
    if (strategy == u"hot")
        return {
            QStringLiteral("checkpoint"), QStringLiteral("start-new"), QStringLiteral("wait-ready"),
            QStringLiteral("handoff"),    QStringLiteral("switch"),    QStringLiteral("bake"),
            QStringLiteral("drain-old"),  QStringLiteral("stop-old"),  QStringLiteral("prune")};
    if (strategy == u"restart")
        return {QStringLiteral("stop-old"), QStringLiteral("start-new"),
                QStringLiteral("wait-ready"), QStringLiteral("activate"), QStringLiteral("prune")};
    return {};
}

QStringList StepPlan::forStrategy(QStringView strategy, bool preHook, bool postHook)
{
    QStringList steps = forStrategy(strategy);
    if (steps.isEmpty())
        return steps;
    if (postHook) {
        const qsizetype serving = steps.indexOf(strategy == u"hot" ? QStringLiteral("switch")
                                                                   : QStringLiteral("activate"));
        steps.insert(serving + 1, QStringLiteral("post-hook"));
    }
    if (preHook)
        steps.prepend(QStringLiteral("pre-hook"));
    return steps;
}

} // namespace cutover
