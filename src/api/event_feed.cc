#include "api/event_feed.h"

#include "api/server_sent_event.h"
#include "core/job_json.h"

namespace drover {
namespace {

// Ids start at the start time in ms × 1000 (below 2^53, exact in
// JavaScript), so ids of an earlier daemon are older than any of ours.
std::uint64_t first_event_id() {
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return static_cast<std::uint64_t>(now.count()) * 1000;
}

constexpr int kReconnectMillis = 1000;
constexpr int kPublishedPerTurn = 200;

}  // namespace

EventFeed::EventFeed(boost::asio::io_context& io, Engine& engine, Options options)
    : m_engine(engine),
      m_options(options),
      m_flush_timer(io),
      m_keepalive_timer(io),
      m_last_id(first_event_id()) {
  m_engine.watch([this](JobId id, const Job* job) { on_change(id, job); });
  arm_keepalive();
}

void EventFeed::subscribe(std::shared_ptr<ResponseStream> stream,
                          std::optional<std::uint64_t> last_event_id) {
  std::string opening = sse_retry(kReconnectMillis);
  if (last_event_id) opening += catch_up(*last_event_id);
  if (!stream->send(std::move(opening))) return;
  std::uint64_t client = m_next_client++;
  stream->on_close([this, client] { m_clients.erase(client); });
  m_clients.emplace(client, std::move(stream));
}

// The events after `last_event_id`, or a reset when some of them are gone.
std::string EventFeed::catch_up(std::uint64_t last_event_id) {
  bool in_ring =
      !m_ring.empty() && last_event_id + 1 >= m_ring.front().id && last_event_id <= m_last_id;
  if (last_event_id == m_last_id) return "";
  if (!in_ring) return sse_event("reset", "{}", m_last_id);
  std::string text;
  for (Recent& recent : m_ring) {
    if (recent.id > last_event_id) text += wire_text(recent);
  }
  return text;
}

const std::string& EventFeed::wire_text(Recent& recent) {
  if (recent.job) {
    recent.text = sse_event("job", job_to_json(*recent.job, JsonDetail::summary).dump(), recent.id);
    recent.job.reset();
  }
  return recent.text;
}

void EventFeed::on_change(JobId id, const Job* job) {
  m_changed[id] = job ? std::optional<Job>(*job) : std::nullopt;
  if (m_flush_armed) return;
  m_flush_armed = true;
  arm_flush(m_options.flush_interval);
}

void EventFeed::arm_flush(std::chrono::milliseconds after) {
  m_flush_timer.expires_after(after);
  m_flush_timer.async_wait([this](const boost::system::error_code& ec) {
    if (ec) {
      m_flush_armed = false;
      return;
    }
    flush();
  });
}

// A slice of the changed jobs per turn: publishing the thousands of jobs one
// batch submit makes at once would hold up every other request meanwhile.
void EventFeed::flush() {
  for (int n = 0; n < kPublishedPerTurn && !m_changed.empty(); ++n) {
    auto change = m_changed.extract(m_changed.begin());
    publish_change(change.key(), std::move(change.mapped()));
  }
  if (m_changed.empty()) {
    m_flush_armed = false;
    return;
  }
  arm_flush(std::chrono::milliseconds(0));
}

void EventFeed::publish_change(JobId id, std::optional<Job> shown) {
  auto job = shown ? Result<Job>(std::move(*shown)) : m_engine.snapshot(id);
  if (job && m_clients.empty()) {
    keep(Recent{++m_last_id, "", std::move(*job)});
  } else if (job) {
    publish("job", job_to_json(*job, JsonDetail::summary).dump());
  } else if (job.error().code == ErrorCode::not_found) {
    publish("removed", Json{{"id", id}}.dump());
  }
}

void EventFeed::publish(const std::string& event, const std::string& data) {
  std::uint64_t id = ++m_last_id;
  std::string text = sse_event(event, data, id);
  broadcast(text);
  keep(Recent{id, std::move(text), std::nullopt});
}

void EventFeed::keep(Recent recent) {
  m_ring.push_back(std::move(recent));
  while (m_ring.size() > m_options.ring_size) m_ring.pop_front();
}

void EventFeed::broadcast(const std::string& text) {
  for (auto it = m_clients.begin(); it != m_clients.end();) {
    it = it->second->send(text) ? std::next(it) : m_clients.erase(it);
  }
}

void EventFeed::arm_keepalive() {
  m_keepalive_timer.expires_after(m_options.keepalive_interval);
  m_keepalive_timer.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    broadcast(sse_comment("keep-alive"));
    arm_keepalive();
  });
}

}  // namespace drover
