target_sources(cutover-ui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/AddFeedDialog.cpp ${CMAKE_CURRENT_LIST_DIR}/AddFeedDialog.h
    ${CMAKE_CURRENT_LIST_DIR}/FeedsModel.cpp ${CMAKE_CURRENT_LIST_DIR}/FeedsModel.h
    ${CMAKE_CURRENT_LIST_DIR}/FeedsView.cpp ${CMAKE_CURRENT_LIST_DIR}/FeedsView.h
    ${CMAKE_CURRENT_LIST_DIR}/ProgressDelegate.cpp ${CMAKE_CURRENT_LIST_DIR}/ProgressDelegate.h
    ${CMAKE_CURRENT_LIST_DIR}/SecretDialog.cpp ${CMAKE_CURRENT_LIST_DIR}/SecretDialog.h)
