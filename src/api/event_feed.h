// EventFeed: the live job events of GET /api/events (Server-Sent Events).
//
// It gathers the jobs Engine::watch reports (after each change is
// stored) and every flush_interval publishes one event per changed job:
//   id: <seq>  event: job      data: <the job as GET /api/jobs/{id}, without history>
//   id: <seq>  event: removed  data: {"id": N}
// Event ids only grow, across daemon restarts too (they start from the
// start time), so a client that reconnects with Last-Event-ID gets every
// later event from a ring of recent ones, without a gap; when its id is
// older than the ring (or unknown) it gets `event: reset` and refetches.
// While no client listens, the ring keeps the jobs themselves and turns
// them into text only when a client asks to catch up: a batch submit of
// thousands of jobs costs no JSON then. A comment every keepalive_interval
// keeps idle connections open. A slow
// client is cut off by its stream's backlog cap (ResponseStream) and
// reconnects.
//
// Thread-safety: the io_context's thread only, like the engine.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "api/response_stream.h"
#include "sched/engine.h"

namespace drover {

class EventFeed {
 public:
  struct Options {
    std::chrono::milliseconds flush_interval{100};
    std::chrono::milliseconds keepalive_interval{15000};
    std::size_t ring_size = 2048;  // events kept for replay
  };

  EventFeed(boost::asio::io_context& io, Engine& engine, Options options);
  EventFeed(boost::asio::io_context& io, Engine& engine) : EventFeed(io, engine, Options{}) {}
  EventFeed(const EventFeed&) = delete;
  EventFeed& operator=(const EventFeed&) = delete;

  // Adds a client: first what it missed since `last_event_id` (or a reset),
  // then every new event until its connection closes.
  void subscribe(std::shared_ptr<ResponseStream> stream,
                 std::optional<std::uint64_t> last_event_id);

 private:
  void on_change(JobId id, const Job* job);
  void arm_flush(std::chrono::milliseconds after);
  void flush();
  void publish_change(JobId id, std::optional<Job> shown);
  void publish(const std::string& event, const std::string& data);
  void broadcast(const std::string& text);
  std::string catch_up(std::uint64_t last_event_id);
  // One event of the ring: its wire text, made from its job when first asked.
  struct Recent {
    std::uint64_t id = 0;
    std::string text;
    std::optional<Job> job;
  };
  void keep(Recent recent);
  const std::string& wire_text(Recent& recent);
  void arm_keepalive();

  Engine& m_engine;
  Options m_options;
  boost::asio::steady_timer m_flush_timer;
  boost::asio::steady_timer m_keepalive_timer;
  bool m_flush_armed = false;
  // Changed jobs: as the engine showed them, or nullopt to read at flush.
  std::map<JobId, std::optional<Job>> m_changed;
  std::uint64_t m_last_id;  // of the newest event published (or just before the first)
  std::deque<Recent> m_ring;
  std::uint64_t m_next_client = 0;
  std::map<std::uint64_t, std::shared_ptr<ResponseStream>> m_clients;
};

}  // namespace drover
