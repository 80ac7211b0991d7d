#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cutover::bench {

// The data servers of tests/bench/feeds: one HTTP/1.1 keep-alive listener per loopback address,
// all served by one epoll loop in a process of its own, so that none of its CPU time is counted
// as the pollers'. GET /feed/<n>/manifest.json answers 304 when If-None-Match carries
// etagFor(n), and 200 with a tiny body otherwise; anything else is a 404.
struct NotModifiedServerStats
{
    std::uint64_t connections = 0;
    std::uint64_t maxOpen = 0; // connections open at the same time, at most
    std::uint64_t requests = 0;
    std::uint64_t notModified = 0;
    double cpuSeconds = 0;
};

class NotModifiedServer final
{
public:
    static std::string etagFor(int feed) { return "\"feed-" + std::to_string(feed) + "-v1\""; }

    // Listens on every address at `port`; returns an error text, or an empty string.
    std::string listen(const std::vector<std::string> &addresses, int port);
    // Serves until `stopFd` becomes readable or hangs up.
    NotModifiedServerStats run(int stopFd);

private:
    struct Connection
    {
        std::string in;
        std::string out;
        bool closeAfterWrite = false;
        bool writeArmed = false; // EPOLLOUT is being waited for
    };
    void accept(int listener);
    bool onReadable(int fd, Connection &c);
    bool flush(int fd, Connection &c);
    void answer(Connection &c, const std::string &head);
    void drop(int fd);

    int m_epoll = -1;
    std::vector<int> m_listeners;
    std::vector<std::unique_ptr<Connection>> m_connections; // indexed by fd
    NotModifiedServerStats m_stats;
    std::uint64_t m_open = 0;
};

} // namespace cutover::bench
