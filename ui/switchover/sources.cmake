target_sources(cutover-ui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/ConnectionSamples.cpp ${CMAKE_CURRENT_LIST_DIR}/ConnectionSamples.h
    ${CMAKE_CURRENT_LIST_DIR}/RunChartView.cpp ${CMAKE_CURRENT_LIST_DIR}/RunChartView.h
    ${CMAKE_CURRENT_LIST_DIR}/RunSummary.cpp ${CMAKE_CURRENT_LIST_DIR}/RunSummary.h
    ${CMAKE_CURRENT_LIST_DIR}/StepsModel.cpp ${CMAKE_CURRENT_LIST_DIR}/StepsModel.h
    ${CMAKE_CURRENT_LIST_DIR}/SwitchoverView.cpp ${CMAKE_CURRENT_LIST_DIR}/SwitchoverView.h
    ${CMAKE_CURRENT_LIST_DIR}/TransferPanel.cpp ${CMAKE_CURRENT_LIST_DIR}/TransferPanel.h)
