target_sources(cutover-ui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/MaintenanceDialog.cpp ${CMAKE_CURRENT_LIST_DIR}/MaintenanceDialog.h
    ${CMAKE_CURRENT_LIST_DIR}/MaintenanceModel.cpp ${CMAKE_CURRENT_LIST_DIR}/MaintenanceModel.h
    ${CMAKE_CURRENT_LIST_DIR}/MaintenanceView.cpp ${CMAKE_CURRENT_LIST_DIR}/MaintenanceView.h)
