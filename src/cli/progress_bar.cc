#include "cli/progress_bar.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "cli/humanize.h"
#include "cli/table.h"

namespace drover::cli {
namespace {

constexpr std::size_t kDefaultCells = 24;

// "154/245  63%  2 failed  0.1/s  ETA ~15 min" — everything but the bar and the item.
std::string progress_figures(const Progress& progress) {
  std::string text = progress.total ? fmt::format("{}/{}", humanize_count(progress.current),
                                                  humanize_count(*progress.total))
                                    : humanize_count(progress.current);
  if (auto percent = percent_done(progress)) text += fmt::format("  {}%", *percent);
  if (progress.items_failed > 0) {
    text += fmt::format("  {} failed", humanize_count(progress.items_failed));
  }
  if (progress.rate) text += "  " + humanize_rate(*progress.rate);
  // Watching the last minute go by, seconds say more than "< 1 min".
  if (progress.eta_seconds) {
    text += *progress.eta_seconds < 60 ? fmt::format("  ETA {} s", *progress.eta_seconds)
                                       : "  ETA " + humanize_eta(*progress.eta_seconds);
  }
  return text;
}

}  // namespace

std::optional<int> percent_done(const Progress& progress) {
  std::optional<double> exact = progress.percentage();
  if (!exact) return std::nullopt;
  int rounded = static_cast<int>(std::lround(*exact));
  if (progress.total && progress.current < *progress.total) rounded = std::min(rounded, 99);
  return std::clamp(rounded, 0, 100);
}

std::string progress_fraction(const Progress& progress, bool with_percent) {
  if (progress.current == 0 && !progress.total) return "";
  if (!progress.total) return std::to_string(progress.current);
  std::string text = fmt::format("{}/{}", progress.current, *progress.total);
  if (auto percent = percent_done(progress); percent && with_percent) {
    text += fmt::format(" ({}%)", *percent);
  }
  return text;
}

std::string progress_bar(double fraction, std::size_t cells, bool ascii) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  auto filled = static_cast<std::size_t>(std::floor(fraction * static_cast<double>(cells)));
  std::string bar = "[";
  for (std::size_t i = 0; i < cells; ++i) {
    if (ascii) {
      bar += i < filled ? '#' : '-';
    } else {
      bar += i < filled ? "█" : "░";
    }
  }
  return bar + "]";
}

std::string progress_summary(const Progress& progress) {
  std::string text = progress_figures(progress);
  const std::string& item = progress.item.empty() ? progress.message : progress.item;
  if (!item.empty()) text += "  " + item;
  return text;
}

std::string progress_line(const Progress& progress, std::size_t width, bool ascii) {
  std::string figures = progress_figures(progress);
  std::string line;
  if (auto percent = progress.percentage()) {
    double fraction = *percent / 100.0;
    std::size_t cells = kDefaultCells;
    // Narrow terminals: the figures matter more than a long bar.
    if (width > 0 && width < figures.size() + kDefaultCells + 4) {
      cells = width > figures.size() + 12 ? width - figures.size() - 4 : 0;
    }
    if (cells > 0) line = progress_bar(fraction, cells, ascii) + "  ";
  }
  line += progress_summary(progress);
  return width > 0 ? truncate_to_width(line, width) : line;
}

}  // namespace drover::cli
