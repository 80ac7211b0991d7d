#pragma once

#include <QString>
#include <QStringList>

namespace cutover {

// The tail of an instance's log file. Instances write their logs directly and without
// timestamps, so "around the switch" is the end of the file when the report is made: the
// automatic export runs right after the run, which is what makes the tail the switch.
struct LogExcerpt
{
    QString path;
    QStringList lines;
    bool truncated = false; // the file holds more than `lines`
    bool found = false;     // the file existed and was readable

    // At most `maxLines` lines from the last `maxBytes` of the file; a line cut by the byte
    // limit is dropped rather than shown half.
    static LogExcerpt tail(const QString &path, int maxLines = 40, qint64 maxBytes = 64 * 1024);
};

} // namespace cutover
