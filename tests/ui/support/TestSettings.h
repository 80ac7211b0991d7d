#pragma once

#include <QString>

namespace cutover::test {

// The console keeps preferences and window state in QSettings: tests write them in Qt's test
// location, under their own application name, never in the user's.
class TestSettings final
{
public:
    // In initTestCase: test mode on, organisation "cutover-test", application `application`.
    static void isolate(const QString &application);
    // In init: every test starts from no settings.
    static void clear();
    // In cleanupTestCase: nothing left behind.
    static void remove();
};

} // namespace cutover::test
