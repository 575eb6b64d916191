// events.jsonl: the shim appends one JSON object per event and line; the
// daemon follows the file and reads them back.
//
//   {"seq":3,"at":"2026-11-24T10:30:00.123Z","kind":"progress","current":154,
//    "total":245,"item":"infrastructure-apo-platform"}
//
// Only the fields that mean something for the kind are written. A reader
// must take only complete lines (ending in '\n'): the last one may still be
// being written.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "protocol/job_event.h"

namespace drover {

// One line of events.jsonl, with its trailing newline.
std::string format_event_record(const JobEvent& event);

// Parses one line (with or without its newline).
Result<JobEvent> parse_event_record(std::string_view line);

}  // namespace drover
