#include "exec/progress_history.h"

#include <fcntl.h>

#include <string>
#include <string_view>

#include "os/fd.h"
#include "protocol/event_record.h"

namespace drover {
namespace {

// Files up to this size are read whole (a few thousand records).
constexpr std::uint64_t kWholeFileBytes = 256 * 1024;
// A sampled window: enough for a few complete records.
constexpr std::size_t kWindowBytes = 4096;

// Reads the progress points of the complete lines in `text`; `total`
// carries what the earlier lines said the total was.
class PointReader {
 public:
  void read_lines(std::string_view text, bool skip_first_partial, std::vector<ProgressPoint>& out) {
    std::size_t start = 0;
    if (skip_first_partial) {
      start = text.find('\n');
      if (start == std::string_view::npos) return;
      ++start;
    }
    for (std::size_t end; (end = text.find('\n', start)) != std::string_view::npos;
         start = end + 1) {
      read_line(text.substr(start, end - start), out);
    }
  }

 private:
  void read_line(std::string_view line, std::vector<ProgressPoint>& out) {
    auto event = parse_event_record(line);
    if (!event) return;
    if (event->kind == EventKind::total) m_total = event->total;
    if (event->kind != EventKind::progress) return;
    if (event->total) m_total = event->total;
    if (event->current) m_current = *event->current;
    out.push_back({event->at, m_current, m_total});
  }

  std::int64_t m_current = 0;
  std::optional<std::int64_t> m_total;
};

std::string read_window(int fd, std::uint64_t offset, std::size_t bytes) {
  std::string text(bytes, '\0');
  std::size_t filled = 0;
  while (filled < bytes) {
    auto outcome =
        read_some_at(fd, offset + filled, std::span(text.data() + filled, bytes - filled));
    if (!outcome || outcome->end_of_file) break;
    filled += outcome->bytes;
  }
  text.resize(filled);
  return text;
}

// Every `step`-th point, and the last one.
std::vector<ProgressPoint> thin(std::vector<ProgressPoint> points, std::size_t max_points) {
  if (points.size() <= max_points || max_points < 2) return points;
  std::vector<ProgressPoint> kept;
  double step = static_cast<double>(points.size() - 1) / static_cast<double>(max_points - 1);
  for (std::size_t i = 0; i < max_points; ++i) {
    kept.push_back(points[static_cast<std::size_t>(static_cast<double>(i) * step)]);
  }
  kept.back() = points.back();
  return kept;
}

// One point from each of `max_points` windows spread over the file, then
// the last point of its end.
std::vector<ProgressPoint> sample(int fd, std::uint64_t size, std::size_t max_points) {
  PointReader reader;
  std::vector<ProgressPoint> points;
  for (std::size_t i = 0; i + 1 < max_points; ++i) {
    std::uint64_t offset = size * i / max_points;
    std::vector<ProgressPoint> window;
    reader.read_lines(read_window(fd, offset, kWindowBytes), offset > 0, window);
    if (!window.empty()) points.push_back(window.front());
  }
  std::vector<ProgressPoint> end;
  std::uint64_t tail = size > kWindowBytes ? size - kWindowBytes : 0;
  reader.read_lines(read_window(fd, tail, kWindowBytes), tail > 0, end);
  if (!end.empty()) points.push_back(end.back());
  return points;
}

}  // namespace

std::vector<ProgressPoint> read_progress_history(const std::filesystem::path& events_file,
                                                 std::size_t max_points) {
  auto file = open_file(events_file, O_RDONLY | O_NOFOLLOW);
  if (!file) return {};
  std::error_code error;
  std::uint64_t size = std::filesystem::file_size(events_file, error);
  if (error) return {};
  if (size > kWholeFileBytes) return sample(file->get(), size, max_points);
  std::vector<ProgressPoint> points;
  PointReader().read_lines(read_window(file->get(), 0, size), false, points);
  return thin(std::move(points), max_points);
}

}  // namespace drover
