# drover_npm_ci(OUT_STAMP WHAT): a build step that runs `npm ci` in the
# current source folder when node_modules is missing or older than the lock
# file. OUT_STAMP names the file that stands for "node_modules is current"
# (npm writes it on every install), for other steps to depend on.
function(drover_npm_ci out_stamp what)
  set(stamp ${CMAKE_CURRENT_SOURCE_DIR}/node_modules/.package-lock.json)
  add_custom_command(
    OUTPUT ${stamp}
    COMMAND ${DROVER_NPM} ci --no-audit --no-fund
    COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/package.json ${CMAKE_CURRENT_SOURCE_DIR}/package-lock.json
    WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
    COMMENT "Installing the npm packages of ${what} (npm ci)"
    VERBATIM)
  set(${out_stamp} ${stamp} PARENT_SCOPE)
endfunction()
