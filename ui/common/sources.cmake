target_sources(cutover-ui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/DaemonConnection.cpp ${CMAKE_CURRENT_LIST_DIR}/DaemonConnection.h
    ${CMAKE_CURRENT_LIST_DIR}/DaemonLauncher.cpp ${CMAKE_CURRENT_LIST_DIR}/DaemonLauncher.h
    ${CMAKE_CURRENT_LIST_DIR}/DataTable.cpp ${CMAKE_CURRENT_LIST_DIR}/DataTable.h
    ${CMAKE_CURRENT_LIST_DIR}/JsonRow.cpp ${CMAKE_CURRENT_LIST_DIR}/JsonRow.h
    ${CMAKE_CURRENT_LIST_DIR}/KeyedTableModel.h
    ${CMAKE_CURRENT_LIST_DIR}/MessageLabel.cpp ${CMAKE_CURRENT_LIST_DIR}/MessageLabel.h
    ${CMAKE_CURRENT_LIST_DIR}/RequestDialog.cpp ${CMAKE_CURRENT_LIST_DIR}/RequestDialog.h
    ${CMAKE_CURRENT_LIST_DIR}/ViewActions.cpp ${CMAKE_CURRENT_LIST_DIR}/ViewActions.h)
