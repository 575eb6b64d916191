// What an unlucky operator does to a real daemon: moves a damaged database
// aside, sends it stray signals, starts it on a taken port, leaves a weak
// token file, watches a live log. Each must end in a clear state and a
// clear message, never in a silent stop or a half start.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "harness.h"
#include "os/fd.h"
#include "os/signals.h"

namespace drover::testing {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// What the daemon's corruption message advises: the file with its -wal and -shm.
void move_database_aside(const fs::path& state_dir) {
  for (const char* suffix : {"", "-wal", "-shm"}) {
    fs::path file = state_dir / (std::string("drover.db") + suffix);
    if (fs::exists(file)) fs::rename(file, fs::path(file.string() + ".damaged"));
  }
}

std::string read_file(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(file)), {});
}

// Breaks the header of the table b-tree leaf page that holds `marker` (a
// page the daemon does not read at start-up): what a bad disk sector does.
void damage_page_holding(const fs::path& database, const std::string& marker) {
  std::string bytes = read_file(database);
  ASSERT_GE(bytes.size(), 100u);
  std::size_t page_size =
      (static_cast<unsigned char>(bytes[16]) << 8) | static_cast<unsigned char>(bytes[17]);
  constexpr char kTableLeafPage = 0x0D;
  for (std::size_t page = page_size; page + page_size <= bytes.size(); page += page_size) {
    std::string_view content(bytes.data() + page, page_size);
    if (content[0] != kTableLeafPage || !contains(std::string(content), marker)) continue;
    std::fstream file(database, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(page));
    file.write("\xff\xff\xff\xff\xff\xff\xff\xff", 8);
    return;
  }
  FAIL() << "no table page of " << database << " holds " << marker;
}

TEST(Operator, ANewDatabaseStartsJobIdsAboveTheJobFoldersOnDisk) {
  Harness harness;
  harness.start_daemon();
  long long last = 0;
  for (int i = 0; i < 3; ++i) {
    last = harness.run({"echo", "output of an old job"});
    harness.wait_for_state(last, {"completed"});
  }
  harness.stop_daemon();
  move_database_aside(harness.state_dir());
  harness.start_daemon();
  long long fresh = harness.run({"echo", "output of the new job"});
  EXPECT_GT(fresh, last);
  Json done = harness.wait_for_state(fresh, {"completed", "failed"});
  EXPECT_EQ(done["state"], "completed") << done.dump(2);
  CliResult logs = harness.cli({"logs", std::to_string(fresh)});
  EXPECT_TRUE(contains(logs.out, "output of the new job")) << logs.out;
  EXPECT_FALSE(contains(logs.out, "old job")) << logs.out;
  EXPECT_TRUE(contains(harness.daemon_log(), "jobs up to " + std::to_string(last)))
      << harness.daemon_log();
}

TEST(Operator, ADamagedDatabaseStopsTheStartNamingTheFileAndTheWayOut) {
  Harness harness;
  harness.start_daemon();
  std::string padding(1500, 'p');
  long long last = 0;
  for (int i = 0; i < 12; ++i) {
    std::string marker = i == 0 ? "first-job-marker" : std::to_string(i);
    last = harness.run({"echo", marker, padding});
    harness.wait_for_state(last, {"completed"});
  }
  harness.stop_daemon();
  fs::path database = harness.state_dir() / "drover.db";
  ASSERT_FALSE(fs::exists(database.string() + "-wal") && fs::file_size(database.string() + "-wal"))
      << "the stopped daemon left its WAL: the page to damage may not be in the file";
  damage_page_holding(database, "first-job-marker");

  CliResult refused = harness.cli({"daemon"}, 30s);
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  for (const std::string& word : {database.string(), std::string("damaged"),
                                  std::string("move it aside"), std::string(".recover")}) {
    EXPECT_TRUE(contains(refused.err, word)) << "no \"" << word << "\" in " << refused.err;
  }

  move_database_aside(harness.state_dir());
  harness.start_daemon();
  long long fresh = harness.run({"echo", "after the damage"});
  EXPECT_GT(fresh, last);
  EXPECT_EQ(harness.wait_for_state(fresh, {"completed", "failed"})["state"], "completed");
}

TEST(Operator, StraySignalsAreLoggedAndIgnoredAndTheOneThatStopsItIsNamed) {
  Harness harness;
  harness.start_daemon();
  std::string from = " from pid " + std::to_string(::getpid());
  for (int signal : {SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE}) {
    harness.signal_daemon(signal);
    if (signal == SIGPIPE) continue;  // ignored without a word: every closed client sends one
    EXPECT_TRUE(harness.wait_for_daemon_log("ignored " + signal_name(signal) + from))
        << harness.daemon_log();
  }
  EXPECT_EQ(harness.cli({"queues"}).exit_code, 0) << "the daemon stopped";
  harness.signal_daemon(SIGQUIT);
  EXPECT_EQ(harness.wait_for_daemon_exit(), 0);
  EXPECT_TRUE(contains(harness.daemon_log(), "received SIGQUIT" + from)) << harness.daemon_log();
}

// A TCP port of the loopback interface held open by this test.
class TakenPort {
 public:
  TakenPort() : m_socket(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    auto* generic = reinterpret_cast<sockaddr*>(&address);
    EXPECT_EQ(::bind(m_socket.get(), generic, length), 0);
    EXPECT_EQ(::listen(m_socket.get(), 1), 0);
    EXPECT_EQ(::getsockname(m_socket.get(), generic, &length), 0);
    m_port = ntohs(address.sin_port);
  }
  int port() const { return m_port; }

 private:
  UniqueFd m_socket;
  int m_port = 0;
};

TEST(Operator, DaemonStartOnATakenPortFailsWithTheDaemonsOwnError) {
  TakenPort taken;
  std::string address = "127.0.0.1:" + std::to_string(taken.port());
  Harness harness("[daemon]\nlisten = \"" + address + "\"\n[queues.default]\nparallel = 2\n");
  CliResult started = harness.cli({"daemon", "start"}, 60s);
  EXPECT_EQ(started.exit_code, 1) << started.out << started.err;
  EXPECT_FALSE(contains(started.out, "started")) << started.out;
  EXPECT_TRUE(contains(started.err, "cannot listen on " + address)) << started.err;
  EXPECT_TRUE(contains(started.err, "free the port")) << started.err;
  if (started.exit_code == 0) harness.cli({"daemon", "stop"});  // not left behind
}

TEST(Operator, AWeakTokenFileIsReplacedWithAWarningAndAStrongOneIsKept) {
  Harness harness;
  fs::path token_file = harness.state_dir() / "token";
  std::ofstream(token_file) << "abc\n";
  fs::permissions(token_file, fs::perms(0644));
  harness.start_daemon();
  std::string token;
  std::ifstream(token_file) >> token;
  EXPECT_NE(token, "abc");
  EXPECT_GE(token.size(), 32u);
  EXPECT_EQ(fs::status(token_file).permissions() & fs::perms::mask, fs::perms(0600));
  EXPECT_TRUE(contains(harness.daemon_log(), "replaced the API token")) << harness.daemon_log();

  harness.stop_daemon();
  harness.start_daemon();
  std::string kept;
  std::ifstream(token_file) >> kept;
  EXPECT_EQ(kept, token);
}

TEST(Operator, AttemptLogBytesAreTheLiveSizeWhileRunningAndWhenInterrupted) {
  Harness harness;
  harness.start_daemon();
  long long id = harness.run({"sh", "-c", "echo a line for the log; exec sleep 60"});
  harness.wait_for_state(id, {"running"});
  fs::path log = harness.attempt_dir(id, 1) / "output.log";
  std::error_code error;
  ASSERT_TRUE(wait_until([&] { return fs::file_size(log, error) > 0 && !error; }))
      << "no output in " << log;
  std::uintmax_t size = fs::file_size(log);
  EXPECT_EQ(harness.show(id)["attempts"][0]["log_bytes"], size);

  // The shim vanishes (killed with its job): the attempt is interrupted,
  // and keeps the size its log had.
  pid_t shim = harness.shim_pid(id, 1);
  ASSERT_GT(shim, 0);
  int job_group = harness.show(id)["attempts"][0].value("pid", 0);
  ::kill(shim, SIGKILL);  // first, so that it can't write exit.json
  if (job_group > 0) ::kill(-job_group, SIGKILL);
  Json interrupted = harness.wait_for_state(id, {"interrupted", "failed"});
  EXPECT_EQ(interrupted["state"], "interrupted") << interrupted.dump(2);
  EXPECT_EQ(interrupted["attempts"][0]["log_bytes"], fs::file_size(log));
}

}  // namespace
}  // namespace drover::testing
