#pragma once

#include <QByteArray>

#include <cstdio>
#include <cstdlib>

// A property the input broke: print it and abort, which libFuzzer reports as a crash and saves
// the input for. (Qt's Q_ASSERT is compiled out of RelWithDebInfo builds.)
#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #condition, __FILE__,          \
                         __LINE__);                                                                \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)

namespace cutover::fuzz {

// The input without a copy; valid for the call only.
inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
}

} // namespace cutover::fuzz
