#pragma once

#include <QJsonValue>
#include <QStringList>
#include <QTextStream>

#include <functional>

namespace cutover {
class ApiClient;
}

namespace cutover::ctl {

// The sub-commands of cutoverctl that talk to cutoverd. Each takes its own arguments (after
// the sub-command's name) and returns the process exit code.
class Commands final
{
public:
    Commands(ApiClient &client, bool json, QTextStream &out, QTextStream &err);

    int run(const QString &command, const QStringList &args);
    static QStringList names();
    static QString usage();

    // Sends the request; prints the error and returns its exit code on failure.
    int call(const QString &method, const QString &path, const QJsonValue &body,
             QJsonValue *result);
    // call(), then the reply as JSON with --json, otherwise through `print`; the exit code.
    int callAndPrint(const QString &method, const QString &path, const QJsonValue &body,
                     const std::function<void(const QJsonValue &)> &print);
    int printJson(const QJsonValue &value);
    [[nodiscard]] bool json() const { return m_json; }
    // Follows a run's steps until it ends; Ok when it succeeded.
    int waitForRun(qint64 runId);
    QTextStream &out() { return m_out; }
    QTextStream &err() { return m_err; }

private:
    int status(const QStringList &args);
    // The status table's STANDBY cell of one service object.
    static QString standbyText(const QJsonObject &service);
    int registerService(const QStringList &args);
    int remove(const QStringList &args);
    int startStop(const QString &verb, const QStringList &args);
    int install(const QStringList &args);
    int followInstall(QJsonObject job);
    int releases(const QStringList &args);
    int upgrade(const QStringList &args);
    int runs(const QStringList &args);
    int runDetail(const QStringList &args);
    int connections(const QStringList &args);

    void printRun(const QJsonObject &run);

    ApiClient &m_client;
    bool m_json;
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace cutover::ctl
