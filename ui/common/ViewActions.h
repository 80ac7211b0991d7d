#pragma once

#include <QKeySequence>
#include <QString>

class QAction;
class QWidget;

namespace cutover {

// The actions a view offers in the main window's toolbar and menu (MainWindow shows the
// current view's actions()), made alike: the icon from resources/icons, the tip as tooltip and
// status tip, the shortcut.
class ViewActions final
{
public:
    // Adds the action to `view`; `icon` is a name of resources/icons (empty: none, which keeps
    // the action out of the toolbar and in the menu).
    static QAction *add(QWidget *view, const QString &icon, const QString &text, const QString &tip,
                        const QKeySequence &key = {});
    static void addSeparator(QWidget *view);
};

} // namespace cutover
