#include "cli/table.h"

#include <algorithm>
#include <numeric>

#include "cli/visible_text.h"

namespace drover::cli {
namespace {

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string pad(std::string_view text, std::size_t width, bool align_right) {
  std::size_t shown = display_width(text);
  std::string spaces(width > shown ? width - shown : 0, ' ');
  return align_right ? spaces + std::string(text) : std::string(text) + spaces;
}

void trim_trailing_spaces(std::string& line) {
  while (!line.empty() && line.back() == ' ') line.pop_back();
}

}  // namespace

std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !is_continuation_byte(c); }));
}

std::string truncate_to_width(std::string_view text, std::size_t width) {
  if (display_width(text) <= width) return std::string(text);
  if (width == 0) return "";
  std::size_t kept = 0;
  std::size_t end = 0;
  while (end < text.size()) {
    std::size_t next = end + 1;
    while (next < text.size() && is_continuation_byte(text[next])) ++next;
    if (kept + 1 == width) break;  // room left only for the ellipsis
    ++kept;
    end = next;
  }
  return std::string(text.substr(0, end)) + "…";
}

void Table::add_row(std::vector<Cell> cells) {
  cells.resize(m_columns.size());
  // Cells carry job text (items, messages, errors): never raw escapes on a terminal.
  for (Cell& cell : cells) cell.text = visible_text(cell.text);
  m_rows.push_back(std::move(cells));
}

int Table::max_shrink_rank() const {
  int rank = 0;
  for (const Column& column : m_columns) rank = std::max(rank, column.shrink);
  return rank;
}

std::vector<std::size_t> Table::fit_widths(std::size_t max_width, std::size_t gap) const {
  std::vector<std::size_t> widths(m_columns.size());
  for (std::size_t c = 0; c < m_columns.size(); ++c) {
    widths[c] = display_width(m_columns[c].header);
    for (const auto& row : m_rows) widths[c] = std::max(widths[c], display_width(row[c].text));
  }
  if (max_width == 0) return widths;
  std::size_t gaps = gap * (m_columns.size() - 1);
  auto total = [&] { return std::accumulate(widths.begin(), widths.end(), gaps); };
  // Take one character at a time from the widest column of the lowest rank.
  for (int rank = 1; rank <= max_shrink_rank() && total() > max_width; ++rank) {
    while (total() > max_width) {
      std::size_t widest = m_columns.size();
      for (std::size_t c = 0; c < m_columns.size(); ++c) {
        if (m_columns[c].shrink != rank || widths[c] <= m_columns[c].min_width) continue;
        if (widest == m_columns.size() || widths[c] > widths[widest]) widest = c;
      }
      if (widest == m_columns.size()) break;  // this rank has nothing left to give
      --widths[widest];
    }
  }
  return widths;
}

std::string Table::render_row(const std::vector<Cell>& cells,
                              const std::vector<std::size_t>& widths,
                              const TableStyle& style) const {
  std::string line;
  for (std::size_t c = 0; c < m_columns.size(); ++c) {
    if (c > 0) line += style.gap;
    std::string text = truncate_to_width(cells[c].text, widths[c]);
    std::string padded = pad(text, widths[c], m_columns[c].align_right);
    if (cells[c].color == Color::none || !style.color) {
      line += padded;
    } else {
      // Paint the text only, so the padding stays plain.
      std::size_t spaces = padded.size() - text.size();
      std::string painted = paint(text, cells[c].color, true);
      line += m_columns[c].align_right ? std::string(spaces, ' ') + painted
                                       : painted + std::string(spaces, ' ');
    }
  }
  trim_trailing_spaces(line);
  return line + "\n";
}

std::string Table::render(const TableStyle& style) const {
  std::vector<std::size_t> widths = fit_widths(style.max_width, display_width(style.gap));
  std::string out;
  if (style.header) {
    std::vector<Cell> header;
    for (const Column& column : m_columns) header.push_back({column.header, Color::none});
    out += render_row(header, widths, style);
  }
  for (const auto& row : m_rows) out += render_row(row, widths, style);
  return out;
}

}  // namespace drover::cli
