// A real daemon with its TCP listener on a free loopback port (it writes
// the address it bound to <state>/address) and an ApiClient holding the
// token from <state>/token: what a browser or a script on this machine sees.
#pragma once

#include <fstream>

#include <gtest/gtest.h>

#include "harness.h"
#include "http_client.h"

namespace drover::testing {

inline std::string tcp_config(const std::string& extra = "") {
  return "[daemon]\nlisten = \"127.0.0.1:0\"\n[queues.default]\nparallel = 4\n" + extra;
}

inline std::string read_first_word(const std::filesystem::path& path) {
  std::string word;
  std::ifstream(path) >> word;
  return word;
}

class ApiDaemon {
 public:
  explicit ApiDaemon(const std::string& extra_config = "") : harness(tcp_config(extra_config)) {
    harness.start_daemon();
    EXPECT_TRUE(wait_until([this] { return !address().empty(); }, std::chrono::seconds(10)))
        << "the daemon wrote no address file";
    api = ApiClient(address(), read_first_word(harness.state_dir() / "token"));
  }

  std::string address() const { return read_first_word(harness.state_dir() / "address"); }

  Harness harness;
  ApiClient api{"", ""};
};

}  // namespace drover::testing
