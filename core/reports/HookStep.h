#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace cutover {

struct RunStepRecord;

// A pre- or post-upgrade hook as the journal holds it: a step named `pre-hook` or `post-hook`
// whose detail is the hook's outcome as the switchover wrote it (docs/maintenance-windows.md,
// "Hooks"): "exit code 0; output: ...", "the pre-upgrade hook asked to skip (exit code 75;
// output: ...)", "the post-upgrade hook ended with timed out after 500 ms (killed)", ...
struct HookStep
{
    QString phase;  // pre, post
    QString result; // exited, timed_out, crashed, failed_to_start; empty: the detail does not say
    std::optional<int> exitCode;
    QString summary; // how it ended, without the output: "exit code 3"; the detail if unknown
    QString output;  // the end of the hook's output, as journalled

    // "pre" for a `pre-hook` step, "post" for `post-hook`, nothing for other steps.
    [[nodiscard]] static std::optional<QString> phaseOf(const QString &stepName);
    [[nodiscard]] static HookStep parse(const QString &phase, const QString &detail);

    // The report's `hooks[]` entry (docs/report-schema.json) of a hook step.
    [[nodiscard]] static QJsonObject toReport(const RunStepRecord &step);
};

} // namespace cutover
