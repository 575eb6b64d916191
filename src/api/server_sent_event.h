// The Server-Sent Events wire format (text/event-stream): what GET
// /api/events and GET /api/jobs/{id}/logs?follow=1 write.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace drover {

// "id: N\nevent: E\ndata: ...\n\n"; each line of `data` becomes a data line
// (a client joins them back with '\n').
std::string sse_event(std::string_view event, std::string_view data,
                      std::optional<std::uint64_t> id = std::nullopt);
// ": text\n\n", ignored by clients; keeps proxies and idle timers from closing.
std::string sse_comment(std::string_view text);
// "retry: N\n\n": how long an EventSource waits before reconnecting.
std::string sse_retry(int milliseconds);

}  // namespace drover
