#include "packages/PathInstall.h"

#include "packages/TreeOps.h"

#include <QFileInfo>

#include <chrono>

namespace cutover {

namespace {
constexpr auto kProgressInterval = std::chrono::milliseconds(100);
} // namespace

PathInstall::PathInstall(ReleaseStore store, QString service, QString version, QString path,
                         QObject *parent)
    : QObject(parent)
    , m_store(std::move(store))
    , m_service(std::move(service))
    , m_version(std::move(version))
    , m_path(std::move(path))
{
    const QFileInfo source(m_path);
    m_directory = source.isDir();
    m_total = m_directory ? treeops::treeBytes(m_path) : source.size();
}

PathInstall::~PathInstall()
{
    if (m_worker.joinable())
        m_worker.join();
}

void PathInstall::start()
{
    Q_ASSERT(!m_worker.joinable());
    m_worker = std::thread([this] {
        Result<InstalledRelease> result = run();
        QMetaObject::invokeMethod(
            this,
            [this, result] {
                if (m_worker.joinable())
                    m_worker.join();
                emit finished(result);
            },
            Qt::QueuedConnection);
    });
}

Result<InstalledRelease> PathInstall::run()
{
    if (m_directory) {
        auto installed = m_store.installFromDirectory(m_service, m_version, m_path);
        if (installed)
            QMetaObject::invokeMethod(
                this, [this] { emit progress(m_total, m_total); }, Qt::QueuedConnection);
        return installed;
    }
    // Called for every block the extraction writes: only some become events.
    auto last = std::chrono::steady_clock::time_point{};
    const ArchiveExtractor::Progress relay = [this, &last](qint64 done, qint64 total) {
        const auto now = std::chrono::steady_clock::now();
        if (done != total && now - last < kProgressInterval)
            return;
        last = now;
        QMetaObject::invokeMethod(
            this, [this, done, total] { emit progress(done, total); }, Qt::QueuedConnection);
    };
    return m_store.installFromArchive(m_service, m_version, m_path, relay);
}

} // namespace cutover
