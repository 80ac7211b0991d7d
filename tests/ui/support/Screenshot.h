#pragma once

#include <QString>

class QWidget;

namespace cutover::test {

// Saves `widget` as `name` (a .png) in the directory CUTOVER_UI_SCREENSHOTS names, for a person
// to look at (docs/screenshots, or /tmp); does nothing without it. False when saving failed.
bool saveScreenshot(QWidget &widget, const QString &name);

} // namespace cutover::test
