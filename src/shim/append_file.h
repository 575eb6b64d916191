// A file the shim appends to in rounds (output.log, events.jsonl): writers
// gather text in its buffer and flush() writes it with one write per round
// of the loop, so a reader sees whole lines or a partial last one, and no
// line costs a system call. A write error (a full disk) is reported once on
// stderr, and what is gathered after it is dropped: the job goes on.
#pragma once

#include <filesystem>
#include <string>

#include "core/result.h"
#include "os/fd.h"

namespace drover {

class AppendFile {
 public:
  // `name` is the file's name in messages ("output.log"); `dropped` says
  // what is lost when it cannot be written ("the job's output").
  AppendFile(UniqueFd file, std::string name, std::string dropped)
      : m_file(std::move(file)), m_name(std::move(name)), m_dropped(std::move(dropped)) {}
  // Created (new, never through a link) by the first flush that has
  // something to write: a job that writes nothing leaves no file behind.
  AppendFile(std::filesystem::path path, std::string name, std::string dropped)
      : m_path(std::move(path)), m_name(std::move(name)), m_dropped(std::move(dropped)) {}

  std::string& buffer() { return m_buffer; }
  // Writes the buffer and empties it; true when there was something to write.
  bool flush();
  // flush() and fsync; nothing to sync when nothing was ever written (a
  // quiet job's output.log costs no fsync).
  Status sync();

 private:
  Status open_if_needed();

  UniqueFd m_file;
  std::filesystem::path m_path;  // where to create the file when m_file is not open yet
  std::string m_name;
  std::string m_dropped;
  std::string m_buffer;
  bool m_failed = false;
  bool m_written = false;
};

}  // namespace drover
