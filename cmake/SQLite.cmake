# SQLite, fetched at build time from Debian's source package (never
# committed): the amalgamation and speedtest1.c, in ${CUBICLE_SQLITE_DIR}.
# The tests compile it with the plugin and run speedtest1 split into
# cubicles; bench/ measures it.
set(CUBICLE_SQLITE_DIR ${CMAKE_BINARY_DIR}/sqlite)
set(CUBICLE_SQLITE_FILES
  ${CUBICLE_SQLITE_DIR}/sqlite3.c ${CUBICLE_SQLITE_DIR}/sqlite3.h
  ${CUBICLE_SQLITE_DIR}/sqlite3ext.h ${CUBICLE_SQLITE_DIR}/speedtest1.c)
add_custom_command(OUTPUT ${CUBICLE_SQLITE_FILES}
  COMMAND sh ${PROJECT_SOURCE_DIR}/scripts/fetch-sqlite.sh ${CUBICLE_SQLITE_DIR}
  COMMENT "Fetching SQLite from Debian's source package (apt-get source sqlite3)"
  VERBATIM)
add_custom_target(sqlite_sources ALL DEPENDS ${CUBICLE_SQLITE_FILES})
