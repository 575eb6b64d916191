// A fresh, empty folder under the system temp dir for a test, removed with
// everything in it when the TestDir goes away (unless kept, for a failed
// test's files to be looked at). The one temp folder of every test.
// Test-only.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace drover {

class TestDir {
 public:
  explicit TestDir(const std::string& prefix = "drover-test") {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("cannot create a folder like " + pattern);
    }
    m_path = pattern;
  }
  ~TestDir() {
    if (m_keep) return;
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  TestDir(const TestDir&) = delete;
  TestDir& operator=(const TestDir&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  // Leaves the folder behind (say so in the test's output).
  void keep() { m_keep = true; }

 private:
  std::filesystem::path m_path;
  bool m_keep = false;
};

}  // namespace drover
