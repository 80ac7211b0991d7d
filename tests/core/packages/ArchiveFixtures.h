#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

namespace cutover::test {

// One entry of an archive built by a test. Names and targets are raw bytes so that hostile
// ones ("../x", "..\\x", "/etc/x") can be written exactly as an attacker would.
struct FixtureEntry
{
    enum class Kind
    {
        File,
        Directory,
        Symlink,
        Hardlink,
        Fifo,
        CharDevice
    };

    Kind kind = Kind::File;
    QByteArray name;
    QByteArray data;  // file content
    QByteArray link;  // symlink target or hardlink target entry
    int mode = 0644;  // permission bits, setuid etc. included
    qint64 zeros = 0; // instead of `data`: this many zero bytes, streamed (zip bombs)

    static FixtureEntry file(QByteArray name, QByteArray data, int mode = 0644);
    static FixtureEntry dir(QByteArray name, int mode = 0755);
    static FixtureEntry symlink(QByteArray name, QByteArray target);
    static FixtureEntry hardlink(QByteArray name, QByteArray target);
    static FixtureEntry special(Kind kind, QByteArray name);
    static FixtureEntry zeroes(QByteArray name, qint64 count);
};

using FixtureEntries = QList<FixtureEntry>;

// A minimal valid release: its cutover-release.json and the program that it names.
inline const QByteArray kManifest =
    R"({"command": "bin/kvdemo", "args": ["--listen", "{listen}"], "state_handoff": true})";
inline const QByteArray kProgram = "#!/bin/sh\nexec sleep 1000\n";

// "zip", "tar", "tar.gz", "tar.xz", "tar.zst": writes `entries` to `path` in that format.
// Returns an empty string on success, otherwise what went wrong.
QString writeArchive(const QString &format, const QString &path, const FixtureEntries &entries);

} // namespace cutover::test

Q_DECLARE_METATYPE(cutover::test::FixtureEntries)
