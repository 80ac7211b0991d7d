#pragma once

#include <QMetaObject>
#include <QObject>

#include <thread>

namespace cutover {

// Starts `work` on `worker` (which must not run) for `owner`, an install that does its work
// off its thread: the result goes back to `owner`'s thread, where `worker` is joined before
// `done(result)` runs. Never calls `done` synchronously.
template <typename Work, typename Done>
void startWorker(QObject *owner, std::thread &worker, Work work, Done done)
{
    Q_ASSERT(!worker.joinable());
    worker = std::thread([owner, &worker, work = std::move(work), done = std::move(done)] {
        auto result = work();
        QMetaObject::invokeMethod(
            owner,
            [&worker, done, result] {
                if (worker.joinable())
                    worker.join();
                done(result);
            },
            Qt::QueuedConnection);
    });
}

} // namespace cutover
