// A text table with aligned columns, as `drover ls`, `queues` and `show`
// print them. Widths count characters on screen (UTF-8 code points), not
// bytes; colors are applied after padding so escapes never break alignment.
// When the table is wider than the terminal, the columns with a `shrink`
// rank give up width (rank 1 first, down to min_width, then rank 2...) and
// their long cells end in "…".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/color.h"

namespace drover::cli {

struct Cell {
  std::string text;
  Color color = Color::none;
};

struct Column {
  std::string header;
  bool align_right = false;
  int shrink = 0;             // 0: never cut; else the order in which columns give up width
  std::size_t min_width = 4;  // a shrinking column keeps at least this many characters
};

struct TableStyle {
  std::size_t max_width = 0;  // 0: no limit (not a terminal)
  bool color = false;
  bool header = true;
  std::string gap = "  ";
};

// Characters on screen: UTF-8 code points.
std::size_t display_width(std::string_view text);

// `text` cut to `width` characters, the last one "…" when anything was cut.
std::string truncate_to_width(std::string_view text, std::size_t width);

class Table {
 public:
  explicit Table(std::vector<Column> columns) : m_columns(std::move(columns)) {}

  // A row has one cell per column; missing cells are empty.
  void add_row(std::vector<Cell> cells);
  bool empty() const { return m_rows.empty(); }

  // All lines, each ending in '\n', trailing spaces removed.
  std::string render(const TableStyle& style) const;

 private:
  int max_shrink_rank() const;
  std::vector<std::size_t> fit_widths(std::size_t max_width, std::size_t gap) const;
  std::string render_row(const std::vector<Cell>& cells, const std::vector<std::size_t>& widths,
                         const TableStyle& style) const;

  std::vector<Column> m_columns;
  std::vector<std::vector<Cell>> m_rows;
};

}  // namespace drover::cli
