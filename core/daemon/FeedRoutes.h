#pragma once

#include <QString>

#include <functional>

namespace cutover {

class FeedManager;
class Router;

// /api/v1/feeds: attach a data server's feed to a service, see its state, check it now, and
// the push endpoint a data server calls, which is authenticated by the feed's HMAC secret
// instead of the API token (the data server does not have the token).
struct FeedRoutes
{
    FeedManager &feeds;
    // Exempts one exact path from the bearer token.
    std::function<void(const QString &path)> allowWithoutToken;

    static QString notifyPath(qint64 id);
    void install(Router &router) const;
};

} // namespace cutover
