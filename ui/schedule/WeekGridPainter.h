#pragma once

#include <QtGlobal>

class QPainter;

namespace cutover {

class WeekGrid;

// Paints a WeekGrid from the blocks and geometry it computed; kept apart so that the grid's
// arithmetic and its looks can be read separately.
class WeekGridPainter final
{
    Q_DISABLE_COPY_MOVE(WeekGridPainter)

public:
    WeekGridPainter(const WeekGrid &grid, QPainter &painter);
    ~WeekGridPainter();

    void paint();

private:
    void paintHeader();
    void paintDays();
    void paintHourLines();
    void paintMarkers();
    void paintBlocks();
    void paintNow();

    const WeekGrid &m_grid;
    QPainter &m_p;
};

} // namespace cutover
