#pragma once

#include <QByteArray>
#include <QtGlobal>

namespace cutover::test {

// Sets an environment variable for the cutoverd a test starts, and removes it afterwards.
class ScopedEnv final
{
    Q_DISABLE_COPY_MOVE(ScopedEnv)

public:
    ScopedEnv(const char *name, const QByteArray &value)
        : m_name(name)
    {
        qputenv(name, value);
    }
    ~ScopedEnv() { qunsetenv(m_name); }

private:
    const char *m_name;
};

} // namespace cutover::test
