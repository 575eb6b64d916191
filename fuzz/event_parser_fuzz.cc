// libFuzzer target for everything that reads protocol text another process
// wrote: the `@drover ...` lines of a job (any bytes at all), events.jsonl
// records and the shim files (possibly half-written). None may crash, hang
// or trip a sanitizer; what a parser accepts must also survive a round trip
// through its formatter (the shim writes what it parsed, the daemon reads it
// back).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "protocol/attempt_record.h"
#include "protocol/event_parser.h"
#include "protocol/event_record.h"
#include "protocol/shim_files.h"

namespace drover {
namespace {

constexpr Millis kNow = 1'795'948'200'123;  // 2026-11-29T10:30:00.123Z

[[noreturn]] void fail(std::string_view what, std::string_view detail) {
  std::fprintf(stderr, "%.*s: %.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

bool is_valid_utf8(std::string_view text) {
  try {
    (void)Json(std::string(text)).dump();
    return true;
  } catch (const Json::type_error&) {
    return false;
  }
}

// An event line the shim accepted must read back from events.jsonl as the
// same event (strings equal unless invalid UTF-8 had to be replaced).
void check_event_line(std::string_view line) {
  auto event = parse_event_line(line, kNow);
  if (!event) return;
  std::string record = format_event_record(*event);
  auto read_back = parse_event_record(record);
  if (!read_back) fail("an accepted event line does not read back", read_back.error().message);
  if (is_valid_utf8(line) && !(*read_back == *event)) {
    fail("an event line reads back changed", record);
  }
}

// A shim file a parser accepted must format into text the parser accepts.
template <typename Parse, typename Format>
void check_shim_file(std::string_view text, Parse parse, Format format, std::string_view name) {
  auto parsed = parse(text);
  if (!parsed) return;
  std::string formatted = format(*parsed);
  if (auto again = parse(formatted); !again) fail(name, again.error().message);
}

}  // namespace
}  // namespace drover

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace drover;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_event_line(text);
  // Most inputs lack the prefix; this way each also reaches the kind parsers.
  check_event_line(std::string(kEventLinePrefix) + std::string(text));
  (void)parse_event_record(text);
  check_shim_file(text, parse_spec, format_spec, "spec.json");
  check_shim_file(text, parse_claim, format_claim, "attempt.record claim");
  (void)parse_record_claim(text);
  (void)parse_record_exit(text);
  check_shim_file(text, parse_exit, format_exit, "exit.json");
  return 0;
}
