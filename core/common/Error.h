#pragma once

#include <QString>

#include <expected>

namespace cutover {

// What went wrong, as a value. `code` is stable and machine-readable (it becomes the API's
// "error" field and decides the HTTP status); `message` is a sentence a person can act on.
struct Error
{
    enum class Code
    {
        InvalidArgument, // bad input from a person or a client: 400
        NotFound,        // 404
        Conflict,        // the operation does not fit the current state: 409
        Unauthorized,    // 401
        Io,              // file system, process or socket failure
        Database,
        Timeout,
        Verification, // signature, hash, size or archive checks refused the input
        Internal,
    };

    Code code = Code::Internal;
    QString message;

    static Error invalid(QString message) { return {Code::InvalidArgument, std::move(message)}; }
    static Error notFound(QString message) { return {Code::NotFound, std::move(message)}; }
    static Error conflict(QString message) { return {Code::Conflict, std::move(message)}; }
    static Error io(QString message) { return {Code::Io, std::move(message)}; }
    static Error database(QString message) { return {Code::Database, std::move(message)}; }
    static Error timeout(QString message) { return {Code::Timeout, std::move(message)}; }
    static Error verification(QString message) { return {Code::Verification, std::move(message)}; }
    static Error internal(QString message) { return {Code::Internal, std::move(message)}; }

    // "while installing kvdemo 1.1.0: <message>"
    [[nodiscard]] Error context(const QString &what) const
    {
        return {code, what + QStringLiteral(": ") + message};
    }

    [[nodiscard]] QString codeName() const;

    // Lets Result<T> travel in Qt signals: QMetaType needs operator== on it.
    bool operator==(const Error &) const = default;
};

template <typename T>
using Result = std::expected<T, Error>;

// For functions that only succeed or fail.
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(Error error)
{
    return std::unexpected<Error>(std::move(error));
}

} // namespace cutover
