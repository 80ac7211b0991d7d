target_sources(cutover-ui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/GuardReadingsModel.cpp ${CMAKE_CURRENT_LIST_DIR}/GuardReadingsModel.h
    ${CMAKE_CURRENT_LIST_DIR}/OccurrenceText.cpp ${CMAKE_CURRENT_LIST_DIR}/OccurrenceText.h
    ${CMAKE_CURRENT_LIST_DIR}/QueueDropsModel.cpp ${CMAKE_CURRENT_LIST_DIR}/QueueDropsModel.h
    ${CMAKE_CURRENT_LIST_DIR}/ScheduleQueueModel.cpp ${CMAKE_CURRENT_LIST_DIR}/ScheduleQueueModel.h
    ${CMAKE_CURRENT_LIST_DIR}/ScheduleText.cpp ${CMAKE_CURRENT_LIST_DIR}/ScheduleText.h
    ${CMAKE_CURRENT_LIST_DIR}/ScheduleView.cpp ${CMAKE_CURRENT_LIST_DIR}/ScheduleView.h
    ${CMAKE_CURRENT_LIST_DIR}/ServiceLane.h
    ${CMAKE_CURRENT_LIST_DIR}/ServiceWindowsDialog.cpp ${CMAKE_CURRENT_LIST_DIR}/ServiceWindowsDialog.h
    ${CMAKE_CURRENT_LIST_DIR}/TimeZoneCombo.cpp ${CMAKE_CURRENT_LIST_DIR}/TimeZoneCombo.h
    ${CMAKE_CURRENT_LIST_DIR}/WeekGrid.cpp ${CMAKE_CURRENT_LIST_DIR}/WeekGrid.h
    ${CMAKE_CURRENT_LIST_DIR}/WeekGridPainter.cpp ${CMAKE_CURRENT_LIST_DIR}/WeekGridPainter.h
    ${CMAKE_CURRENT_LIST_DIR}/WeekPanel.cpp ${CMAKE_CURRENT_LIST_DIR}/WeekPanel.h
    ${CMAKE_CURRENT_LIST_DIR}/WindowDialog.cpp ${CMAKE_CURRENT_LIST_DIR}/WindowDialog.h
    ${CMAKE_CURRENT_LIST_DIR}/WindowsModel.cpp ${CMAKE_CURRENT_LIST_DIR}/WindowsModel.h
    ${CMAKE_CURRENT_LIST_DIR}/WindowsPanel.cpp ${CMAKE_CURRENT_LIST_DIR}/WindowsPanel.h)
