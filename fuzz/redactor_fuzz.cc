// libFuzzer target for the shim's Redactor: any line a job prints must be
// redacted without a crash, a hang or a sanitizer report, and redacting
// twice must change nothing (a mask never uncovers or creates a secret).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "shim/redactor.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static drover::Redactor redactor({"ghp_[A-Za-z0-9]+", "token=\\S+", "\\bpin \\d{4}\\b"});
  std::string_view line(reinterpret_cast<const char*>(data), size);
  std::string once(redactor.redact(line));
  std::string_view twice = redactor.redact(once);
  if (twice != once) {
    std::fprintf(stderr, "redacting twice changed\n  %s\ninto\n  %.*s\n", once.c_str(),
                 static_cast<int>(twice.size()), twice.data());
    std::abort();
  }
  return 0;
}
