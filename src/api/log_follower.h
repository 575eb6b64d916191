// LogFollower: GET /api/jobs/{id}/logs?follow=1, an attempt's log as
// Server-Sent Events. It sends what the log holds from `offset`, then what
// is appended (polling every 100 ms), as
//   id: <byte offset after it>  event: log  data: <line>  (one data line per log line)
// and finally `event: end` (data: {"state", "next_offset"}) once the
// attempt or job is finished and the log drained. Only whole lines are sent
// until the end. The id lets an EventSource resume with Last-Event-ID.
//
// Thread-safety: the stream's executor (the io_context's thread).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/steady_timer.hpp>

#include "api/response_stream.h"
#include "sched/engine.h"

namespace drover {

class LogFollower : public std::enable_shared_from_this<LogFollower> {
 public:
  // Follows until the log ends or the client leaves; keeps itself alive.
  static void start(Engine& engine, JobId id, std::optional<int> attempt, std::uint64_t offset,
                    std::shared_ptr<ResponseStream> stream);

  LogFollower(Engine& engine, JobId id, std::optional<int> attempt, std::uint64_t offset,
              std::shared_ptr<ResponseStream> stream);

 private:
  void poll();
  void send_lines(std::string text, bool final);
  void finish(const std::string& state);
  void poll_later();

  Engine& m_engine;
  JobId m_id;
  std::optional<int> m_attempt;  // pinned to the first attempt seen
  std::uint64_t m_offset;        // of the next byte to read
  std::string m_partial;         // a line not ended yet
  std::shared_ptr<ResponseStream> m_stream;
  boost::asio::steady_timer m_timer;
};

}  // namespace drover
