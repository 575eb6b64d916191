#include "api/log_follower.h"

#include "api/server_sent_event.h"

namespace drover {
namespace {

constexpr std::chrono::milliseconds kPollInterval{100};

}  // namespace

void LogFollower::start(Engine& engine, JobId id, std::optional<int> attempt, std::uint64_t offset,
                        std::shared_ptr<ResponseStream> stream) {
  std::make_shared<LogFollower>(engine, id, attempt, offset, std::move(stream))->poll();
}

LogFollower::LogFollower(Engine& engine, JobId id, std::optional<int> attempt, std::uint64_t offset,
                         std::shared_ptr<ResponseStream> stream)
    : m_engine(engine),
      m_id(id),
      m_attempt(attempt),
      m_offset(offset),
      m_stream(std::move(stream)),
      m_timer(m_stream->executor()) {}

void LogFollower::poll() {
  if (m_stream->closed()) return;
  auto chunk = m_engine.read_log(m_id, m_attempt, m_offset, std::nullopt);
  if (!chunk) {
    auto job = m_engine.snapshot(m_id);
    return finish(job ? std::string(state_name(job->state)) : "removed");
  }
  if (chunk->attempt > 0) m_attempt = chunk->attempt;
  bool more = chunk->next_offset < chunk->size;
  m_offset = chunk->next_offset;
  bool drained = chunk->finished && !more;
  send_lines(std::move(chunk->text), drained);
  if (drained) return finish(std::string(state_name(chunk->job_state)));
  // More than one read's worth on disk: read on at once, after other work.
  m_timer.expires_after(more ? std::chrono::milliseconds(0) : kPollInterval);
  poll_later();
}

void LogFollower::poll_later() {
  m_timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec) self->poll();
  });
}

// Sends the whole lines of what was read; a partial last line waits for
// its end, unless nothing more will come.
void LogFollower::send_lines(std::string text, bool final) {
  m_partial += text;
  std::size_t end = final ? m_partial.size() : m_partial.rfind('\n');
  if (end == std::string::npos) return;
  std::string lines = m_partial.substr(0, end);
  m_partial.erase(0, final ? end : end + 1);
  if (!lines.empty() && lines.back() == '\n') lines.pop_back();
  if (lines.empty()) return;
  std::uint64_t sent_up_to = m_offset - m_partial.size();
  m_stream->send(sse_event("log", lines, sent_up_to));
}

void LogFollower::finish(const std::string& state) {
  Json data{{"state", state}, {"attempt", m_attempt.value_or(0)}, {"next_offset", m_offset}};
  m_stream->send(sse_event("end", data.dump()));
  m_stream->end();
}

}  // namespace drover
