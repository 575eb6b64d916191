// libFuzzer target for the shim's Redactor: any line a job prints must be
// redacted without a crash, a hang or a sanitizer report, with and without
// user patterns. (Redacting twice is not always a no-op: a mask can swallow
// the '@' or ',' that ended what an earlier pass read, so a second run may
// read the rest differently. It only ever adds masks.)
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "shim/redactor.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static drover::Redactor built_ins;
  static drover::Redactor with_patterns({"ghp_[A-Za-z0-9]+", "token=\\S+", "\\bpin \\d{4}\\b"});
  std::string_view line(reinterpret_cast<const char*>(data), size);
  (void)built_ins.redact(line);
  (void)with_patterns.redact(line);
  return 0;
}
