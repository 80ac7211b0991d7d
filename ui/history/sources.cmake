target_sources(cutover-ui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/ExportFileDialog.cpp ${CMAKE_CURRENT_LIST_DIR}/ExportFileDialog.h
    ${CMAKE_CURRENT_LIST_DIR}/HistoryView.cpp ${CMAKE_CURRENT_LIST_DIR}/HistoryView.h
    ${CMAKE_CURRENT_LIST_DIR}/ReportExport.cpp ${CMAKE_CURRENT_LIST_DIR}/ReportExport.h
    ${CMAKE_CURRENT_LIST_DIR}/RunText.cpp ${CMAKE_CURRENT_LIST_DIR}/RunText.h
    ${CMAKE_CURRENT_LIST_DIR}/RunsFilter.cpp ${CMAKE_CURRENT_LIST_DIR}/RunsFilter.h
    ${CMAKE_CURRENT_LIST_DIR}/RunsModel.cpp ${CMAKE_CURRENT_LIST_DIR}/RunsModel.h)
