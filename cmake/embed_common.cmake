# Helpers shared by the scripts that embed files into the binary
# (embed_files.cmake, embed_text.cmake).

# Sets ${out_bytes} to "0x.., 0x.., " for the file's bytes and ${out_size}
# to their count.
function(embed_read_bytes path out_bytes out_size)
  file(READ "${path}" hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  set(${out_bytes} "${bytes}" PARENT_SCOPE)
  set(${out_size} "${size}" PARENT_SCOPE)
endfunction()

# Writes only when the text changed, so that dependents do not recompile or
# relink for nothing.
function(embed_write_if_changed output text)
  if(EXISTS "${output}")
    file(READ "${output}" previous)
    if(previous STREQUAL text)
      return()
    endif()
  endif()
  file(WRITE "${output}" "${text}")
endfunction()
