#pragma once

#include <QJsonObject>

namespace cutover {

class HtmlWriter;

// The HTML of the report's schedule sections (ScheduleSections): why and when the run started
// (maintenance request, window, queue, guards) and its hooks. Each writes nothing when the
// report has no such section. Plain tables and text only, so that QTextDocument (the PDF)
// lays them out as a browser does.
class ScheduleHtml final
{
public:
    static void maintenance(HtmlWriter &w, const QJsonObject &report);
    static void window(HtmlWriter &w, const QJsonObject &report);
    static void queue(HtmlWriter &w, const QJsonObject &report);
    static void guards(HtmlWriter &w, const QJsonObject &report);
    static void hooks(HtmlWriter &w, const QJsonObject &report);
};

} // namespace cutover
