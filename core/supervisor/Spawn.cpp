#include "supervisor/Spawn.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>
#include <vector>

namespace cutover {

namespace {

QString errnoText(int e)
{
    return QString::fromLocal8Bit(std::strerror(e));
}

// Owns the argv/envp storage for posix_spawn.
class CStringArray
{
public:
    explicit CStringArray(const QStringList &items)
    {
        m_storage.reserve(items.size());
        for (const QString &s : items)
            m_storage.push_back(s.toLocal8Bit());
        for (QByteArray &b : m_storage)
            m_pointers.push_back(b.data());
        m_pointers.push_back(nullptr);
    }
    char *const *data() { return m_pointers.data(); }

private:
    std::vector<QByteArray> m_storage;
    std::vector<char *> m_pointers;
};

// posix_spawn_* objects with their destroy calls.
struct SpawnObjects
{
    posix_spawn_file_actions_t actions{};
    posix_spawnattr_t attr{};
    SpawnObjects()
    {
        posix_spawn_file_actions_init(&actions);
        posix_spawnattr_init(&attr);
    }
    ~SpawnObjects()
    {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
    }
    Q_DISABLE_COPY_MOVE(SpawnObjects)
};

} // namespace

Result<qint64> spawnDetached(const SpawnRequest &request)
{
    const QString what = QStringLiteral("starting '%1'").arg(request.program);
    if (request.program.isEmpty())
        return fail(Error::invalid(QStringLiteral("no program to start")));
    if (!request.workingDir.isEmpty() && !QFileInfo(request.workingDir).isDir())
        return fail(
            Error::notFound(
                QStringLiteral("working directory '%1' does not exist").arg(request.workingDir))
                .context(what));

    // The log is opened here rather than in the child so that a bad path is a clear error.
    const QByteArray logPath = request.logPath.isEmpty() ? QByteArrayLiteral("/dev/null")
                                                         : QFile::encodeName(request.logPath);
    if (!request.logPath.isEmpty())
        QDir().mkpath(QFileInfo(request.logPath).absolutePath());
    const int logFd =
        ::open(logPath.constData(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0640);
    if (logFd < 0)
        return fail(Error::io(QStringLiteral("log file '%1': %2")
                                  .arg(QFile::decodeName(logPath), errnoText(errno)))
                        .context(what));

    SpawnObjects so;
    int rc = posix_spawn_file_actions_addopen(&so.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    if (rc == 0)
        rc = posix_spawn_file_actions_adddup2(&so.actions, logFd, STDOUT_FILENO);
    if (rc == 0)
        rc = posix_spawn_file_actions_adddup2(&so.actions, logFd, STDERR_FILENO);
    // The daemon has sockets, database files and other instances' descriptors open; none of
    // them belong to the child, whether or not someone remembered O_CLOEXEC.
    if (rc == 0)
        rc = posix_spawn_file_actions_addclosefrom_np(&so.actions, STDERR_FILENO + 1);
    const QByteArray workingDir = QFile::encodeName(request.workingDir);
    if (rc == 0 && !workingDir.isEmpty())
        rc = posix_spawn_file_actions_addchdir_np(&so.actions, workingDir.constData());

    sigset_t empty;
    sigemptyset(&empty);
    sigset_t all;
    sigfillset(&all);
    if (rc == 0)
        rc = posix_spawnattr_setflags(&so.attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK |
                                                    POSIX_SPAWN_SETSIGDEF);
    if (rc == 0)
        rc = posix_spawnattr_setsigmask(&so.attr, &empty);
    if (rc == 0)
        rc = posix_spawnattr_setsigdefault(&so.attr, &all);
    if (rc != 0) {
        ::close(logFd);
        return fail(Error::internal(QStringLiteral("posix_spawn set-up: %1").arg(errnoText(rc)))
                        .context(what));
    }

    QStringList argv{request.program};
    argv += request.args;
    CStringArray cargv(argv);
    CStringArray cenv(request.environment.toStringList());
    const QByteArray program = QFile::encodeName(request.program);
    pid_t pid = 0;
    // posix_spawnp searches PATH only for names without '/', as execvp does; a relative path
    // with '/' is resolved after the chdir, i.e. against workingDir.
    rc = posix_spawnp(&pid, program.constData(), &so.actions, &so.attr, cargv.data(), cenv.data());
    ::close(logFd);
    if (rc != 0)
        return fail(Error::io(errnoText(rc)).context(what));
    return qint64(pid);
}

} // namespace cutover
