#include "RuleCommands.h"

#include "Commands.h"
#include "ExitCode.h"
#include "TablePrinter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace cutover::ctl {

namespace {

// A rules file is bounded: 256 rules of at most a few KiB each.
constexpr qint64 kMaxRulesFileBytes = 1024 * 1024;

QString targetText(const QJsonObject &target)
{
    const QString kind = target.value(QStringLiteral("kind")).toString();
    for (const char *field : {"version", "peer", "message"}) {
        const QString value = target.value(QLatin1StringView(field)).toString();
        if (!value.isEmpty())
            return kind + u' ' + value;
    }
    return kind;
}

} // namespace

RuleCommands::RuleCommands(Commands &commands)
    : m_commands(commands)
{}

QString RuleCommands::usage()
{
    return QStringLiteral(
        "  rules SERVICE [--set FILE | --clear]  the route rules of an http-mode service, in\n"
        "                                        order; --set replaces them with FILE's JSON\n"
        "                                        (a list, or {\"rules\": [...]}), --clear\n"
        "                                        removes them\n");
}

int RuleCommands::run(const QStringList &args)
{
    const bool set = args.size() == 3 && args.at(1) == QLatin1StringView("--set");
    const bool clear = args.size() == 2 && args.at(1) == QLatin1StringView("--clear");
    if (args.size() != 1 && !set && !clear) {
        m_commands.err() << "cutoverctl rules: expected SERVICE [--set FILE | --clear]\n";
        return Usage;
    }
    const QString service = args.first();
    const QString path = QStringLiteral("/api/v1/services/%1/rules").arg(service);
    const auto printer = [this, &service](const QJsonValue &reply) { print(service, reply); };
    if (args.size() == 1)
        return m_commands.callAndPrint(QStringLiteral("GET"), path, QJsonValue::Undefined, printer);
    QJsonArray rules;
    if (set) {
        QFile file(args.at(2));
        if (!file.open(QIODevice::ReadOnly)) {
            m_commands.err() << "cutoverctl rules: cannot read " << args.at(2) << ": "
                             << file.errorString() << '\n';
            return Usage;
        }
        if (file.size() > kMaxRulesFileBytes) {
            m_commands.err() << "cutoverctl rules: " << args.at(2) << " is larger than 1 MiB\n";
            return Usage;
        }
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(file.read(kMaxRulesFileBytes), &error);
        if (doc.isArray()) {
            rules = doc.array();
        } else if (doc.isObject() && doc.object().value(QStringLiteral("rules")).isArray()) {
            rules = doc.object().value(QStringLiteral("rules")).toArray();
        } else {
            m_commands.err() << "cutoverctl rules: " << args.at(2)
                             << " must hold a JSON list of rules or {\"rules\": [...]}"
                             << (error.error != QJsonParseError::NoError
                                     ? QStringLiteral(" (%1 at offset %2)")
                                           .arg(error.errorString())
                                           .arg(error.offset)
                                     : QString())
                             << '\n';
            return Usage;
        }
    }
    return m_commands.callAndPrint(QStringLiteral("PUT"), path,
                                   QJsonObject{{QStringLiteral("rules"), rules}}, printer);
}

void RuleCommands::print(const QString &service, const QJsonValue &reply)
{
    const QJsonArray rules = reply.toObject().value(QStringLiteral("rules")).toArray();
    if (rules.isEmpty()) {
        m_commands.out() << service
                         << ": no route rules; every request goes to the active "
                            "release\n";
        return;
    }
    TablePrinter table({QStringLiteral("#"), QStringLiteral("PATH"), QStringLiteral("HOST"),
                        QStringLiteral("METHOD"), QStringLiteral("TARGET")});
    for (qsizetype i = 0; i < rules.size(); ++i) {
        const QJsonObject rule = rules.at(i).toObject();
        const QJsonObject match = rule.value(QStringLiteral("match")).toObject();
        const auto orAny = [&match](const char *field) {
            const QString value = match.value(QLatin1StringView(field)).toString();
            return value.isEmpty() ? QStringLiteral("*") : value;
        };
        table.addRow({QString::number(i + 1), match.value(QStringLiteral("path_prefix")).toString(),
                      orAny("host"), orAny("method"),
                      targetText(rule.value(QStringLiteral("target")).toObject())});
    }
    table.print(m_commands.out());
}

} // namespace cutover::ctl
