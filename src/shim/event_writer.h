// Turns the `@drover ...` lines of the job's stdout into events.jsonl
// records, numbered 1, 2, 3... A malformed event line becomes a warning in
// output.log naming its line number; the line itself stays in the log like
// any other. Records are gathered and appended once per round of the loop,
// never fsynced one by one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "os/fd.h"
#include "shim/append_file.h"
#include "shim/line_splitter.h"
#include "shim/output_log.h"

namespace drover {

class EventWriter {
 public:
  EventWriter(UniqueFd file, OutputLog& log)
      : m_file(std::move(file), "events.jsonl", "events"), m_log(log) {}
  // The file at `path` is created by the first event.
  EventWriter(const std::filesystem::path& path, OutputLog& log)
      : m_file(path, "events.jsonl", "events"), m_log(log) {}

  // Looks at one piece of a stdout line; `line_number` counts stdout lines
  // from 1.
  void consider(const LinePiece& piece, std::int64_t line_number, Millis now);

  // True when records were appended.
  bool flush() { return m_file.flush(); }
  Status sync() { return m_file.sync(); }

  std::int64_t last_seq() const { return m_seq; }

 private:
  AppendFile m_file;
  OutputLog& m_log;
  std::int64_t m_seq = 0;
};

}  // namespace drover
