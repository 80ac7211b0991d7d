#pragma once

#include <QStringList>
#include <QTextStream>

namespace cutover {
class ApiClient;
}

namespace cutover::ctl {

// `cutoverctl watch`: follows cutoverd's event stream and prints runs and their steps as they
// happen, with the bridge figures as one self-rewriting line on a terminal.
class WatchCommand final
{
public:
    WatchCommand(ApiClient &client, bool json, QTextStream &out, QTextStream &err);
    int run(const QStringList &args);

private:
    ApiClient &m_client;
    bool m_json;
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace cutover::ctl
