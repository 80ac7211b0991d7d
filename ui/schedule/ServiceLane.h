#pragma once

#include <QString>
#include <QStringList>

namespace cutover {

// One row of the week grid: a service and the maintenance windows it uses.
struct ServiceLane
{
    QString service; // empty: the windows that no service uses
    QStringList windows;

    bool operator==(const ServiceLane &) const = default;
};

} // namespace cutover
