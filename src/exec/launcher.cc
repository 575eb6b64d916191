#include "exec/launcher.h"

#include <signal.h>

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <map>
#include <set>
#include <utility>

#include "exec/attempt_files.h"
#include "exec/attempt_follower.h"
#include "exec/launcher_link.h"
#include "exec/orphan_job.h"
#include "exec/shim_launch.h"
#include "os/cgroup.h"
#include "os/pidfd.h"
#include "os/poll.h"
#include "os/process_identity.h"
#include "os/reserved_file.h"
#include "os/unix_socket.h"

namespace drover {
namespace {

constexpr std::chrono::milliseconds kEventPollInterval{75};
// A shim claims its attempt within a few ms: look soon, then a little less
// often; past kSlowStart say so in the log and keep looking.
constexpr std::chrono::milliseconds kFirstStartPoll{1};
constexpr std::chrono::milliseconds kStartPoll{4};
constexpr std::chrono::milliseconds kSlowStart{5000};
// A shim forked by a launcher that died before answering claims its
// attempt (or ends) within milliseconds; past this it is given up on.
constexpr int kLostAnswerWaitMs = 10'000;

using AttemptKey = std::pair<JobId, int>;
using SteadyClock = std::chrono::steady_clock;

AttemptProcess process_from_claim(const ShimClaim& claim) {
  return AttemptProcess{claim.job_pid.value_or(0), claim.shim_pid, claim.shim_start_ticks,
                        claim.boot_id};
}

}  // namespace

class Launcher::Impl {
 public:
  Impl(boost::asio::io_context& io, Options options, AttemptCallbacks callbacks)
      : m_io(io),
        m_options(std::move(options)),
        m_callbacks(std::move(callbacks)),
        m_timer(io),
        m_link(m_options.state_dir, m_options.shim_path),
        m_containment(Containment::probe(m_options.state_dir)) {}
  ~Impl() {
    // Goes only when empty: attempts still running keep it (and their jobs).
    if (m_containment.cgroups) (void)Cgroup(m_containment.cgroups->path).remove();
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  Result<AttemptProcess> launch(const LaunchRequest& request);
  Result<Reconciled> reconcile(const AttemptRef& ref, AttemptProcess* process);
  Status stop(JobId job_id, int attempt, StopMode mode);
  void detach_all();
  const Containment& containment() const { return m_containment; }

  std::filesystem::path attempt_dir(JobId job_id, int attempt) const {
    return job_root(job_id) / std::to_string(attempt);
  }
  std::filesystem::path job_dir(JobId job_id) const { return job_root(job_id) / "work"; }
  std::filesystem::path artifacts_dir(JobId job_id) const { return job_root(job_id) / "artifacts"; }

 private:
  std::filesystem::path job_root(JobId job_id) const {
    return m_options.state_dir / "jobs" / std::to_string(job_id);
  }
  std::optional<Result<AttemptProcess>> launch_forked(const AttemptRef& ref,
                                                      const std::filesystem::path& dir,
                                                      const ShimSpec& spec);
  std::optional<Result<AttemptProcess>> adopt_after_lost_answer(const AttemptRef& ref,
                                                                const std::filesystem::path& dir,
                                                                UniqueFd channel);
  Result<AttemptProcess> launch_execd(const AttemptRef& ref, const std::filesystem::path& dir,
                                      const ShimSpec& spec);
  void poll_start(AttemptKey key, std::chrono::milliseconds pause, SteadyClock::time_point slow_at);
  bool report_start(AttemptFollower& follower);
  Result<Reconciled> reconcile_claimed(const AttemptRef& ref, const ShimClaim& claim,
                                       AttemptProcess* process);
  void follow(AttemptRef ref, UniqueFd shim_pidfd, UniqueFd channel = UniqueFd());
  void wait_for_news(AttemptKey key, const std::shared_ptr<AttemptFollower>& follower);
  void wait_for_end(AttemptKey key, const std::shared_ptr<AttemptFollower>& follower);
  void on_shim_ended(AttemptKey key);
  AttemptRef deliver_events(const AttemptRef& ref, EventTail& events);
  void deliver_events(AttemptFollower& follower);
  bool deliver_exit(const AttemptRef& ref, const std::filesystem::path& dir);
  bool stop_orphan(const AttemptRef& ref, const std::filesystem::path& dir);
  void release_cgroup(const AttemptRef& ref, const std::filesystem::path& dir);
  void deliver_vanished(const AttemptRef& ref, const std::filesystem::path& dir,
                        std::optional<int> orphan_stopped);
  void schedule_tick();
  void on_tick();
  EventTail::Warn warner(const AttemptRef& ref);

  boost::asio::io_context& m_io;
  Options m_options;
  AttemptCallbacks m_callbacks;
  boost::asio::steady_timer m_timer;
  bool m_ticking = false;
  LauncherLink m_link;
  std::map<AttemptKey, std::shared_ptr<AttemptFollower>> m_followers;
  std::set<AttemptKey> m_starting;  // launched, on_started not yet sent
  // Shims gone while their job runs on: being stopped before the exit goes out.
  std::map<AttemptKey, std::shared_ptr<OrphanJob>> m_orphans;
  Containment m_containment;
  // Handlers still queued after the Launcher is gone see this expire.
  std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

Result<AttemptProcess> Launcher::Impl::launch(const LaunchRequest& request) {
  AttemptPaths paths{attempt_dir(request.job_id, request.attempt), job_dir(request.job_id),
                     artifacts_dir(request.job_id),
                     m_containment.attempt_cgroup(request.job_id, request.attempt)};
  DROVER_TRY(spec, prepare_attempt(request, paths));
  AttemptRef ref{request.job_id, request.attempt, request.token, 0};
  if (auto forked = launch_forked(ref, paths.attempt, *spec)) return std::move(*forked);
  return launch_execd(ref, paths.attempt, *spec);
}

// Through the launcher: a fork, no exec, the spec handed over on its
// socket (spec.json only when too big for a message), and news on the
// channel instead of timers. nullopt when no shim was forked: then one is
// exec'd.
std::optional<Result<AttemptProcess>> Launcher::Impl::launch_forked(
    const AttemptRef& ref, const std::filesystem::path& dir, const ShimSpec& spec) {
  auto channel = make_pipe();
  if (!channel || !set_nonblocking(channel->read_end.get()) ||
      !set_nonblocking(channel->write_end.get())) {
    return std::nullopt;
  }
  LaunchOrder order{dir, format_spec(spec)};
  if (format_order(order).size() > kMaxMessage) {
    if (Status written = write_spec_file(dir, spec); !written) return written.error();
    order.spec_text.clear();
  }
  LinkOutcome outcome = m_link.launch(order, channel->write_end.get());
  channel->write_end.reset();  // the shim holds the only other copy: end of file = no shim
  if (outcome.maybe_forked) {
    if (m_callbacks.on_warning) m_callbacks.on_warning(ref, outcome.error);
    return adopt_after_lost_answer(ref, dir, std::move(channel->read_end));
  }
  if (!outcome.shim) return std::nullopt;
  auto boot_id = read_boot_id();
  if (!boot_id) return boot_id.error();
  AttemptKey key{ref.job_id, ref.attempt};
  follow(ref, std::move(outcome.shim->pidfd), std::move(channel->read_end));
  m_starting.insert(key);  // on_started follows the shim's news
  return AttemptProcess{0, outcome.shim->pid, outcome.shim->start_ticks, *boot_id};
}

// The launcher died with the order in hand. The channel tells whether a
// shim was forked: news (it claimed the attempt) or end of file (no process
// holds the write end: none was, or it ended without claiming). nullopt:
// certainly none runs it, so one is exec'd.
std::optional<Result<AttemptProcess>> Launcher::Impl::adopt_after_lost_answer(
    const AttemptRef& ref, const std::filesystem::path& dir, UniqueFd channel) {
  std::array<PollEntry, 1> entry{{{channel.get()}}};
  (void)wait_readable(entry, kLostAnswerWaitMs);
  auto claim = read_claim(dir);
  if (!claim && claim.error().code == ErrorCode::not_found) {
    // Claimed as abandoned: a shim still starting would refuse to run it.
    Status abandoned = abandon_attempt(dir, ref.token);
    if (abandoned) {
      if (!entry[0].readable)
        return make_error(ErrorCode::io,
                          "the launcher died while starting "
                          "the attempt, and its shim never claimed it");
      (void)std::filesystem::remove(dir / kRecordFile);  // nobody holds the channel: none will
      return std::nullopt;
    }
    claim = read_claim(dir);  // a shim won the race
  }
  if (!claim) return claim.error();
  if (claim->token != ref.token || claim->abandoned) {
    return make_error(ErrorCode::conflict, "{}/{} is not this attempt's claim", dir.string(),
                      kRecordFile);
  }
  AttemptProcess process = process_from_claim(*claim);
  auto pidfd = open_pidfd(claim->shim_pid);
  if (pidfd && is_alive(claim->shim_pid, claim->shim_start_ticks, claim->boot_id)) {
    follow(ref, std::move(*pidfd), std::move(channel));
    m_starting.insert({ref.job_id, ref.attempt});
    process.job_pid = 0;  // on_started says it
    return process;
  }
  // It ran and ended already: its exit is delivered once launch() has returned.
  std::weak_ptr<bool> alive = m_alive;
  boost::asio::post(m_io, [this, alive, ref, claim = *claim] {
    AttemptProcess ignored;
    if (!alive.expired()) (void)reconcile_claimed(ref, claim, &ignored);
  });
  process.job_pid = 0;
  return process;
}

// drover-shim exec'd as a child of ours: when no launcher can be had.
Result<AttemptProcess> Launcher::Impl::launch_execd(const AttemptRef& ref,
                                                    const std::filesystem::path& dir,
                                                    const ShimSpec& spec) {
  if (!std::filesystem::exists(dir / kSpecFile)) DROVER_RETURN_IF_ERROR(write_spec_file(dir, spec));
  DROVER_TRY(shim_pid, spawn_shim(m_options.shim_path, dir));
  auto shim_pidfd = open_pidfd(*shim_pid);
  if (!shim_pidfd) return shim_pidfd.error();  // our unreaped child: cannot be gone
  // Our unreaped child: its pid names it until we reap it.
  DROVER_TRY(identity, identify_process(*shim_pid));
  AttemptKey key{ref.job_id, ref.attempt};
  follow(ref, std::move(*shim_pidfd));
  m_starting.insert(key);
  poll_start(key, kFirstStartPoll, SteadyClock::now() + kSlowStart);
  return AttemptProcess{0, *shim_pid, identity->start_ticks, identity->boot_id};
}

// Looks for the claim that names the job's pid, on a timer: the loop goes
// on serving everything else meanwhile.
void Launcher::Impl::poll_start(AttemptKey key, std::chrono::milliseconds pause,
                                SteadyClock::time_point slow_at) {
  auto timer = std::make_shared<boost::asio::steady_timer>(m_io, pause);
  std::weak_ptr<bool> alive = m_alive;
  timer->async_wait([this, alive, key, slow_at, timer](const boost::system::error_code& error) {
    if (error || alive.expired() || m_starting.count(key) == 0) return;
    auto found = m_followers.find(key);
    if (found == m_followers.end() || report_start(*found->second)) return;
    SteadyClock::time_point next_slow_at = slow_at;
    if (SteadyClock::now() >= slow_at) {
      if (m_callbacks.on_warning) {
        m_callbacks.on_warning(found->second->ref(),
                               "drover-shim is slow to start the job; still waiting for it");
      }
      next_slow_at = SteadyClock::now() + kSlowStart;
    }
    poll_start(key, kStartPoll, next_slow_at);
  });
}

// Sends on_started once the claim names the job's pid; true when sent (now
// or before).
bool Launcher::Impl::report_start(AttemptFollower& follower) {
  AttemptKey key{follower.ref().job_id, follower.ref().attempt};
  if (m_starting.count(key) == 0) return true;
  auto claim = read_started_claim(follower.dir(), follower.ref().token);
  if (!claim) return false;
  m_starting.erase(key);
  if (m_callbacks.on_started) m_callbacks.on_started(follower.ref(), process_from_claim(*claim));
  return true;
}

Result<Reconciled> Launcher::Impl::reconcile(const AttemptRef& ref, AttemptProcess* process) {
  AttemptProcess ignored;
  if (process == nullptr) process = &ignored;
  std::filesystem::path dir = attempt_dir(ref.job_id, ref.attempt);
  auto claim = read_claim(dir);
  if (m_orphans.count({ref.job_id, ref.attempt}) != 0) return Reconciled::stopping;
  if (m_followers.count({ref.job_id, ref.attempt}) != 0) {  // followed already
    if (claim) *process = process_from_claim(*claim);
    return Reconciled::adopted;
  }
  if (!claim && claim.error().code == ErrorCode::not_found) {
    // Nobody claimed it: claim it as abandoned, so a late shim will refuse to run.
    Status abandoned = abandon_attempt(dir, ref.token);
    if (abandoned) return Reconciled::never_started;
    if (abandoned.error().code != ErrorCode::conflict) return abandoned.error();
    claim = read_claim(dir);  // a shim won the race
  }
  if (!claim) return claim.error();
  if (claim->abandoned) return Reconciled::never_started;
  if (claim->token != ref.token) {
    return make_error(ErrorCode::conflict, "{}/{} belongs to another attempt (token {})",
                      dir.string(), kRecordFile, claim->token);
  }
  return reconcile_claimed(ref, *claim, process);
}

// A shim claimed the attempt: it has ended (its exit is recorded), is alive, or vanished.
Result<Reconciled> Launcher::Impl::reconcile_claimed(const AttemptRef& ref, const ShimClaim& claim,
                                                     AttemptProcess* process) {
  *process = process_from_claim(claim);
  std::filesystem::path dir = attempt_dir(ref.job_id, ref.attempt);
  bool exited = has_exit(dir);
  if (!exited && is_alive(claim.shim_pid, claim.shim_start_ticks, claim.boot_id)) {
    auto pidfd = open_pidfd(claim.shim_pid);
    // Checked again with the pidfd open: it names the process that was checked.
    if (pidfd && is_alive(claim.shim_pid, claim.shim_start_ticks, claim.boot_id)) {
      follow(ref, std::move(*pidfd));
      return Reconciled::adopted;
    }
  }
  // Gone: deliver what it left. Its exit may have been recorded since the first look.
  EventTail events(dir / kEventsFile, ref.last_seq);
  AttemptRef after_events = deliver_events(ref, events);
  if (deliver_exit(after_events, dir)) return Reconciled::exited;
  return m_orphans.count({ref.job_id, ref.attempt}) ? Reconciled::stopping : Reconciled::vanished;
}

Status Launcher::Impl::stop(JobId job_id, int attempt, StopMode mode) {
  if (auto orphan = m_orphans.find({job_id, attempt}); orphan != m_orphans.end()) {
    // Already on its way down (SIGTERM sent); a hard stop need not wait for the grace.
    if (mode == StopMode::hard) orphan->second->kill_now();
    return {};
  }
  auto found = m_followers.find({job_id, attempt});
  if (found == m_followers.end()) {
    return make_error(ErrorCode::not_found, "attempt {} of job {} is not running here", attempt,
                      job_id);
  }
  return found->second->signal_shim(mode == StopMode::soft ? SIGTERM : SIGUSR1);
}

void Launcher::Impl::detach_all() {
  m_followers.clear();
  m_starting.clear();
  m_orphans.clear();  // a later reconcile finds a job still running and stops it
  m_timer.cancel();
  m_ticking = false;
}

void Launcher::Impl::follow(AttemptRef ref, UniqueFd shim_pidfd, UniqueFd channel) {
  AttemptKey key{ref.job_id, ref.attempt};
  std::filesystem::path dir = attempt_dir(ref.job_id, ref.attempt);
  auto follower = std::make_shared<AttemptFollower>(m_io, std::move(ref), dir,
                                                    std::move(shim_pidfd), std::move(channel));
  m_followers[key] = follower;
  wait_for_end(key, follower);
  if (follower->has_channel()) {
    wait_for_news(key, follower);
  } else {
    schedule_tick();
  }
}

// The shim says when it claimed, started the job or wrote events: then,
// and only then, its files are read.
void Launcher::Impl::wait_for_news(AttemptKey key,
                                   const std::shared_ptr<AttemptFollower>& follower) {
  std::weak_ptr<AttemptFollower> weak = follower;
  follower->wait_for_news([this, weak, key](bool ended) {
    auto alive = weak.lock();
    if (!alive) return;
    deliver_events(*alive);  // a callback may end the attempt: `alive` keeps it meanwhile
    if (!ended && m_followers.count(key) != 0) wait_for_news(key, alive);
  });
}

void Launcher::Impl::wait_for_end(AttemptKey key,
                                  const std::shared_ptr<AttemptFollower>& follower) {
  std::weak_ptr<AttemptFollower> weak = follower;
  follower->wait_for_shim_end([this, weak, key](const boost::system::error_code& error) {
    // A follower alive means this Impl is alive: only the Impl owns followers.
    auto alive = weak.lock();
    if (error || !alive) return;
    // A spurious wake-up (seen under load) must not make a live shim "vanished".
    if (!alive->shim_exited()) return wait_for_end(key, alive);
    on_shim_ended(key);
  });
}

void Launcher::Impl::on_shim_ended(AttemptKey key) {
  auto found = m_followers.find(key);
  if (found == m_followers.end()) return;
  std::shared_ptr<AttemptFollower> follower = std::move(found->second);
  m_followers.erase(found);  // before the callbacks, which may launch or stop others
  follower->reap_shim();
  deliver_events(*follower);
  m_starting.erase(key);  // the job never started: deliver_exit says why
  (void)deliver_exit(follower->ref(), follower->dir());
}

AttemptRef Launcher::Impl::deliver_events(const AttemptRef& ref, EventTail& events) {
  std::vector<JobEvent> batch = events.read_new(warner(ref));
  AttemptRef after = ref;
  after.last_seq = events.last_seq();
  if (!batch.empty() && m_callbacks.on_events) m_callbacks.on_events(ref, std::move(batch));
  return after;
}

void Launcher::Impl::deliver_events(AttemptFollower& follower) {
  (void)report_start(follower);  // on_started before any event
  AttemptRef before = follower.ref();
  std::vector<JobEvent> batch = follower.read_new_events(warner(before));
  if (!batch.empty() && m_callbacks.on_events) m_callbacks.on_events(before, std::move(batch));
}

// The recorded exit; else, once a job process that outlived its shim
// is stopped, a vanished exit. Returns whether the exit was recorded.
bool Launcher::Impl::deliver_exit(const AttemptRef& ref, const std::filesystem::path& dir) {
  std::optional<AttemptExit> exit = read_attempt_exit(dir, ref.token, warner(ref));
  // A job process that outlived its shim gets the soft stop first (its
  // cgroup is released once it has ended), so that the reason can say so.
  if (!exit && stop_orphan(ref, dir)) return false;
  release_cgroup(ref, dir);
  if (exit) {
    if (m_callbacks.on_exit) m_callbacks.on_exit(ref, *exit);
    return true;
  }
  deliver_vanished(ref, dir, std::nullopt);
  return false;
}

// Before the exit is known upstream: a retry must never run beside leftovers.
void Launcher::Impl::release_cgroup(const AttemptRef& ref, const std::filesystem::path& dir) {
  if (auto problem = release_attempt_cgroup(dir); problem && m_callbacks.on_warning) {
    m_callbacks.on_warning(ref, *problem);
  }
}

// Starts stopping the attempt's job process when it outlived the shim;
// false when none runs.
bool Launcher::Impl::stop_orphan(const AttemptRef& ref, const std::filesystem::path& dir) {
  auto claim = read_claim(dir);
  if (!claim || claim->token != ref.token) return false;
  std::shared_ptr<OrphanJob> orphan = OrphanJob::find(m_io, *claim);
  if (!orphan) return false;
  Millis grace = claim->grace;
  if (m_callbacks.on_warning) {
    m_callbacks.on_warning(ref, fmt::format("drover-shim vanished while its job process {} runs "
                                            "on; stopping it (SIGTERM, {} ms grace, SIGKILL)",
                                            orphan->pid(), grace));
  }
  AttemptKey key{ref.job_id, ref.attempt};
  m_orphans[key] = orphan;
  std::weak_ptr<bool> alive = m_alive;
  orphan->stop(grace, [this, alive, key, ref, dir, pid = orphan->pid()] {
    if (alive.expired() || m_orphans.erase(key) == 0) return;
    release_cgroup(ref, dir);
    deliver_vanished(ref, dir, pid);
  });
  return true;
}

// The shim recorded no exit: it vanished, or never claimed the attempt.
void Launcher::Impl::deliver_vanished(const AttemptRef& ref, const std::filesystem::path& dir,
                                      std::optional<int> orphan_stopped) {
  AttemptExit exit;
  exit.ended_at = SystemClock().now();
  auto claim = read_claim(dir);
  if (claim && claim->token == ref.token) {
    exit.vanished = true;
    exit.orphan_stopped = orphan_stopped;
    exit.log_bytes = output_log_size(dir);
    auto room = available_bytes(dir);
    exit.disk_full = room && *room < kRecordSize;
  } else {  // it never claimed the attempt: it failed on its own
    exit.start_error = fmt::format("drover-shim failed for attempt {} of job {}: {}", ref.attempt,
                                   ref.job_id, shim_log_tail(dir));
  }
  if (m_callbacks.on_exit) m_callbacks.on_exit(ref, exit);
}

void Launcher::Impl::schedule_tick() {
  bool polled = std::any_of(m_followers.begin(), m_followers.end(),
                            [](const auto& entry) { return !entry.second->has_channel(); });
  if (m_ticking || !polled) return;
  m_ticking = true;
  m_timer.expires_after(kEventPollInterval);
  std::weak_ptr<bool> alive = m_alive;
  m_timer.async_wait([this, alive](const boost::system::error_code& error) {
    if (error || alive.expired()) return;
    m_ticking = false;
    on_tick();
  });
}

void Launcher::Impl::on_tick() {
  std::vector<AttemptKey> keys;
  for (const auto& [key, follower] : m_followers) {
    if (!follower->has_channel()) keys.push_back(key);  // the others send news
  }
  // A callback may end or start attempts: look each one up again.
  for (const AttemptKey& key : keys) {
    auto found = m_followers.find(key);
    if (found == m_followers.end()) continue;
    std::shared_ptr<AttemptFollower> follower = found->second;
    deliver_events(*follower);
  }
  schedule_tick();
}

EventTail::Warn Launcher::Impl::warner(const AttemptRef& ref) {
  return [this, ref](const std::string& message) {
    if (m_callbacks.on_warning) m_callbacks.on_warning(ref, message);
  };
}

Launcher::Launcher(boost::asio::io_context& io, Options options, AttemptCallbacks callbacks)
    : m_impl(std::make_unique<Impl>(io, std::move(options), std::move(callbacks))) {}

Launcher::~Launcher() = default;

Result<AttemptProcess> Launcher::launch(const LaunchRequest& request) {
  return m_impl->launch(request);
}

Result<Reconciled> Launcher::reconcile(const AttemptRef& ref, AttemptProcess* process) {
  return m_impl->reconcile(ref, process);
}

Status Launcher::stop(JobId job_id, int attempt, StopMode mode) {
  return m_impl->stop(job_id, attempt, mode);
}

void Launcher::detach_all() { m_impl->detach_all(); }

const Containment& Launcher::containment() const { return m_impl->containment(); }

std::filesystem::path Launcher::attempt_dir(JobId job_id, int attempt) const {
  return m_impl->attempt_dir(job_id, attempt);
}

std::filesystem::path Launcher::job_dir(JobId job_id) const { return m_impl->job_dir(job_id); }

std::filesystem::path Launcher::artifacts_dir(JobId job_id) const {
  return m_impl->artifacts_dir(job_id);
}

}  // namespace drover
