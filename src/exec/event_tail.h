// Follows an attempt's events.jsonl as the shim appends to it: each call
// returns the records completed since the last one. A last line without its
// newline is still being written and waits for the next call.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "os/fd.h"
#include "protocol/job_event.h"

namespace drover {

class EventTail {
 public:
  using Warn = std::function<void(const std::string&)>;

  // Events with seq <= `last_seq` were applied already and are skipped.
  EventTail(std::filesystem::path path, std::int64_t last_seq)
      : m_path(std::move(path)), m_last_seq(last_seq) {}

  // The events completed since the last call, in order; a malformed record
  // is skipped and reported through `warn`.
  std::vector<JobEvent> read_new(const Warn& warn);

  std::int64_t last_seq() const { return m_last_seq; }

 private:
  // Appends the new bytes of the file to m_partial.
  void read_new_bytes(const Warn& warn);

  std::filesystem::path m_path;
  UniqueFd m_file;  // opened once the shim has created the file
  std::uint64_t m_offset = 0;
  std::string m_partial;
  std::int64_t m_last_seq;
};

}  // namespace drover
