// A fresh, empty folder under the system temp dir, removed with everything in
// it when the TempDir goes away. For tests that need real files.
#pragma once

#include <filesystem>
#include <random>
#include <string>
#include <system_error>

class TempDir {
 public:
  TempDir() {
    std::random_device random;
    std::filesystem::path base = std::filesystem::temp_directory_path();
    do {
      m_path = base / ("drover-store-test-" + std::to_string(random()) + std::to_string(random()));
    } while (!std::filesystem::create_directory(m_path));
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};
