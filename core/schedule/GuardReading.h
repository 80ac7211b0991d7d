#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace cutover {

// One guard's answer before an unattended run (docs/maintenance-windows.md, "Guards"): what it
// read, against which threshold, and whether the run may go on.
struct GuardReading
{
    enum class Verdict
    {
        Pass,
        Defer,  // try again later (next check)
        Cancel, // do not run this release until the operator says so
    };

    QString service;
    QString guard; // load1, load5, disk, feed, health, command
    Verdict verdict = Verdict::Pass;
    QString reading;   // "0.42", "812 MiB free"
    QString threshold; // "<= 2.00", "none"
    QString message;   // a sentence
    QDateTime checkedAt;

    // {"service", "guard", "verdict", "reading", "threshold", "message", "checked_at"}
    [[nodiscard]] QJsonObject toJson() const;
    static QString verdictName(Verdict verdict);
    // The strongest verdict of several: cancel over defer over pass.
    static Verdict combine(Verdict a, Verdict b);
};

} // namespace cutover
