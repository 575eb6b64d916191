// GET /api/events: every job change as Server-Sent Events (event_feed.h).
#include "api/event_feed.h"
#include "api/routes.h"

namespace drover {
namespace {

// The Last-Event-ID header, or ?last_event_id= (for a client that cannot
// set headers). An id that is not a number is one we never sent: it gets
// a reset, like an id too old to replay.
std::optional<std::uint64_t> last_event_id(const HttpRequest& request) {
  std::string text = request.header("last-event-id");
  if (text.empty()) text = request.query_value("last_event_id").value_or("");
  if (text.empty()) return std::nullopt;
  auto id = parse_non_negative(text, "Last-Event-ID");
  return id ? static_cast<std::uint64_t>(*id) : 0;
}

}  // namespace

void add_event_routes(Router& router, EventFeed& feed) {
  router.add("GET", "/api/events", [&feed](HttpRequest& request, Responder respond) {
    respond(HttpResponse::event_stream([&feed, last = last_event_id(request)](auto stream) {
      feed.subscribe(std::move(stream), last);
    }));
  });
}

}  // namespace drover
