#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

class QCommandLineParser;

namespace cutover::ctl {

// Parses `args` of the sub-command `command` ("cutoverctl <command> ..."), a word with one dash
// taken as a long option. When `positionals` >= 0 exactly that many arguments are expected,
// named by `expected` in the message ("SERVICE"; empty: their count). On an error prints it to
// `err` (with the help when the arguments are wrong) and returns false.
bool parseArgs(QCommandLineParser &parser, const QString &command, const QStringList &args,
               QTextStream &err, int positionals, const QString &expected = {});

} // namespace cutover::ctl
